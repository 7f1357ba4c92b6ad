"""Benchmark: a class's morning check (30 children) as one submit, and the health dashboard.

Run: ``.venv/bin/python bench/health_morning_check.py`` (builds a throw-away test database).
Prints JSON lines: metric, value, unit, baseline."""

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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main(rounds=20):
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.utils import timezone

        from health import dashboard, services
        from health.choices import CheckAction, CheckSession, Finding
        from health.services import CheckEntry
        from tests.factories import make_class_with_children, make_world

        world = make_world()
        day = timezone.localdate()
        user = world.user("health_teacher")
        timings, queries = [], []
        for n in range(rounds):
            room, children = make_class_with_children(world, 30, name=f"测{n}班")
            entries = {children[0].pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.4", findings=[Finding.FEVER]),
                       children[1].pk: CheckEntry(action=CheckAction.OBSERVE, findings=[Finding.COUGH])}
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                services.submit_class_check(room, day, CheckSession.MORNING, entries, user)
                timings.append((time.perf_counter() - start) * 1000)
            queries.append(len(ctx.captured_queries))
        print(json.dumps({"metric": "health.morning_check_30.ms_median", "value": round(statistics.median(timings), 1),
                          "unit": "ms", "baseline": None}))
        print(json.dumps({"metric": "health.morning_check_30.queries", "value": statistics.median(queries), "unit": "queries",
                          "baseline": 23}))
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            dashboard.cards(world.campus, day)
            elapsed = (time.perf_counter() - start) * 1000
        print(json.dumps({"metric": "health.dashboard_cards.ms", "value": round(elapsed, 1), "unit": "ms",
                          "baseline": None, "classes": rounds + 1, "queries": len(ctx.captured_queries)}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
