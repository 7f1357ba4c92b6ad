"""Month close: idempotent, resumable after a worker dies, the same service from Celery and the
command, a progress bar while it runs."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from config.celery import collect_beat_schedule
from finance import pdfs, services
from finance.choices import CloseStatus
from finance.models import Bill, BillLine, CanteenAccount, LedgerEntry, MonthClose
from finance.tasks import close_current_month, close_month_task

from .conftest import APRIL, MARCH
from .helpers import mark, school_days

pytestmark = pytest.mark.django_db


def counts(campus):
    return (Bill.objects.filter(campus=campus).count(), BillLine.objects.filter(bill__campus=campus).count(),
            LedgerEntry.objects.filter(campus=campus).count(), CanteenAccount.objects.filter(campus=campus).count())


def test_running_the_close_twice_doubles_nothing(spring):
    services.close_month(spring.campus, MARCH, render=False)
    mark(spring.children[0], school_days(spring.campus, MARCH)[:3])
    first = services.close_month(spring.campus, APRIL)
    before = counts(spring.campus)
    pdf_names = set(Bill.objects.filter(month=APRIL).values_list("pdf", flat=True))
    second = services.close_month(spring.campus, APRIL)
    assert counts(spring.campus) == before
    assert set(Bill.objects.filter(month=APRIL).values_list("pdf", flat=True)) == pdf_names
    assert first.bills_created == 3 and second.bills_created == 0
    assert second.status == CloseStatus.DONE and second.percent == 100
    assert MonthClose.objects.filter(campus=spring.campus, month=APRIL).count() == 1


def test_a_killed_close_leaves_whole_bills_and_the_rerun_finishes(spring, monkeypatch):
    real = services.create_bill
    calls = {"n": 0}

    def dying(ctx, child, lines, user=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")  # like a SIGKILL between two children
        return real(ctx, child, lines, user)

    monkeypatch.setattr(services, "create_bill", dying)
    with pytest.raises(SystemExit):
        services.close_month(spring.campus, MARCH, render=False)
    bills = list(Bill.objects.filter(campus=spring.campus, month=MARCH))
    assert len(bills) == 2
    for bill in bills:  # nothing half done: each bill has all its lines and entries
        assert bill.lines.count() == 2 and bill.entries.count() == 2
    record = MonthClose.objects.get(campus=spring.campus, month=MARCH)
    assert record.status == CloseStatus.RUNNING and record.done < record.total  # the progress row shows where it stopped
    monkeypatch.setattr(services, "create_bill", real)
    done = services.close_month(spring.campus, MARCH, render=False)
    assert done.status == CloseStatus.DONE and done.bills_created == 1
    assert Bill.objects.filter(campus=spring.campus, month=MARCH).count() == 3
    assert LedgerEntry.objects.filter(campus=spring.campus).count() == 6


def test_a_close_killed_while_rendering_statements_renders_only_the_rest(spring, monkeypatch):
    monkeypatch.setattr(services, "PDF_BATCH", 2)
    real = pdfs.render_statements_batch
    calls = {"n": 0}

    def dying(bills, font_config=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return real(bills, font_config)

    monkeypatch.setattr(pdfs, "render_statements_batch", dying)
    with pytest.raises(RuntimeError):
        services.close_month(spring.campus, MARCH)
    assert MonthClose.objects.get(campus=spring.campus).status == CloseStatus.FAILED
    assert Bill.objects.exclude(pdf="").count() == 2
    rendered = []
    monkeypatch.setattr(pdfs, "render_statements_batch", lambda bills, font_config=None: rendered.extend(bills) or real(bills))
    record = services.close_month(spring.campus, MARCH)
    assert len(rendered) == 1 and record.pdfs_rendered == 1
    assert Bill.objects.filter(pdf="").count() == 0


def test_close_drafts_last_months_canteen_account(spring):
    services.close_month(spring.campus, MARCH, render=False)
    services.close_month(spring.campus, APRIL, render=False)
    account = CanteenAccount.objects.get(campus=spring.campus, month=MARCH)
    assert account.status == "draft" and account.revision == 1


def test_the_command_calls_the_same_service_and_is_idempotent(spring):
    out = io.StringIO()
    call_command("close_month", "2025-03", "--campus", spring.campus.code, "--no-pdf", stdout=out)
    assert "3 bills created" in out.getvalue()
    out = io.StringIO()
    call_command("close_month", "2025-03", "--campus", spring.campus.code, "--no-pdf", stdout=out)
    assert "0 bills created" in out.getvalue()
    assert Bill.objects.filter(campus=spring.campus).count() == 3


def test_the_command_refuses_a_bad_month_or_campus(spring):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("close_month", "2025-13")
    with pytest.raises(CommandError):
        call_command("close_month", "2025-03", "--campus", "nowhere")


def test_the_celery_task_and_the_beat_entry(spring, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = close_month_task.delay(spring.campus.pk, "2025-03-01", None).get()
    assert result["bills_created"] == 3
    entry = collect_beat_schedule()["finance-close-month"]
    assert entry["task"] == "finance.tasks.close_current_month"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0} and entry["schedule"].day_of_month == {1}
    sent = []
    monkeypatch.setattr(close_month_task, "delay", lambda *args: sent.append(args))
    close_current_month()
    assert (spring.campus.pk, services.month_start(dt.date.today()).isoformat()) in [s[:2] for s in sent]  # noqa: DTZ011


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

    services.close_month(spring.campus, MARCH, render=False)
    billed = sum(bill.total for bill in Bill.objects.filter(campus=spring.campus, month=MARCH))
    record = services.close_month(spring.campus, APRIL)
    assert record.report_pdf.name.endswith("finance-report-2025-03-spring.pdf")
    assert record.canteen_pdf.name.endswith("canteen-account-2025-03-spring.pdf")
    report = text_of(record.report_pdf.read(), tmp_path, "report")
    assert "财务月报表" in report and "2025-03" in report and str(billed) in report
    canteen = text_of(record.canteen_pdf.read(), tmp_path, "canteen")
    assert "伙食" in canteen and "2025-03" in canteen
    again = services.close_month(spring.campus, APRIL)  # a rerun replaces them: no pile of old files
    folder = settings.MEDIA_ROOT / "finance" / "closes"
    assert again.report_pdf.name and len(list(folder.rglob("*.pdf"))) == 2
