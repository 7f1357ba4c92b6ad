"""Benchmark: generating checklist runs for 20 campuses x 150 templates, for one day and as a
30-day catch-up. Prints JSON lines {"metric", "value", "unit", "baseline"}.

Standalone: ``.venv/bin/python bench/checklists_generate.py`` builds its data in a throwaway SQLite
file (DATABASE_URL is set before Django starts). Goal: the number of queries grows with campuses,
not with runs, and a day for 20 campuses takes under 2 s."""

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="houqin-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["HOUQIN_VAR_DIR"] = TMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

settings.DEBUG = False  # measure what production runs: no SQL logging on every query

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from campus.models import Campus, Term  # noqa: E402
from checklists.models import ChecklistSettings, ChecklistTemplate, Run, TemplateItem  # noqa: E402
from checklists.services import generate_runs  # noqa: E402

CAMPUSES = 20
TEMPLATES = 150
DAY = dt.date(2026, 11, 24)  # a Tuesday in term
NOW = dt.datetime.combine(DAY, dt.time(6, 0), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def recurrence(n: int) -> dict:
    if n < 100:
        return {"recurrence": "school_day"}
    if n < 120:
        return {"recurrence": "daily"}
    if n < 140:
        return {"recurrence": "weekly", "weekdays": str(n % 5)}
    if n < 145:
        return {"recurrence": "monthly_day", "day_of_month": n % 28 + 1}
    return {"recurrence": "semi_monthly"}


def build(starts_on: dt.date) -> None:
    campuses = Campus.objects.bulk_create(Campus(code=f"b{n:02d}", name=f"基准园{n}") for n in range(CAMPUSES))
    Term.objects.bulk_create(
        Term(campus=campus, name="2026秋", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 12, 31)) for campus in campuses
    )
    ChecklistSettings.objects.bulk_create(ChecklistSettings(campus=campus, catch_up_days=30) for campus in campuses)
    templates = ChecklistTemplate.objects.bulk_create(
        ChecklistTemplate(campus=campus, code=f"t{n}", title=f"检查{n}", department="logistics", assignee_role="gatekeeper",
                          starts_on=starts_on, due_time=dt.time(17, 0), **recurrence(n))
        for campus in campuses for n in range(TEMPLATES)
    )
    TemplateItem.objects.bulk_create(TemplateItem(template=template, label="正常") for template in templates)


def measure(label: str, day: dt.date, goal_seconds=None):
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        report = generate_runs(day, now=NOW)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    emit(f"checklists.generate.{label}.seconds", round(elapsed, 3), "s", goal_seconds)
    emit(f"checklists.generate.{label}.cpu_seconds", round(cpu, 3), "s")
    emit(f"checklists.generate.{label}.queries", len(queries), "queries")
    emit(f"checklists.generate.{label}.runs_created", report.created, "runs")
    inserts = sum(1 for q in queries.captured_queries if "INSERT INTO" in q["sql"])  # executemany: "N times: INSERT ..."
    emit(f"checklists.generate.{label}.insert_queries", inserts, "queries")
    return report


def main():
    call_command("migrate", verbosity=0)
    emit("checklists.bench.campuses", CAMPUSES, "campuses")
    emit("checklists.bench.templates", CAMPUSES * TEMPLATES, "templates")

    build(starts_on=DAY)
    measure("day", DAY, goal_seconds=2.0)
    again = measure("day_again", DAY)
    assert again.created == 0, "a second call created runs"

    Run.objects.all().delete()
    ChecklistTemplate.objects.update(starts_on=DAY - dt.timedelta(days=30))
    report = measure("catch_up_30_days", DAY)
    emit("checklists.generate.catch_up_30_days.overdue_at_creation", Run.objects.filter(status="overdue").count(), "runs")
    assert report.created == Run.objects.count()
    measure("catch_up_again", DAY)


if __name__ == "__main__":
    main()
