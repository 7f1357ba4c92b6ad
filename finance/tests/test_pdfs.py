"""The PDFs (statement, canteen disclosure, finance report): A4, Chinese text extractable with the
right totals, fonts embedded; month close splits one rendered document into one PDF per child."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance import close, pdfs, services
from finance.choices import CostKind
from finance.models import Bill
from finance.reports import build_report
from tests.factories import make_all_present, make_attendance, school_days

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes, tmp_path, name="doc") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def fonts_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def page_size(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size"))


@pytest.fixture
def april(spring):
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    make_all_present(spring.children, march)
    make_attendance(spring.children[0], march[4:7], "sick")
    close.close_month(spring.campus, APRIL, render=False)
    return spring


def test_statement_pdf_has_the_chinese_title_lines_refund_days_and_totals(april, tmp_path):
    bill = Bill.objects.get(child=april.children[0], month=APRIL)
    with translation.override("zh-hans"):
        pdf = pdfs.render_statement(bill)
    text = text_of(pdf, tmp_path)
    assert "幼儿收费月结单" in text and "春天幼儿园" in text and "2025-04" in text and "甲" in text
    assert "保教费" in text and "伙食费" in text and "缺勤退伙食费" in text
    march = school_days(april.campus, MARCH)
    assert all(day.strftime("%m-%d") in text for day in march[5:7])  # the refunded days, listed
    assert str(bill.total) in text and str(bill.amount_due) in text and "-30.00" in text
    assert "出纳" in text and "园长" in text and "连续请假" in text
    assert "A4" in page_size(pdf, tmp_path)
    fonts = fonts_of(pdf, tmp_path)
    assert "CID" in fonts or "TrueType" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # every font embedded


def test_month_close_splits_one_document_into_one_statement_per_child(april, tmp_path):
    bills = list(Bill.objects.filter(month=APRIL).select_related("child__classroom", "campus").order_by("child__name"))
    with translation.override("zh-hans"):
        documents = pdfs.render_statements_batch(bills)
    assert len(documents) == 3
    for bill, pdf in zip(bills, documents, strict=True):
        text = text_of(pdf, tmp_path, str(bill.pk))
        assert f"幼儿：{bill.child.name}" in text.replace(" ", "")
        others = {b.child.name for b in bills} - {bill.child.name}
        assert not any(f"幼儿：{name}" in text.replace(" ", "") for name in others)
        assert str(bill.amount_due) in text


def test_canteen_disclosure_pdf(april, tmp_path):
    services.add_cost_line(april.campus, MARCH, CostKind.FOOD, "大米 50公斤", "300.00", april.cashier, "50kg")
    services.add_cost_line(april.campus, MARCH, CostKind.STAFF_MEALS, "教职工伙食", "20.00", april.cashier)
    account = services.refresh_canteen_draft(april.campus, MARCH)
    services.post_account(account, april.director)
    account.refresh_from_db()
    with translation.override("zh-hans"):
        text = text_of(pdfs.render_canteen(account), tmp_path)
    assert "伙食账目公示" in text and "2025-03" in text and "春天幼儿园" in text
    assert "大米 50公斤" in text and str(account.income) in text and "280.00" in text
    assert str(account.balance) in text and f"{account.term_percent}%" in text
    assert "幼儿就餐人天数" in text and "审核（园长）" in text


def test_finance_report_pdf(april, tmp_path):
    child = april.children[0]
    services.record_payment(child, "500.00", "wechat", april.cashier)
    report = build_report(april.campus, services.month_start(timezone.localdate()))
    with translation.override("zh-hans"):
        text = text_of(pdfs.render_report(report), tmp_path)
    assert "财务月报表" in text and "微信支付" in text and "500.00" in text
    april_report = build_report(april.campus, APRIL)
    assert april_report.refunds_credited == Decimal("30.00")
    with translation.override("zh-hans"):
        text = text_of(pdfs.render_report(april_report), tmp_path, "april")
    assert str(april_report.billed_total) in text and "欠费合计" in text and str(april_report.outstanding_total) in text


def test_statement_pdf_views_serve_the_stored_file_or_render_it(april, client):
    bill = Bill.objects.get(child=april.children[0], month=APRIL)
    client.force_login(april.cashier)
    response = client.get(reverse("finance:bill_pdf", args=[bill.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    close.close_month(april.campus, APRIL)  # renders and stores the statements
    bill.refresh_from_db()
    assert bill.pdf
    response = client.get(reverse("finance:bill_pdf", args=[bill.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pool_of_two_processes_renders_the_same_statements(april, settings, tmp_path):
    settings.FINANCE_PDF_WORKERS = 2
    with translation.override("zh-hans"):
        rendered = pdfs.render_missing_statements(april.campus, APRIL, batch=2)
    assert rendered == 3
    for bill in Bill.objects.filter(month=APRIL).select_related("child"):
        text = text_of(bill.pdf.read(), tmp_path, f"pool-{bill.pk}")
        assert f"幼儿：{bill.child.name}" in text.replace(" ", "") and str(bill.amount_due) in text
