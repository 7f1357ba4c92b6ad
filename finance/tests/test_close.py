"""Month close: idempotent, resumable after a worker dies, the same service from Celery and the
command, a progress bar while it runs."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campus.money import format_yuan
from config.celery import collect_beat_schedule
from finance import close, pdfs, services
from finance.choices import CloseStatus
from finance.models import Bill, BillLine, CanteenAccount, LedgerEntry, MonthClose
from finance.tasks import close_current_month, close_month_task
from tests.factories import make_attendance, school_days

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


def stall(record, minutes=6):
    """What the page sees some minutes after a worker died: a heartbeat that old."""
    MonthClose.objects.filter(pk=record.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes))


def counts(campus):
    return (Bill.objects.filter(campus=campus).count(), BillLine.objects.filter(bill__campus=campus).count(),
            LedgerEntry.objects.filter(campus=campus).count(), CanteenAccount.objects.filter(campus=campus).count())


def test_running_the_close_twice_doubles_nothing(spring):
    close.close_month(spring.campus, MARCH, render=False)
    make_attendance(spring.children[0], school_days(spring.campus, MARCH)[:3])
    first = close.close_month(spring.campus, APRIL)
    before = counts(spring.campus)
    pdf_names = set(Bill.objects.filter(month=APRIL).values_list("pdf", flat=True))
    second = close.close_month(spring.campus, APRIL)
    assert counts(spring.campus) == before
    assert set(Bill.objects.filter(month=APRIL).values_list("pdf", flat=True)) == pdf_names
    assert first.bills_created == 3 and second.bills_created == 3  # the month's bills, counted in the database
    assert second.status == CloseStatus.DONE and second.percent == 100
    assert MonthClose.objects.filter(campus=spring.campus, month=APRIL).count() == 1


def test_a_killed_close_leaves_whole_bills_and_the_rerun_finishes(spring, monkeypatch):
    real = close.create_bill
    calls = {"n": 0}

    def dying(ctx, child, lines, user=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")  # like a SIGKILL between two children
        return real(ctx, child, lines, user)

    monkeypatch.setattr(close, "create_bill", dying)
    with pytest.raises(SystemExit):
        close.close_month(spring.campus, MARCH, render=False)
    bills = list(Bill.objects.filter(campus=spring.campus, month=MARCH))
    assert len(bills) == 2
    for bill in bills:  # nothing half done: each bill has all its lines and entries
        assert bill.lines.count() == 2 and bill.entries.count() == 2
    record = MonthClose.objects.get(campus=spring.campus, month=MARCH)
    assert record.status == CloseStatus.RUNNING and record.done < record.total  # the progress row shows where it stopped
    monkeypatch.setattr(close, "create_bill", real)
    with pytest.raises(services.FinanceError):  # its heartbeat is fresh: as far as anyone knows it still runs
        close.close_month(spring.campus, MARCH, render=False)
    stall(record)
    done = close.close_month(spring.campus, MARCH, render=False)
    # The month's 3 bills, from the database (a count kept by the run said 1: the 28-of-119 report).
    assert done.status == CloseStatus.DONE and done.bills_created == 3 and done.done == done.total
    assert Bill.objects.filter(campus=spring.campus, month=MARCH).count() == 3
    assert LedgerEntry.objects.filter(campus=spring.campus).count() == 6


def test_a_close_killed_while_rendering_statements_renders_only_the_rest(spring, monkeypatch):
    monkeypatch.setattr(close, "PDF_BATCH", 2)
    real = pdfs.render_statements_batch
    calls = {"n": 0}

    def dying(bills, font_config=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return real(bills, font_config)

    monkeypatch.setattr(pdfs, "render_statements_batch", dying)
    with pytest.raises(RuntimeError):
        close.close_month(spring.campus, MARCH)
    assert MonthClose.objects.get(campus=spring.campus).status == CloseStatus.FAILED
    assert Bill.objects.exclude(pdf="").count() == 2
    rendered = []
    monkeypatch.setattr(pdfs, "render_statements_batch", lambda bills, font_config=None: rendered.extend(bills) or real(bills))
    record = close.close_month(spring.campus, MARCH)
    assert len(rendered) == 1 and record.pdfs_rendered == 3
    assert Bill.objects.filter(pdf="").count() == 0


def test_close_drafts_last_months_canteen_account(spring):
    close.close_month(spring.campus, MARCH, render=False)
    close.close_month(spring.campus, APRIL, render=False)
    account = CanteenAccount.objects.get(campus=spring.campus, month=MARCH)
    assert account.status == "draft" and account.revision == 1


def test_the_command_calls_the_same_service_and_is_idempotent(spring):
    out = io.StringIO()
    call_command("close_month", "2025-03", "--campus", spring.campus.code, "--no-pdf", stdout=out)
    assert "3 bills" in out.getvalue()
    out = io.StringIO()
    call_command("close_month", "2025-03", "--campus", spring.campus.code, "--no-pdf", stdout=out)
    assert "3 bills" in out.getvalue()
    assert Bill.objects.filter(campus=spring.campus).count() == 3


def test_the_command_refuses_a_bad_month_or_campus(spring):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("close_month", "2025-13")
    with pytest.raises(CommandError):
        call_command("close_month", "2025-03", "--campus", "nowhere")


def test_the_celery_task_and_the_beat_entry(spring, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = close_month_task.delay(spring.campus.pk, "2025-03-01", None).get()
    assert result["bills"] == 3
    entry = collect_beat_schedule()["finance-close-month"]
    assert entry["task"] == "finance.tasks.close_current_month"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0} and entry["schedule"].day_of_month == {1}
    sent = []
    monkeypatch.setattr(close_month_task, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        close_current_month()
    assert (spring.campus.pk, services.month_start(dt.date.today()).isoformat()) in [s[:2] for s in sent]  # noqa: DTZ011
    record = MonthClose.objects.get(campus=spring.campus, month=services.month_start(dt.date.today()))  # noqa: DTZ011
    assert sent[-1][3] == record.run_id  # beat's close runs under a run id: a lost worker's redelivery resumes it


def test_starting_the_close_from_the_browser_shows_a_progress_bar(spring, client, django_capture_on_commit_callbacks,
                                                                   settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(spring.cashier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:close_start"), {"month": "2025-03"})
    record = MonthClose.objects.get(campus=spring.campus, month=MARCH)
    assert response.status_code == 302 and response["Location"] == reverse("finance:close_detail", args=[record.pk])
    assert record.status == CloseStatus.DONE and Bill.objects.count() == 3
    MonthClose.objects.filter(pk=record.pk).update(status=CloseStatus.RUNNING, done=3, total=7)
    page = client.get(reverse("finance:close_detail", args=[record.pk]))
    assert b'hx-trigger="every 1s"' in page.content and b"42%" in page.content
    fragment = client.get(reverse("finance:close_detail", args=[record.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b"progress-bar" in fragment.content
    MonthClose.objects.filter(pk=record.pk).update(status=CloseStatus.DONE)
    done = client.get(reverse("finance:close_detail", args=[record.pk]), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in done.content and b"100%" in done.content


def test_a_future_month_cannot_be_closed_from_the_browser(spring, client):
    client.force_login(spring.cashier)
    client.post(reverse("finance:close_start"), {"month": "2099-01"})
    assert not MonthClose.objects.exists()


def test_the_close_stores_last_months_report_and_canteen_account_as_pdfs(spring, tmp_path, settings):
    from .test_pdfs import text_of

    close.close_month(spring.campus, MARCH, render=False)
    billed = sum(bill.total for bill in Bill.objects.filter(campus=spring.campus, month=MARCH))
    record = close.close_month(spring.campus, APRIL)
    assert record.report_pdf.name.endswith("finance-report-2025-03-spring.pdf")
    assert record.canteen_pdf.name.endswith("canteen-account-2025-03-spring.pdf")
    report = text_of(record.report_pdf.read(), tmp_path, "report")
    assert "财务月报表" in report and "2025-03" in report and format_yuan(billed, symbol=False) in report
    canteen = text_of(record.canteen_pdf.read(), tmp_path, "canteen")
    assert "伙食" in canteen and "2025-03" in canteen
    again = close.close_month(spring.campus, APRIL)  # a rerun replaces them: no pile of old files
    folder = settings.MEDIA_ROOT / "finance" / "closes"
    assert again.report_pdf.name and len(list(folder.rglob("*.pdf"))) == 2


def test_a_stalled_close_is_resumed_from_its_page(spring, client, settings, django_capture_on_commit_callbacks):
    """A worker killed mid-close leaves the close "running": while its heartbeat is fresh a second
    close is refused; once it is older than FINANCE_JOB_STALL_MINUTES the page says the worker has
    stopped and the cashier resumes it there (not only with ``manage.py close_month``)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(spring.cashier)
    record = close.prepare_month_close(spring.campus, MARCH, spring.cashier)
    MonthClose.objects.filter(pk=record.pk).update(status=CloseStatus.RUNNING, total=7, done=2)
    page = client.get(reverse("finance:close_detail", args=[record.pk])).content.decode()
    assert "Resume the close" not in page and "恢复" not in page
    refused = client.post(reverse("finance:close_start"), {"month": "2025-03"}, follow=True).content.decode()
    assert "already running" in refused or "正在进行" in refused
    stall(record)
    page = client.get(reverse("finance:close_detail", args=[record.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'action="/finance/close/"' in page and 'value="2025-03"' in page and "bg-danger" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:close_start"), {"month": "2025-03"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == CloseStatus.DONE and record.bills_created == 3 and not record.stalled


def test_an_out_of_date_message_does_nothing(spring):
    """A message Redis hands out again after the close was queued anew (or while a live run holds
    it) leaves the close alone: one run at a time, whatever the broker does."""
    old = close.prepare_month_close(spring.campus, MARCH, spring.cashier).run_id
    stall(MonthClose.objects.get(campus=spring.campus, month=MARCH))
    new = close.prepare_month_close(spring.campus, MARCH, spring.cashier).run_id
    skipped = close.close_month(spring.campus, MARCH, render=False, run_id=old)
    assert skipped.status == CloseStatus.QUEUED and not Bill.objects.exists()
    done = close.close_month(spring.campus, MARCH, render=False, run_id=new)
    assert done.status == CloseStatus.DONE and done.bills_created == 3
    again = close.close_month(spring.campus, MARCH, render=False, run_id=new)  # delivered twice
    assert again.status == CloseStatus.DONE and again.finished_at == done.finished_at


def test_a_rerun_leaves_no_statement_file_that_no_bill_names(spring, settings):
    """Files a killed run wrote but never tied to a bill (and a second run's copies) do not stay:
    each statement has one fixed name, and a rerun clears the month's folder of the rest."""
    record = close.close_month(spring.campus, MARCH)
    folder = settings.MEDIA_ROOT / "finance" / "statements" / "2025-03" / str(spring.campus.pk)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and record.pdfs_rendered == 3
    (folder / "statement-2025-03-999.pdf").write_bytes(b"%PDF-1.4 left by a killed run")
    first = Bill.objects.filter(month=MARCH).order_by("pk").first()
    Bill.objects.filter(pk=first.pk).update(pdf="")  # killed between writing the file and saving the row
    MonthClose.objects.filter(pk=record.pk).update(status=CloseStatus.FAILED)
    again = close.close_month(spring.campus, MARCH)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert again.pdfs_rendered == 3 and Bill.objects.filter(pdf="").count() == 0
    assert {Bill.objects.get(pk=first.pk).pdf.name.rsplit("/", 1)[1]} <= set(names)


def test_redis_never_redelivers_a_job_that_is_still_running():
    """The Redis broker's visibility timeout (default 1 h) is longer than the hard time limit of
    every finance job, so Redis never hands a running close to a second worker."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    from finance import tasks

    code = "from django.conf import settings; import json; print(json.dumps(settings.CELERY_BROKER_TRANSPORT_OPTIONS))"
    env = {**os.environ, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, cwd=django_settings.BASE_DIR,
                          capture_output=True, text=True, check=True)
    timeout = json.loads(done.stdout.strip().splitlines()[-1])["visibility_timeout"]
    for task in (tasks.close_month_task, tasks.statements_print_task):
        assert task.time_limit and task.soft_time_limit < task.time_limit < timeout


def test_the_finished_close_tells_the_director_and_the_cashier_once(spring):
    """Issue 16: "month close finished" is an alert of its own, through the notification service."""
    from campus.choices import NoticeKind
    from campus.models import Notification

    close.close_month(spring.campus, MARCH, render=False)
    close.close_month(spring.campus, MARCH, render=False)  # run again: told once
    notice = Notification.objects.get(kind=NoticeKind.MONTH_CLOSED, campus=spring.campus)
    record = MonthClose.objects.get(campus=spring.campus, month=MARCH)
    assert notice.key == "close:2025-03" and notice.link == reverse("finance:close_detail", args=[record.pk])
    assert "2025-03" in notice.title and str(len(spring.children)) in notice.body
    assert set(notice.recipients.values_list("user_id", flat=True)) == {spring.director.pk, spring.cashier.pk}


def test_a_failed_close_tells_no_one(spring, monkeypatch):
    from campus.models import Notification

    monkeypatch.setattr(close, "create_bill", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("worker died")))
    with pytest.raises(RuntimeError):
        close.close_month(spring.campus, MARCH, render=False)
    assert not Notification.objects.exists()
