"""Benchmark: the morning rush of issue 16 — 400 parents open their child's today page and 60 send
a leave request. Prints JSON lines: metric, value, unit, baseline.

Run on PostgreSQL (the target: ≤ 50 ms per page): ``DATABASE_URL=postgres://... .venv/bin/python
bench/family_today.py`` (builds a throw-away test database). The page's queries must not depend on
the child."""

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

settings.DEBUG = False  # measure what production runs: no SQL logging on every query

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PARENTS, LEAVES, CLASS_SIZE = 400, 60, 30


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    from django.utils import timezone

    from campus.choices import LeaveKind
    from campus.family import services
    from campus.roles import Role
    from tests import factories

    campus = factories.make_campus("bench", "基准幼儿园")
    teacher = factories.make_staff(Role.TEACHER, campus, username="bench-teacher")
    children = []
    for n in range(PARENTS // CLASS_SIZE + 1):
        room = factories.make_classroom(campus, f"班{n}", head_teacher=teacher)
        for m in range(min(CLASS_SIZE, PARENTS - len(children))):
            children.append(factories.make_child(room, f"幼儿{n}-{m}"))
    parents = [factories.make_parent(child, phone=f"1380000{i:04d}") for i, child in enumerate(children)]
    today = timezone.localdate()
    factories.make_all_present(children, [today])
    client = Client()
    timings, counts = [], set()
    for child, parent in zip(children, parents, strict=True):
        client.force_login(parent.user)
        url = f"/parent/child/{child.pk}/today/"
        client.get(url)  # the first visit of a campus creates its settings rows
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        counts.add(len(queries))
        assert response.status_code == 200, response.status_code
    emit("today page queries (distinct counts over 400 children)", sorted(counts), "queries")
    emit("today page median", round(statistics.median(timings), 1), "ms", 50)
    emit("today page p95", round(sorted(timings)[int(len(timings) * 0.95)], 1), "ms", 50)
    leave_ms = []
    for child, parent in zip(children[:LEAVES], parents[:LEAVES], strict=True):
        start = time.perf_counter()
        services.request_leave(child, user=parent.user, kind=LeaveKind.SICK, first_day=today + dt.timedelta(days=1),
                               last_day=today + dt.timedelta(days=1), symptoms="发烧")
        leave_ms.append((time.perf_counter() - start) * 1000)
    emit("leave request median", round(statistics.median(leave_ms), 1), "ms")
    emit("60 leave requests total", round(sum(leave_ms), 1), "ms")
    # The today pages again, now with leave requests and a class notice in the data.
    from campus.family.notices import publish_notice

    room = children[0].classroom
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        notice = publish_notice(campus, user=teacher.user, classroom=room, title="春游通知", body="周五春游，请穿运动鞋。")
        elapsed = (time.perf_counter() - start) * 1000
    inserts = [q for q in queries if q["sql"].startswith("INSERT") and "noticereceipt" in q["sql"]]
    emit("class notice: families told", notice.receipts.count(), "families")
    emit("class notice: receipt INSERT statements", len(inserts), "statements", 1)
    emit("class notice: time", round(elapsed, 1), "ms")
    counts = set()
    for child, parent in zip(children[:60], parents[:60], strict=True):
        client.force_login(parent.user)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/parent/child/{child.pk}/today/")
        counts.add(len(queries))
    emit("today page queries with leave and notices (distinct counts)", sorted(counts), "queries")


if __name__ == "__main__":
    main()
