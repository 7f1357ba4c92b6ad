"""The one progress mechanism of the finance jobs (the month close, the statements print).

A job is a row (``models.ProgressJob``). Queueing it gives it a new ``run_id`` and sends that id
with the task; the run that claims the row works under that id and beats ``heartbeat_at`` as it
goes. A second run of the same row (a message Redis delivered again, a double click, the
``close_month`` command beside a worker) finds it held and leaves it alone, unless the holder's
heartbeat is older than ``FINANCE_JOB_STALL_MINUTES``: then its worker is gone, the job shows as
stalled, and the cashier resumes it from its page. The page shows it with
``finance/_job_progress.html``.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CloseStatus
from .money import FinanceError


class JobTaken(FinanceError):
    """Another run holds the job (or this run's message is out of date): stop, touch nothing."""


def new_run_id() -> str:
    return uuid.uuid4().hex


@transaction.atomic
def mark_queued(record, user, **fields):
    """Queue the job again (a new run id), unless a live run holds it. ``record`` is re-read locked."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.running and not record.stalled:
        raise FinanceError(_("This job is already running."))
    now = timezone.now()
    record.status, record.run_id, record.started_by, record.error = CloseStatus.QUEUED, new_run_id(), user, ""
    record.started_at, record.heartbeat_at, record.finished_at = now, now, None
    for key, value in fields.items():
        setattr(record, key, value)
    record.save()
    return record


def claim(model, pk, run_id: str | None = None, **fields) -> str:
    """Start running the job: the run id it runs under. ``run_id`` None (the command, beat) takes
    a new one. Raises ``JobTaken`` when a live run holds the job or the message is out of date."""
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=pk)
        held = record.status == CloseStatus.RUNNING and not record.stalled
        if run_id is None:
            if held:
                raise JobTaken(_("This job is already running."))
            run_id = new_run_id()
        elif record.run_id != run_id or record.status == CloseStatus.DONE or held:
            raise JobTaken(_("This job was queued again or is running elsewhere."))
        now = timezone.now()
        model.objects.filter(pk=pk).update(status=CloseStatus.RUNNING, run_id=run_id, heartbeat_at=now, error="",
                                           finished_at=None, **fields)
    return run_id


def beat(model, pk, run_id: str, **fields) -> None:
    """A sign of life with the progress so far; ``JobTaken`` when another run has taken the job over."""
    if not model.objects.filter(pk=pk, run_id=run_id).update(heartbeat_at=timezone.now(), **fields):
        raise JobTaken(_("This job was taken over by another run."))


def finish(model, pk, run_id: str, **fields) -> None:
    now = timezone.now()
    model.objects.filter(pk=pk, run_id=run_id).update(status=CloseStatus.DONE, step="", heartbeat_at=now,
                                                      finished_at=now, **fields)


def fail(model, pk, run_id: str, error: str) -> None:
    model.objects.filter(pk=pk, run_id=run_id).update(status=CloseStatus.FAILED, error=error[:2000],
                                                      heartbeat_at=timezone.now())
