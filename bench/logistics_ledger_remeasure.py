"""Re-measure the stores ledger pages on the database ``bench/logistics_ledger.py`` left behind
(it is kept after a run): no generation, so a change to a page can be measured in a minute.
Prints, per page: wall ms (median, p95), the Django process's CPU ms (median: on a shared machine
this moves less than wall time), queries, and the database's own execution time of each query
(EXPLAIN ANALYZE, ms). ``--profile NAME`` prints the top of a cProfile of that page.

    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/logistics_ledger_remeasure.py [--runs 21]"""

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/houqin_stores_ledger_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("HOUQIN_VAR_DIR", "/tmp/houqin-bench-logistics")


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--profile", default="")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--plans", action="store_true", help="print the plan of each query over 5 ms")
    options = parser.parse_args()
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

    from campus.middleware import SESSION_KEY as CAMPUS_KEY
    from campus.models import Campus, StaffMember
    from logistics.models import Item, StockMove, Store

    campus = Campus.objects.get(code="bench")
    director = StaffMember.objects.get(user__username="bench-director").user
    client = Client()
    client.force_login(director)
    session = client.session
    session[CAMPUS_KEY] = campus.pk
    session.save()
    store = Store.objects.filter(campus=campus).order_by("pk").first()
    item = Item.objects.filter(campus=campus, default_store=store, tracks_lots=False).order_by("pk").first()
    today = timezone.localdate()
    month_first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month_last = today.replace(day=1) - dt.timedelta(days=1)
    pages = {
        "balance_list": f"/logistics/stores/{store.pk}/",
        "item_card": f"/logistics/items/{item.pk}/",
        "ledger_month_store_category": f"/logistics/ledger/?first={month_first}&last={month_last}&store={store.pk}&category=office",
    }
    total = StockMove.objects.filter(campus=campus).count()
    emit("logistics.remeasure.moves", total, "moves")
    for name, url in pages.items():
        client.get(url)
        walls, cpus = [], []
        for _ in range(options.runs):
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        walls.sort()
        p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
        db_ms = []
        if options.explain:
            with connection.cursor() as cursor:
                for query in captured.captured_queries:
                    sql = query["sql"]
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    db_ms.append(round(cursor.fetchone()[0][0]["Execution Time"], 2))
                    if options.plans and db_ms[-1] > 5:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                        print(sql[:300], "\n".join(row[0] for row in cursor.fetchall()), sep="\n", file=sys.stderr)
        emit(f"logistics.{name}", round(statistics.median(walls), 1), "ms",
             f"p95 {p95:.1f} ms; CPU {statistics.median(cpus):.1f} ms; {len(captured)} queries"
             + (f"; database {sum(db_ms):.1f} ms ({', '.join(map(str, db_ms))})" if db_ms else ""))
        if options.profile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
