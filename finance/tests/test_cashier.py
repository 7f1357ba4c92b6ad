"""Issue 11, the cashier's points: bills have a due date and arrears are what is unpaid past it; the
bill list filters by class, state and name with totals; statements show the amount in capitals,
the due date, the payment instructions and QR code, and a class prints as half-A4 slips; a queued
job says when no worker runs; receipts read without the English campus code."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from campus import workers
from campus.errors import ServiceError
from finance import arrears, close, dashboard, pdfs, services
from finance.models import Bill, FinanceSettings, LedgerEntry
from finance.money import in_capitals
from tests import factories

from .conftest import APRIL, MARCH
from .test_views import BILL_LIST_QUERIES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("amount", "text"), [
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("1.05", "壹元零伍分"),
    ("10.00", "壹拾元整"),
    ("100.10", "壹佰元零壹角"),
    ("1004.00", "壹仟零肆元整"),
    ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("105000.00", "壹拾万零伍仟元整"),
    ("171962.00", "壹拾柒万壹仟玖佰陆拾贰元整"),
    ("1000010.00", "壹佰万零壹拾元整"),
    ("10010000.00", "壹仟零壹万元整"),
    ("100000000.00", "壹亿元整"),
    ("0.00", "零元整"),
    ("-5.00", "负伍元整"),
])
def test_amounts_in_capitals(amount, text):
    assert in_capitals(Decimal(amount)) == text


def test_a_bill_is_due_the_campus_days_to_pay_after_it_is_issued(spring, clock):
    row = FinanceSettings.for_campus(spring.campus)
    assert row.days_to_pay == 10  # the default: bills of the 1st are paid by about the 10th
    row.days_to_pay = 15
    row.save()
    clock.at(dt.date(2025, 3, 3))
    bill = services.bill_child(spring.children[0], MARCH)
    assert bill.due_on == dt.date(2025, 3, 18)


@pytest.fixture
def two_months(spring, clock):
    """March issued 03-03 (due 03-13), April issued 04-01 (due 04-11). 甲 pays everything, 乙 pays
    March only, 丙 pays nothing. The clock is left at 04-05."""
    clock.at(dt.date(2025, 3, 3))
    close.close_month(spring.campus, MARCH, render=False)
    clock.at(dt.date(2025, 4, 1))
    close.close_month(spring.campus, APRIL, render=False)
    clock.at(dt.date(2025, 4, 5))
    first, second, _third = spring.children
    services.record_payment(first, services.balances([first.pk])[first.pk], "cash", spring.cashier)
    services.record_payment(second, Bill.objects.get(child=second, month=MARCH).total, "wechat", spring.cashier)
    return spring


def bill_of(child, month):
    return Bill.objects.get(child=child, month=month)


def test_a_bill_issued_yesterday_is_not_in_arrears(spring, clock):
    clock.at(dt.date(2025, 3, 3))
    close.close_month(spring.campus, MARCH, render=False)
    billed = sum(b.total for b in Bill.objects.filter(month=MARCH))
    today = arrears.owed(spring.campus, dt.date(2025, 3, 4))
    assert (today.unpaid_total, today.unpaid_children) == (billed, 3)
    assert (today.overdue_total, today.overdue_children) == (Decimal("0.00"), 0)
    assert dashboard.cards(spring.campus, dt.date(2025, 3, 4))[0].value == "¥0.00"
    assert arrears.owed(spring.campus, dt.date(2025, 3, 13)).overdue_total == 0  # due today: not yet overdue
    late = arrears.owed(spring.campus, dt.date(2025, 3, 14))
    assert (late.overdue_total, late.overdue_children) == (billed, 3)
    assert dashboard.cards(spring.campus, dt.date(2025, 3, 14))[0].value == f"¥{billed:,.2f}"


def test_arrears_are_the_unpaid_part_of_bills_past_due(two_months):
    _first, second, third = two_months.children
    owed = arrears.owed(two_months.campus, dt.date(2025, 4, 5))
    assert owed.overdue_children == 1 and owed.overdue[0]["child_id"] == third.pk
    assert owed.overdue_total == bill_of(third, MARCH).total
    assert owed.unpaid_children == 2
    assert owed.unpaid_total == bill_of(second, APRIL).total + bill_of(third, MARCH).total + bill_of(third, APRIL).total


def test_bill_states_follow_the_payments_oldest_first(two_months):
    first, second, third = two_months.children
    march = {b.child_id: b for b in arrears.annotate_bills(list(Bill.objects.filter(month=MARCH)), dt.date(2025, 4, 5))}
    april = {b.child_id: b for b in arrears.annotate_bills(list(Bill.objects.filter(month=APRIL)), dt.date(2025, 4, 5))}
    assert [march[c.pk].state for c in (first, second, third)] == ["paid", "paid", "overdue"]
    assert [april[c.pk].state for c in (first, second, third)] == ["paid", "unpaid", "unpaid"]
    assert april[second.pk].outstanding == april[second.pk].total and april[first.pk].paid == april[first.pk].total


def names(response):
    return sorted(bill.child.name for bill in response.context["bills"])


def test_the_bill_list_filters_by_class_state_and_name_with_totals(two_months, client, django_assert_num_queries,
                                                                   monkeypatch):
    monkeypatch.setattr("campus.context_processors.nav_menu", lambda *args: ([], []))
    first, second, third = two_months.children
    other_room = factories.make_classroom(two_months.campus, "大一班")
    client.force_login(two_months.cashier)
    url = reverse("finance:bill_list")
    for query in ("?month=2025-04&state=unpaid", f"?month=2025-04&classroom={two_months.room.pk}", "?month=all&q=丙"):
        with django_assert_num_queries(BILL_LIST_QUERIES):
            client.get(url + query)
    response = client.get(url + "?month=2025-04&state=unpaid")
    assert names(response) == sorted(["乙", "丙"])
    totals = response.context["totals"]
    assert totals["outstanding"] == bill_of(second, APRIL).total + bill_of(third, APRIL).total
    assert totals["billed"] == totals["outstanding"] and totals["paid"] == 0
    response = client.get(url + "?month=2025-04")
    totals = response.context["totals"]
    assert totals["billed"] == sum(b.total for b in Bill.objects.filter(month=APRIL))
    assert totals["paid"] == bill_of(first, APRIL).total
    assert f'data-total="outstanding">¥{totals["outstanding"]:,.2f}<' in response.content.decode()
    assert names(client.get(url + "?month=2025-03&state=overdue")) == ["丙"]
    assert names(client.get(url + "?month=2025-03&state=paid")) == sorted(["甲", "乙"])
    assert names(client.get(url + "?month=2025-03&q=乙")) == ["乙"]
    assert names(client.get(url + f"?month=2025-03&classroom={two_months.room.pk}")) == sorted(["甲", "乙", "丙"])
    assert names(client.get(url + f"?month=2025-03&classroom={other_room.pk}")) == []
    response = client.get(url + "?month=all&state=overdue")
    assert [(b.child.name, b.month) for b in response.context["bills"]] == [("丙", MARCH)]
    assert "逾期" in response.content.decode()


def test_the_cashier_home_shows_unpaid_and_overdue_fees(two_months, client):
    client.force_login(two_months.cashier)
    page = client.get(reverse("home")).content.decode()
    third = two_months.children[2]
    assert f"逾期欠费：1 名幼儿，¥{bill_of(third, MARCH).total}" in page
    assert "未缴费用：2 名幼儿" in page and "state=overdue" in page


def _png(size=120) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    for n in range(0, size, 20):
        draw.rectangle([n, n, n + 10, n + 10], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def pdf_text(pdf: bytes, tmp_path, name) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_statement_shows_capitals_due_date_instructions_and_the_campus_qr_code(spring, clock, tmp_path):
    row = FinanceSettings.for_campus(spring.campus)
    row.payment_instructions = "请于工作日 8:00–17:00 到财务室缴费，或扫码支付并备注幼儿姓名。"
    row.payment_qr.save("qr.png", ContentFile(_png()), save=True)
    clock.at(dt.date(2025, 3, 3))
    bill = services.bill_child(spring.children[0], MARCH)
    with translation.override("zh-hans"):
        pdf = pdfs.render_statement(bill)
    text = pdf_text(pdf, tmp_path, "statement")
    assert f"人民币{in_capitals(bill.amount_due)}" in text and str(bill.amount_due) in text
    assert "2025-03-13" in text and "财务室缴费" in text and "扫码缴费" in text
    if shutil.which("pdfimages"):
        images = subprocess.run(["pdfimages", "-list", str(tmp_path / "statement.pdf")], capture_output=True,
                                text=True, check=True).stdout
        assert len(images.strip().splitlines()) >= 3, images  # header, rule, the QR code


def test_a_class_prints_as_half_a4_slips_two_to_a_page(spring, clock, tmp_path):
    clock.at(dt.date(2025, 3, 3))
    close.close_month(spring.campus, MARCH, render=False)
    bills = list(Bill.objects.filter(month=MARCH).select_related("child__classroom", "campus").order_by("child__name"))
    with translation.override("zh-hans"):
        pdf = pdfs.render_statements_together(bills)
    path = tmp_path / "class.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info and "A4" in info  # three slips: two on the first page, one on the second
    text = pdf_text(pdf, tmp_path, "class")
    first_page = text.split("\f")[0]
    assert first_page.count("幼儿收费月结单") == 2 and "沿此线剪开" in first_page


def test_the_finance_settings_take_a_payment_qr_image_and_refuse_another_file(spring, client):
    client.force_login(spring.director)
    data = {"refund_rule": "n_minus_one", "refund_threshold_days": 2, "surplus_warning_percent": "2.00",
            "second_approval_amount": "2000.00", "invitation_days": 7, "days_to_pay": 12, "food_cost_basis": "accepted",
            "payment_instructions": "财务室缴费"}
    response = client.post(reverse("finance:settings"),
                           data | {"payment_qr": SimpleUploadedFile("qr.png", b"not an image", "image/png")})
    assert response.status_code == 200 and not FinanceSettings.objects.get(campus=spring.campus).payment_qr
    response = client.post(reverse("finance:settings"), data | {"payment_qr": SimpleUploadedFile("qr.png", _png())})
    assert response.status_code == 302
    row = FinanceSettings.objects.get(campus=spring.campus)  # not the campus object's cached row
    assert row.payment_qr and row.days_to_pay == 12 and row.payment_instructions == "财务室缴费"
    assert pdfs.payment_qr_uri(row).startswith("data:image/png;base64,")
    kept = row.payment_qr.name
    assert client.post(reverse("finance:settings"), data | {"days_to_pay": 15}).status_code == 302  # no new file
    row = FinanceSettings.objects.get(campus=spring.campus)
    assert row.payment_qr.name == kept and row.days_to_pay == 15


def test_a_queued_close_says_when_no_worker_is_running(spring, client, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_WORKER_HEARTBEAT_FILE = tmp_path / "worker-alive"
    record = close.prepare_month_close(spring.campus, MARCH, spring.cashier)  # queued, no worker to take it
    client.force_login(spring.cashier)
    url = reverse("finance:close_detail", args=[record.pk])
    assert "后台任务程序未运行" in client.get(url).content.decode()
    assert "后台任务程序未运行" in client.get(url, headers={"HX-Request": "true"}).content.decode()
    workers.beat()  # what a running worker does every 30 s
    assert "后台任务程序未运行" not in client.get(url).content.decode()


def test_a_worker_heartbeat_older_than_three_beats_means_no_worker(settings, tmp_path, clock):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_WORKER_HEARTBEAT_FILE = tmp_path / "worker-alive"
    assert not workers.worker_running()
    clock.at("09:00")
    workers.beat()
    assert workers.worker_running()
    clock.at("09:02")
    assert not workers.worker_running()
    settings.CELERY_TASK_ALWAYS_EAGER = True  # tasks run in the caller: no worker is needed
    assert workers.worker_running()


def test_get_on_the_close_url_shows_the_close_page(spring, client, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_WORKER_HEARTBEAT_FILE = tmp_path / "worker-alive"
    client.force_login(spring.cashier)
    response = client.get(reverse("finance:close_start"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="month"' in page and "后台任务程序未运行" in page


def test_receipts_read_without_the_english_campus_code(spring, clock, client):
    clock.at(dt.date(2025, 3, 3))
    entry = services.record_payment(spring.children[0], "100", "cash", spring.cashier)
    assert entry.receipt_no == "SPRING-20250303-001"  # stored as before: unique per campus
    assert entry.receipt_label == "20250303001"
    assert LedgerEntry(receipt_no="W-1").receipt_label == "W-1"  # typed by hand: as typed
    with pytest.raises(ServiceError):  # the shown number typed by hand is the same receipt: refused
        services.record_payment(spring.children[1], "100", "cash", spring.cashier, receipt_no="20250303001")
    client.force_login(spring.cashier)
    page = client.get(reverse("finance:child_account", args=[spring.children[0].pk])).content.decode()
    assert "收据号 20250303001" in page and "SPRING-20250303" not in page


def test_the_cashier_cards_and_todos_use_a_fixed_number_of_queries(two_months, django_assert_num_queries):
    from finance.tests.test_dashboard import request_for

    with django_assert_num_queries(2):  # money owed (one aggregate), the latest canteen account
        dashboard.cards(two_months.campus, dt.date(2025, 4, 5))
    request = request_for(two_months.cashier, two_months.campus)
    with django_assert_num_queries(5):  # permissions (2), roles, claims to pay, money owed (one aggregate)
        todos = dashboard.todos(request, dt.date(2025, 4, 5))
    assert any("逾期欠费" in todo.title for todo in todos)
