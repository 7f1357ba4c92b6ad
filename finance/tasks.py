"""Celery tasks: thin, idempotent, calling ``finance.close``; and the queueing the views call.

Each task carries the run id its row was queued with (``finance.jobs``): a message delivered
again after a newer run was queued, or while a live run holds the row, does nothing. The time
limits keep every job shorter than the Redis broker's visibility timeout (config/settings.py),
so Redis never hands a job that is still running to a second worker.
"""

import datetime as dt

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campus.models import Campus

from . import close
from .money import month_start

# The longest job: a month close of a large campus (bench/finance_month_close.py: ~1,000 children
# in a few minutes). Hard limit 1 h, well under the 3 h visibility timeout.
JOB_LIMITS = {"soft_time_limit": 55 * 60, "time_limit": 60 * 60}


@shared_task(acks_late=True, **JOB_LIMITS)
def close_month_task(campus_id: int, month: str, user_id: int | None = None, run_id: str | None = None) -> dict:
    """Close one campus's month (bills, refunds, canteen draft, statements). Safe to run again."""
    campus = Campus.objects.get(pk=campus_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        record = close.close_month(campus, dt.date.fromisoformat(month), user=user, run_id=run_id)
    except close.jobs.JobTaken as exc:  # beat's run while a live run holds the close: nothing to do
        return {"campus": campus.code, "month": month, "skipped": str(exc)}
    return {"campus": campus.code, "month": month, "bills": record.bills_created}


@shared_task(acks_late=True, **JOB_LIMITS)
def statements_print_task(print_id: int, run_id: str | None = None) -> int:
    record = close.run_statements_print(print_id, run_id)
    return record.done if record else 0


@shared_task
def close_current_month() -> list:
    """Beat, the 1st at 06:00 (Asia/Shanghai): this month's bills for every active campus, each in
    its own task so one campus's problem does not stop the others."""
    month = month_start(timezone.localdate())
    campus_ids = list(Campus.objects.filter(is_active=True).values_list("pk", flat=True))
    for campus_id in campus_ids:
        close_month_task.delay(campus_id, month.isoformat())
    return campus_ids


@transaction.atomic
def queue_month_close(campus, month: dt.date, user):
    """Queue the close (or resume a stalled one) and send it to the worker after the commit."""
    record = close.prepare_month_close(campus, month, user)
    transaction.on_commit(lambda: close_month_task.delay(campus.pk, record.month.isoformat(), user.pk if user else None,
                                                         record.run_id))
    return record


@transaction.atomic
def queue_statements_print(campus, month: dt.date, classroom, user):
    record = close.prepare_statements_print(campus, month, classroom, user)
    if getattr(record, "is_new", False):  # not the one already running for a second click
        transaction.on_commit(lambda: statements_print_task.delay(record.pk, record.run_id))
    return record
