"""Benchmark: month close for a 400-child campus, against the naive loop of one WeasyPrint run per
child measured in the same run, and one statement on demand.

    .venv/bin/python bench/finance_month_close.py [--children 400] [--naive-sample 0]

Standalone: its own temporary SQLite database (DATABASE_URL set before django.setup()) and media
folder. Prints JSON lines {"metric", "value", "unit", "baseline"}. ``--naive-sample N`` times the
naive loop on N children and scales it to all of them (0: time every child).

Measured 2026-11-29 on this 2-core machine, quiet (load average 1.0): close 7.4-7.5 s vs naive
22.9-23.8 s (3.09-3.15×), CPU 12.9 s vs 24.1 s, one statement 0.05 s. The close includes last
month's finance report and canteen account PDFs (1.7 s of rendering for a 400-child campus, done in
the pool beside the statements). What got it there: batches of 25 statements per WeasyPrint
document, the cyclic garbage collector off during every WeasyPrint render (campus.pdf; it cost a
third of the layout time at 50 pages -- the naive loop uses the same render_pdf, so it got faster
too: it was 26.2 s and the ratio 3.49× while only the close had it), all batches queued to the pool
at once and each saved as it returns, and the pool from billiard so that a Celery prefork worker
uses it too (the standard library refuses children to a daemonic process, which made the close
serial under Celery). Left: ~2 s of the close's CPU is poppler's pdfseparate writing one file per
page.
(2026-11-25, load average 5.8 with seven other sessions: close 105.5 s vs naive 173.1 s, 1.64×.)
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the PDF workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def emit(metric, value, unit, baseline=None, **extra):
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "baseline": baseline, **extra},
                     ensure_ascii=False), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--naive-sample", type=int, default=0)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="houqin-bench-finance-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # measure what production runs: no SQL logging on every query
    from django.db import connection
    from django.utils import translation

    translation.activate("zh-hans")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # the bench measures rendering, not fsync
        cursor.execute("PRAGMA synchronous=OFF")

    from campus.calendar import SchoolCalendar
    from campus.choices import AttendanceStatus, Gender, Grade
    from campus.models import Attendance, Campus, Child, Classroom, Term
    from finance import close, pdfs, services
    from finance.models import Bill, FeeStandard

    march, april = dt.date(2025, 3, 1), dt.date(2025, 4, 1)
    campus = Campus.objects.create(code="bench", name="基准测试幼儿园")
    term = Term.objects.create(campus=campus, name="2025年春季学期", starts_on=dt.date(2025, 2, 17), ends_on=dt.date(2025, 7, 11))
    standard = FeeStandard.objects.create(campus=campus, term=term, care_fee_month="800.00", meal_fee_day="15.00")
    services.publish_fee_standard(standard, None)
    rng = random.Random(400)
    rooms = [Classroom.objects.create(campus=campus, name=f"{n + 1}班", grade=Grade.MIDDLE) for n in range(12)]
    children = Child.objects.bulk_create([
        Child(campus=campus, classroom=rooms[n % 12], name=f"幼儿{n:03d}", gender=Gender.BOY if n % 2 else Gender.GIRL,
              birth_date=dt.date(2021, 1, 1) + dt.timedelta(days=n), enrolled_on=dt.date(2025, 2, 17))
        for n in range(args.children)
    ])
    days = SchoolCalendar(campus, march, dt.date(2025, 3, 31)).school_days()
    rows = []
    for child in children:
        for day in days:
            roll = rng.random()
            status = (AttendanceStatus.SICK if roll < 0.05 else AttendanceStatus.PERSONAL if roll < 0.08
                      else AttendanceStatus.PRESENT)
            rows.append(Attendance(campus=campus, classroom=child.classroom, child=child, date=day, status=status))
    Attendance.objects.bulk_create(rows, batch_size=2000)
    close.close_month(campus, march, render=False)  # last month's bills (the refunds need them)

    cpu_start = cpu_seconds()
    start = time.perf_counter()
    phases = {}
    real_render = pdfs.render_missing_statements

    def timed_render(*a, **kw):
        phases["bills"] = time.perf_counter() - start
        t = time.perf_counter()
        try:
            return real_render(*a, **kw)
        finally:
            phases["pdfs"] = time.perf_counter() - t

    def timed(module, name):
        real = getattr(module, name)

        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return real(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0) + time.perf_counter() - t

        setattr(module, name, wrapper)
        return real

    pdfs.render_missing_statements = timed_render
    real_draft = timed(services, "refresh_canteen_draft")
    real_documents = timed(services, "_store_close_documents")
    record = close.close_month(campus, april)
    close_seconds = time.perf_counter() - start
    close_cpu = cpu_seconds() - cpu_start
    pdfs.render_missing_statements = real_render
    services.refresh_canteen_draft, close._store_close_documents = real_draft, real_documents
    assert record.bills_created == args.children and record.pdfs_rendered == args.children, record

    bills = list(Bill.objects.filter(campus=campus, month=april).select_related("child__classroom", "campus")
                 .prefetch_related("lines").order_by("pk"))
    sample = bills[: args.naive_sample] if args.naive_sample else bills
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    for bill in sample:
        pdfs.render_statement(bill)
    naive_seconds = (time.perf_counter() - start) * len(bills) / len(sample)
    naive_cpu = (cpu_seconds() - cpu_start) * len(bills) / len(sample)

    timings = []
    for bill in bills[:3]:
        fresh = Bill.objects.select_related("child__classroom", "campus").get(pk=bill.pk)
        start = time.perf_counter()
        pdfs.render_statement(fresh)
        timings.append(time.perf_counter() - start)

    emit("finance_month_close_seconds", close_seconds, "s", baseline=round(naive_seconds, 3), children=args.children,
         note="bills + refunds + canteen draft + one stored PDF per child")
    emit("finance_close_bills_phase_seconds", phases["bills"], "s", children=args.children)
    emit("finance_close_pdf_phase_seconds", phases["pdfs"], "s", children=args.children, workers=pdfs.pdf_workers())
    emit("finance_close_canteen_draft_seconds", phases.get("refresh_canteen_draft", 0), "s")
    emit("finance_close_documents_store_seconds", phases.get("_store_close_documents", 0), "s",
         note="storing last month's finance report and canteen account PDFs (rendered in the pool beside the statements)")
    emit("finance_naive_pdf_loop_seconds", naive_seconds, "s", baseline=None, children=args.children,
         sampled=len(sample), note="one WeasyPrint run per child, PDFs only")
    emit("finance_close_speedup_vs_naive", naive_seconds / close_seconds, "x", baseline=1.0,
         load_average=os.getloadavg()[0])
    emit("finance_close_cpu_seconds", close_cpu, "s", baseline=round(naive_cpu, 3),
         note="CPU of the close incl. PDF worker processes; baseline: CPU of the naive loop")
    emit("finance_statement_on_demand_seconds", max(timings), "s", baseline=1.0, note="worst of 3 single statements")


if __name__ == "__main__":
    main()
