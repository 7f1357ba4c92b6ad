"""Benchmark: the asset register at 20,000 assets. Prints JSON lines {"metric", "value", "unit", "baseline"}.

    .venv/bin/python bench/assets_register.py                      # a throwaway SQLite file
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/houqin_bench_assets .venv/bin/python bench/assets_register.py

(the PostgreSQL database is created if missing and emptied first). Measured: the register page, a place's
list and a 200-label count reconciliation (queries, and the median of 5 requests: goal ≤ 100 ms each on
PostgreSQL, the same number of queries whatever the size), and a 1,000-label QR sheet as a PDF (time,
pages per second)."""

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="houqin-bench-")
PG = os.environ.get("BENCH_DATABASE_URL", "")
os.environ["DATABASE_URL"] = PG or f"sqlite:///{TMP}/bench.sqlite3"
os.environ["HOUQIN_VAR_DIR"] = TMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

if PG and not os.environ.get("BENCH_KEEP"):  # a fresh database each run (BENCH_KEEP=1: reuse it, for profiling)
    import psycopg

    name = PG.rsplit("/", 1)[1]
    with psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = ["*"]

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from assets import labels, services  # noqa: E402
from assets.choices import LifeClass, TopCategory  # noqa: E402
from assets.models import Asset, AssetSettings, Category  # noqa: E402
from campus.models import Campus, Place, StaffMember  # noqa: E402
from campus.roles import Role  # noqa: E402

ASSETS = int(os.environ.get("BENCH_ASSETS", "20000"))  # smaller for a quick try
PLACES = 50
SCANS = 200
LABELS = 1_000


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def build():
    call_command("migrate", verbosity=0)
    campus = Campus.objects.create(code="bench", name="基准幼儿园")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench-assets", password="x")
    user.groups.add(Group.objects.get(name=Role.ASSETS.value))
    staff = StaffMember.objects.create(user=user, name="冯老师")
    staff.campuses.add(campus)
    places = [Place.objects.create(campus=campus, name=f"教室{i:02d}", kind="classroom") for i in range(PLACES)]
    categories = [Category.objects.create(campus=campus, top=TopCategory.GENERAL, name=f"类别{i}", life_class=LifeClass.OFFICE) for i in range(20)]
    rules = AssetSettings.for_campus(campus)
    today = timezone.localdate()
    rows = []
    for n in range(1, ASSETS + 1):
        category = categories[n % len(categories)]
        value = Decimal(500 + (n * 37) % 9000)
        rows.append(Asset(
            campus=campus, sequence=n, code=f"BENCH-{n:05d}", name=f"资产{n}", category=category, place=places[n % PLACES],
            purchased_on=today - dt.timedelta(days=n % 3000), value=value, quantity=1, custodian=staff if n % 3 else None,
            is_low_value=value < rules.threshold_general,
        ))
    Asset.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load in a live database. Without statistics the planner
        # took the 20,000 fresh rows for 15, hash-joined all of them and sorted for the first 50 (335 ms
        # for the register page's query, against 0.5 ms walking the (campus, sequence) index).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campus, user, places


class QueryCounter:
    """Counts the SQL statements run on the default connection with DEBUG off: an execute wrapper sees
    every statement, whatever the debug cursor and ``queries_log`` do. (CaptureQueriesContext around the
    request printed 0 here: it counts the growth of ``connection.queries_log``, a deque capped at 9,000
    entries, which stops growing once full.)"""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def timed(client, url, repeat=5):
    client.get(url, secure=True)  # warm (secure: the session cookie is Secure outside DEBUG)
    with QueryCounter() as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return queries.count, round(statistics.median(times), 1), round(statistics.median(cpu), 1)


def main():
    engine = "postgresql" if PG else "sqlite"
    start = time.perf_counter()
    campus, user, places = build()
    emit("assets.build_20000", round(time.perf_counter() - start, 1), "s")
    client = Client()
    client.force_login(user)
    for label, url in (("register_page", "/assets/"), ("register_page_filtered", f"/assets/?place={places[3].pk}&q=资产1"),
                       ("place_list_400", f"/assets/places/{places[7].pk}/")):
        queries, ms, cpu = timed(client, url)
        emit(f"assets.{label}.{engine}", ms, "ms", 100)
        emit(f"assets.{label}.cpu_ms", cpu, "ms")  # this process only: compare these on a busy machine
        emit(f"assets.{label}.queries", queries, "queries")
    place = places[11]
    count = services.start_count(campus, place=place, user=user)
    here = list(Asset.objects.filter(place=place).order_by("sequence").values_list("code", flat=True)[: SCANS - 20])
    elsewhere = list(Asset.objects.exclude(place=place).order_by("sequence").values_list("code", flat=True)[:20])
    for code in here + elsewhere:
        services.scan(count, code, user=user)
    queries, ms, cpu = timed(client, f"/assets/counts/{count.pk}/")
    emit(f"assets.count_reconciliation_{SCANS}.{engine}", ms, "ms", 100)
    emit(f"assets.count_reconciliation_{SCANS}.cpu_ms", cpu, "ms")
    emit(f"assets.count_reconciliation_{SCANS}.queries", queries, "queries")
    with QueryCounter() as captured:
        result = services.reconcile(count)
    emit("assets.reconcile_service.queries", captured.count, "queries")
    emit("assets.reconcile_service.differences", result.differences, "assets")
    assets = list(Asset.objects.select_related("campus").order_by("sequence")[:LABELS])
    start, start_cpu = time.perf_counter(), time.process_time()
    pages = labels.sheet_pages(assets)
    qr_seconds = time.perf_counter() - start
    content = labels.sheet_pdf(pages)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    emit(f"assets.labels_{LABELS}.pdf_seconds", round(seconds, 2), "s")
    emit(f"assets.labels_{LABELS}.pdf_cpu_s", round(cpu_seconds, 2), "s")
    emit(f"assets.labels_{LABELS}.qr_seconds", round(qr_seconds, 2), "s")
    emit(f"assets.labels_{LABELS}.pages", len(pages), "pages")
    emit(f"assets.labels_{LABELS}.pages_per_second", round(len(pages) / seconds, 1), "pages/s")
    emit(f"assets.labels_{LABELS}.pdf_size", round(len(content) / 1024), "KiB")


if __name__ == "__main__":
    main()
