"""Benchmark: the stores ledger at scale on PostgreSQL -- 5,000 items and about a million moves
(three years), then a store's balance list, an item's card and a month of the ledger register:
queries (constant) and milliseconds (goal ≤ 100 ms), and the balance list at 10k moves against 1M
(goal: ratio ≤ 1.5, because the page reads the balance rows, never the history).

    .venv/bin/python bench/logistics_ledger.py [--items 5000] [--moves 1000000]

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/houqin_stores_ledger_bench,
created when missing, emptied first). Moves are bulk-generated with COPY (append-only: the
database triggers stay on; COPY inserts); the balance table is then derived from the moves in one
INSERT ... SELECT ... GROUP BY, so it is consistent by construction, and the bench checks it.
Prints JSON lines {"metric", "value", "unit", "baseline"}."""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/houqin_stores_ledger_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("HOUQIN_VAR_DIR", "/tmp/houqin-bench-logistics")


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def ensure_database():
    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    args = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", "--if-exists", *args, name], check=True)
    subprocess.run(["createdb", *args, name], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--moves", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    options = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from campus.choices import PlaceKind
    from campus.middleware import SESSION_KEY as CAMPUS_KEY
    from campus.models import Campus, Place
    from campus.roles import Role
    from logistics.choices import ItemCategory, MoveKind
    from logistics.models import Balance, Item, Lot, StockMove, Store
    from tests.factories import make_staff

    rng = random.Random(12)
    campus = Campus.objects.create(code="bench", name="压测幼儿园")
    director = make_staff(Role.DIRECTOR, campus, username="bench-director").user
    stores = []
    for name in ("总务仓库", "食品库房", "保健室"):
        place = Place.objects.create(campus=campus, name=name, kind=PlaceKind.STORE)
        stores.append(Store.objects.create(campus=campus, place=place, name=name))
    categories = list(ItemCategory.values)
    items = Item.objects.bulk_create([
        Item(campus=campus, name=f"物品{n:05d}", specification=f"规格{n % 17}", category=categories[n % len(categories)],
             unit="个", minimum=Decimal(rng.choice([0, 5, 10, 20])), default_store=stores[n % 3], price=Decimal("3.50"),
             tracks_lots=n % 7 == 0, expiry_required=n % 7 == 0)
        for n in range(options.items)
    ])
    today = timezone.localdate()
    start = today - dt.timedelta(days=3 * 365)
    lots = {}
    lot_rows = []
    for item in items:
        if item.tracks_lots:
            for k in range(3):
                lot_rows.append(Lot(item=item, code=f"L{k}", expires_on=today + dt.timedelta(days=rng.randint(-20, 400)),
                                    received_on=start))
    for lot in Lot.objects.bulk_create(lot_rows):
        lots.setdefault(lot.item_id, []).append(lot.pk)

    columns = ("campus_id", "store_id", "item_id", "lot_id", "kind", "day", "quantity", "unit_cost", "value", "reason",
               "to_text", "purpose", "dilution", "keeper_override", "created_by_id", "created_at")
    made = {"n": 0}

    def generate(count, first_day, last_day):
        """``count`` moves between the days: per item a receipt, then issues that never go below zero."""
        span = (last_day - first_day).days or 1
        per_item = max(2, count // len(items))
        now = timezone.now()
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY logistics_stockmove ({', '.join(columns)}) FROM STDIN") as copy:
            written = 0
            for item in items:
                if written >= count:
                    break
                store_id = item.default_store_id
                lot_ids = lots.get(item.pk, [None])
                stock = dict.fromkeys(lot_ids, 0)
                n = min(per_item, count - written)
                for k in range(n):
                    day = first_day + dt.timedelta(days=span * k // n)
                    lot = lot_ids[k % len(lot_ids)]
                    if stock[lot] < 5:
                        quantity = 50
                        kind, reason = MoveKind.RECEIPT, "采购入库"
                    else:
                        quantity = -rng.randint(1, 4)
                        kind, reason = MoveKind.ISSUE, "班级领用"
                    stock[lot] += quantity
                    copy.write_row((campus.pk, store_id, item.pk, lot, kind, day, quantity, "3.5000",
                                    f"{quantity * Decimal('3.50'):.2f}", reason, "小一班" if quantity < 0 else "", "", "", "",
                                    director.pk, now))
                written += n
            made["n"] += written

    def derive_balances():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM logistics_balance")
            cursor.execute("""
                INSERT INTO logistics_balance (store_id, item_id, lot_id, quantity, value, updated_at)
                SELECT store_id, item_id, lot_id, SUM(quantity), SUM(value), now() FROM logistics_stockmove
                GROUP BY store_id, item_id, lot_id""")
        # after a bulk load, as autovacuum does on a table that has grown by inserts (PostgreSQL 13+):
        # statistics, and the visibility map that lets a count read the index alone
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE logistics_stockmove")
            cursor.execute("VACUUM ANALYZE logistics_balance")
            cursor.execute("ANALYZE")

    def consistent() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("""
                SELECT COUNT(*) FROM logistics_balance b FULL JOIN (
                    SELECT store_id, item_id, lot_id, SUM(quantity) q FROM logistics_stockmove GROUP BY 1, 2, 3) m
                ON b.store_id = m.store_id AND b.item_id = m.item_id AND b.lot_id IS NOT DISTINCT FROM m.lot_id
                WHERE b.quantity IS DISTINCT FROM m.q""")
            return cursor.fetchone()[0] == 0

    client = Client()
    client.force_login(director)
    session = client.session
    session[CAMPUS_KEY] = campus.pk
    session.save()

    def measure(url, runs=21):
        client.get(url)  # warm
        times, queries = [], None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        p95[url] = sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        return statistics.median(times), queries

    p95 = {}

    store = stores[0]
    item = next(i for i in items if i.default_store_id == store.pk and not i.tracks_lots)
    month_first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month_last = today.replace(day=1) - dt.timedelta(days=1)
    pages = {
        "balance_list": f"/logistics/stores/{store.pk}/",
        "item_card": f"/logistics/items/{item.pk}/",
        "ledger_month_store_category": f"/logistics/ledger/?first={month_first}&last={month_last}&store={store.pk}&category=office",
    }

    started = time.perf_counter()
    generate(options.small, start, today)
    derive_balances()
    emit("logistics.generate_small", round(time.perf_counter() - started, 1), "s", f"{made['n']} moves")
    small = {name: measure(url) for name, url in pages.items()}
    for name, (ms, queries) in small.items():
        emit(f"logistics.{name}.at_{made['n']}_moves", round(ms, 1), "ms",
             f"median; p95 {p95[pages[name]]:.1f} ms; {queries} queries")

    started = time.perf_counter()
    generate(options.moves - made["n"], start, today)
    derive_balances()
    total = StockMove.objects.count()
    emit("logistics.generate_large", round(time.perf_counter() - started, 1), "s", f"{total} moves")
    emit("logistics.balance_consistent", consistent(), "bool", f"{Balance.objects.count()} balance rows")
    large = {name: measure(url) for name, url in pages.items()}
    for name, (ms, queries) in large.items():
        emit(f"logistics.{name}.at_{total}_moves", round(ms, 1), "ms",
             f"median; p95 {p95[pages[name]]:.1f} ms; {queries} queries (goal ≤ 100 ms)")
        emit(f"logistics.{name}.queries_constant", queries == small[name][1], "bool", f"{small[name][1]} → {queries}")
    ratio = large["balance_list"][0] / small["balance_list"][0]
    emit("logistics.balance_list.ratio_1m_vs_10k", round(ratio, 2), "x", "goal ≤ 1.5")
    full_month = measure(f"/logistics/ledger/?first={month_first}&last={month_last}", runs=1)
    rows = StockMove.objects.filter(campus=campus, day__range=(month_first, month_last)).count()
    emit("logistics.ledger_month_all_stores", round(full_month[0], 1), "ms", f"{rows} rows, {full_month[1]} queries (the page shows the first 100, with the count)")


if __name__ == "__main__":
    main()
