"""The month close and the statements print: the finance jobs a worker runs (``finance.tasks``),
with their progress on a ``ProgressJob`` row (``finance.jobs``).

Every count a close reports is read from the database (bills of the month, statements stored),
never kept in the run: a rerun, a second run or a killed run cannot make it wrong. Every file it
writes has a fixed name tied to one row (a bill's statement, the close's two documents), so a
rerun replaces it, and the statements folder of the month keeps no file that no bill names.
"""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus import notifications
from campus.models import Campus

from . import corrections, jobs, pdfs
from .choices import CloseStatus
from .models import Bill, MonthClose, StatementsPrint, statement_path
from .money import FinanceError, month_start, previous_month
from .reports import build_report, canteen_context
from .services import BillingContext, create_bill, current_account, plan_bill, refresh_canteen_draft

log = logging.getLogger(__name__)
PDF_BATCH = 25
PRINT_BATCH = 25
PRINTS_KEPT = dt.timedelta(days=1)


# --- month close ---------------------------------------------------------------------------------


def close_counts(campus, month: dt.date) -> dict:
    """What the database holds of the month: its bills and the statements stored (2 queries)."""
    bills = Bill.objects.filter(campus=campus, month=month)
    return {"bills_created": bills.count(), "pdfs_rendered": bills.exclude(pdf="").count()}


def close_month(campus: Campus, month: dt.date, user=None, render=True, run_id: str | None = None) -> MonthClose:
    """Bills for every child of the month, last month's refunds, last month's canteen account draft
    and every statement PDF. Idempotent (a bill per child and month is a unique constraint) and
    resumable (each child's bill is its own transaction). One run at a time: a run whose message is
    out of date, or that finds a live run holding the close, returns without doing anything; the
    command (``run_id`` None) is refused then."""
    month = month_start(month)
    record, _created = MonthClose.objects.get_or_create(campus=campus, month=month)
    ctx = BillingContext(campus, month)
    children = ctx.load_children()
    total = len(children) * (2 if render else 1) + 1
    try:
        run_id = jobs.claim(MonthClose, record.pk, run_id, step="bills", total=total, started_by=user,
                            started_at=timezone.now(), **close_counts(campus, month))
    except jobs.JobTaken as exc:
        if run_id is None:  # the command or beat: say so (the command shows it as an error)
            raise
        log.info("Close %s %s: skipped, %s", campus.code, month, exc)
        record.refresh_from_db()
        return record

    def progress(step=None):
        counts = close_counts(campus, month)
        fields = {"done": counts["bills_created"] + counts["pdfs_rendered"], **counts}
        if step:
            fields["step"] = step
        jobs.beat(MonthClose, record.pk, run_id, **fields)

    try:
        existing = set(Bill.objects.filter(campus=campus, month=month).values_list("child_id", flat=True))
        todo = [c for c in children if c.pk not in existing]
        ids = [c.pk for c in todo]
        absences = ctx.load_absences(ids)
        charged = ctx.load_charged_meals(ids)
        term_items = ctx.load_term_items_billed(ids)
        adjustments = corrections.adjustment_lines(ctx, todo)
        for n, child in enumerate(todo, 1):
            lines = plan_bill(ctx, child, absences.get(child.pk, {}), charged.get(child.pk, {}), term_items,
                              adjustments.get(child.pk, ()))
            create_bill(ctx, child, lines, user)
            if n % 10 == 0:
                progress()
        progress("statements")
        # Last month's canteen draft: its income is net of the refunds on this month's bills.
        account = None
        if Bill.objects.filter(campus=campus, month=previous_month(month)).exists():
            account = refresh_canteen_draft(campus, previous_month(month), user)
        if render:
            remove_orphan_statements(campus, month)
            documents = _close_documents(campus, previous_month(month),
                                         account or current_account(campus, previous_month(month)))
            pdfs.render_missing_statements(
                campus, month, batch=PDF_BATCH, progress=lambda _left: progress(),
                documents=[(template, context) for _f, _n, template, context in documents],
                on_documents=lambda contents: _store_close_documents(record, documents, contents),
            )
        progress("canteen")
    except jobs.JobTaken:
        log.warning("Close %s %s: taken over by another run, this one stops", campus.code, month)
        record.refresh_from_db()
        return record
    except Exception as exc:
        jobs.fail(MonthClose, record.pk, run_id, str(exc))
        raise
    jobs.finish(MonthClose, record.pk, run_id, done=total, **close_counts(campus, month))
    record.refresh_from_db()
    if record.status == CloseStatus.DONE:  # the director and the cashier are told, once per month
        notifications.month_closed(campus, month=month, bills=record.bills_created, statements=record.pdfs_rendered,
                                   link=reverse("finance:close_detail", args=[record.pk]))
    return record


def remove_orphan_statements(campus, month: dt.date) -> int:
    """Delete the files of the month's statements folder that no bill names (left by a run killed
    between writing a file and saving its row). Only the run holding the close calls this."""
    folder = statement_path(Bill(campus=campus, month=month), "").rstrip("/")
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    kept = set(Bill.objects.filter(campus=campus, month=month).exclude(pdf="").values_list("pdf", flat=True))
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        if path not in kept:
            default_storage.delete(path)
            removed += 1
    if removed:
        log.warning("Close %s %s: removed %d statement files no bill names", campus.code, month, removed)
    return removed


def _close_documents(campus, month: dt.date, account) -> list[tuple]:
    """``(field, file name, template, context)`` of the documents a close keeps of ``month`` (the one
    before the closed month): the finance report and, when there is one, the canteen account."""
    documents = [("report_pdf", f"finance-report-{month:%Y-%m}-{campus.code}.pdf", "finance/print/report.html",
                  {"report": build_report(campus, month), "printed_on": timezone.localdate()})]
    if account is not None:
        documents.append(("canteen_pdf", f"canteen-account-{month:%Y-%m}-{campus.code}.pdf", "finance/print/canteen.html",
                          canteen_context(account)))
    return documents


def _store_close_documents(record: MonthClose, documents: list[tuple], contents: list[bytes]) -> None:
    """Keep the rendered documents on the close record, replacing what an earlier run stored."""
    record.refresh_from_db()
    for (field, name, _template, _context), content in zip(documents, contents, strict=True):
        stored = getattr(record, field)
        if stored:
            stored.delete(save=False)
        stored.save(name, ContentFile(content), save=False)
    MonthClose.objects.filter(pk=record.pk).update(report_pdf=record.report_pdf.name, canteen_pdf=record.canteen_pdf.name)


def prepare_month_close(campus, month: dt.date, user) -> MonthClose:
    """Mark the close as queued under a new run id (the caller sends the task after the commit).
    Refused while a live run holds it; a stalled one (its worker gone) is queued again."""
    month = month_start(month)
    record, _created = MonthClose.objects.get_or_create(campus=campus, month=month)
    try:
        return jobs.mark_queued(record, user, done=0)
    except FinanceError:
        raise FinanceError(_("This month's close is already running.")) from None


# --- statements print ------------------------------------------------------------------------------


def print_bills(record: StatementsPrint):
    bills = Bill.objects.filter(campus=record.campus, month=record.month)
    if record.classroom_id:
        bills = bills.filter(child__classroom_id=record.classroom_id)
    return bills


@transaction.atomic
def prepare_statements_print(campus, month: dt.date, classroom, user) -> StatementsPrint:
    """A print job for the month's statements (a class's or the campus's); the same one again
    while it runs (a second click does not start a second render). Prints older than a day go,
    with their files."""
    for old in StatementsPrint.objects.filter(campus=campus, created_at__lt=timezone.now() - PRINTS_KEPT):
        if old.pdf:
            old.pdf.delete(save=False)
        old.delete()
    live = [job for job in StatementsPrint.objects.filter(campus=campus, month=month, classroom=classroom,
                                                          status__in=[CloseStatus.QUEUED, CloseStatus.RUNNING])
            if not job.stalled]
    if live:
        return live[0]
    record = StatementsPrint(campus=campus, month=month, classroom=classroom)
    count = print_bills(record).count()
    if not count:
        raise FinanceError(_("This month has no statements yet: close the month first."))
    record.total = count
    record.save()
    record = jobs.mark_queued(record, user)
    record.is_new = True
    return record


def run_statements_print(pk: int, run_id: str | None = None) -> StatementsPrint | None:
    """Render the print's statements in batches (a heartbeat after each) into one PDF on its row."""
    try:
        run_id = jobs.claim(StatementsPrint, pk, run_id, step="statements", done=0)
    except jobs.JobTaken as exc:
        log.info("Statements print %s: skipped, %s", pk, exc)
        return StatementsPrint.objects.filter(pk=pk).first()
    record = StatementsPrint.objects.select_related("campus", "classroom").get(pk=pk)
    try:
        bills = list(print_bills(record).select_related("child__classroom", "campus").prefetch_related("lines")
                     .order_by("child__classroom__name", "child__name", "pk"))
        jobs.beat(StatementsPrint, pk, run_id, total=len(bills))
        content = pdfs.render_statements_together(
            bills, PRINT_BATCH, progress=lambda done: jobs.beat(StatementsPrint, pk, run_id, done=done))
        if record.pdf:
            record.pdf.delete(save=False)
        label = f"{record.campus.code}-{record.classroom_id}" if record.classroom_id else record.campus.code
        record.pdf.save(f"statements-{record.month:%Y-%m}-{label}-{pk}.pdf", ContentFile(content), save=False)
        if not StatementsPrint.objects.filter(pk=pk, run_id=run_id).update(pdf=record.pdf.name):
            record.pdf.delete(save=False)  # taken over meanwhile: the other run's file counts
            raise jobs.JobTaken
    except jobs.JobTaken:
        return StatementsPrint.objects.filter(pk=pk).first()  # None when the job was deleted meanwhile
    except Exception as exc:
        jobs.fail(StatementsPrint, pk, run_id, str(exc))
        raise
    jobs.finish(StatementsPrint, pk, run_id, done=len(bills))
    return StatementsPrint.objects.get(pk=pk)
