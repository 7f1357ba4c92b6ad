"""Benchmark: the dismissal peak on PostgreSQL. 400 children handed over through three phones (three
threads, each its own connection), then the "not yet picked up" list of the campus. Prints JSON lines
{"metric", "value", "unit", "baseline"}.

PostgreSQL only (the issue's goal is measured there): ``DATABASE_URL`` must point at a PostgreSQL
server; the script creates and drops its own database ``<name>_bench`` next to it. Goals: a handover in
a constant number of queries and ≤ 100 ms; the not-picked-up list ≤ 50 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/houqin_safety_gate .venv/bin/python bench/safety_dismissal.py
"""

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASE = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/houqin_safety_gate")
if not BASE.startswith("postgres"):
    sys.exit("bench/safety_dismissal.py measures PostgreSQL: set DATABASE_URL=postgres://...")
URL = urlparse(BASE)
BENCH_DB = URL.path.lstrip("/") + "_bench"
os.environ["DATABASE_URL"] = URL._replace(path="/" + BENCH_DB).geturl()
os.environ["HOUQIN_VAR_DIR"] = tempfile.mkdtemp(prefix="houqin-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg  # noqa: E402

ADMIN = URL._replace(path="/postgres").geturl()
with psycopg.connect(ADMIN, autocommit=True) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin.execute(f'CREATE DATABASE "{BENCH_DB}"')

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

settings.DEBUG = False

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scale_data import generate  # noqa: E402

CHILDREN = 400
PHONES = 3


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def main():
    call_command("migrate", verbosity=0)
    from campus import attendance
    from campus.models import Campus, Child
    from campus.roles import Role
    from safety import services
    from safety.models import Handover
    from tests import factories

    today = timezone.localdate()
    generate(campuses=1, classes_per_campus=12, children_per_class=42, days=1, prefix="bench", today=today)
    campus = Campus.objects.get(code="bench1")
    present = sorted(attendance.present_children(campus, today))
    if len(present) < CHILDREN:  # the generator marks some absent: the rest are present for the peak
        from campus.models import Attendance
        Attendance.objects.filter(campus=campus, date=today).update(status="present")
        present = sorted(attendance.present_children(campus, today))
    teacher = factories.make_staff(Role.TEACHER, campus, username="bench-teacher").user
    services.settings_for(campus)
    children = list(Child.objects.filter(pk__in=present[:CHILDREN]).select_related("campus"))
    # the list before dismissal (everyone waiting)
    timings, cpu_list = [], []
    for _ in range(20):
        start, cpu0 = time.perf_counter(), time.process_time()
        n = len(services.not_picked_up(campus, today))
        timings.append((time.perf_counter() - start) * 1000)
        cpu_list.append((time.process_time() - cpu0) * 1000)
    emit("safety.not_picked_up_cpu_ms_all_waiting", round(statistics.median(cpu_list), 2), "ms (CPU)")
    emit("safety.not_picked_up_ms_all_waiting", round(statistics.median(timings), 2), "ms", 50)
    emit("safety.not_picked_up_rows", n, "children")

    lanes = [children[i::PHONES] for i in range(PHONES)]
    results = [[] for _ in range(PHONES)]
    errors = []
    barrier = threading.Barrier(PHONES)

    def phone(index):
        try:
            barrier.wait()
            for child in lanes[index]:
                with CaptureQueriesContext(connections["default"]) as ctx:
                    start = time.perf_counter()
                    choice = f"guardian:{child.guardianships.first().guardian_id}"  # the phone's choice
                    setup = len(ctx.captured_queries)
                    begin, cpu = time.perf_counter(), time.thread_time()
                    services.hand_over(child, today, teacher, choice=choice)
                    end, cpu = time.perf_counter(), time.thread_time() - cpu
                results[index].append(((end - begin) * 1000, len(ctx.captured_queries) - setup, cpu * 1000))
                del start
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    wall = time.perf_counter()
    threads = [threading.Thread(target=phone, args=(i,)) for i in range(PHONES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    flat = [r for lane in results for r in lane]
    ms = sorted(r[0] for r in flat)
    queries = sorted({r[1] for r in flat})
    cpu = sorted(r[2] for r in flat)
    emit("safety.handovers", len(flat), "handovers")
    emit("safety.handover_errors", len(errors), "errors")
    emit("safety.handover_ms_median", round(statistics.median(ms), 2), "ms", 100)
    emit("safety.handover_ms_p95", round(ms[int(len(ms) * 0.95) - 1], 2), "ms", 100)
    emit("safety.handover_ms_max", round(ms[-1], 2), "ms", 100)
    emit("safety.handover_cpu_ms_median", round(statistics.median(cpu), 2), "ms (this thread's CPU)")
    emit("safety.load_average", os.getloadavg()[0], "load (2 CPUs)")
    emit("safety.handover_queries", queries, "queries per handover (distinct counts seen)")
    emit("safety.dismissal_wall_s", round(wall, 2), "s")
    assert Handover.objects.filter(campus=campus, date=today).count() == len(flat)
    connection.close()
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        n = len(services.not_picked_up(campus, today))
        timings.append((time.perf_counter() - start) * 1000)
    emit("safety.not_picked_up_ms_after", round(statistics.median(timings), 2), "ms", 50)
    emit("safety.not_picked_up_rows_after", n, "children")
    if errors:
        print(errors[:3], file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
