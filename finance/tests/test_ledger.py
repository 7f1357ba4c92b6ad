"""Payments, refunds and reversals are append-only entries; every balance and total reconciles."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from finance import close, services
from finance.choices import EntryKind
from finance.models import AppendOnly, Bill, BillLine, LedgerEntry
from finance.reports import build_report
from finance.services import FinanceError
from tests.factories import make_attendance, school_days

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(spring):
    close.close_month(spring.campus, MARCH, render=False)
    return spring


def test_payment_methods_and_receipt_numbers(billed):
    child = billed.children[0]
    cash = services.record_payment(child, "500", "cash", billed.cashier, receipt_no="NO-001")
    wechat = services.record_payment(child, Decimal("100.50"), "wechat", billed.cashier)
    assert cash.amount == Decimal("-500.00") and cash.receipt_no == "NO-001"
    assert wechat.receipt_no.startswith("SPRING-")
    with pytest.raises(FinanceError, match="NO-001"):
        services.record_payment(billed.children[1], "10", "cash", billed.cashier, receipt_no="NO-001")
    with pytest.raises(FinanceError):
        services.record_payment(child, "0", "cash", billed.cashier)
    with pytest.raises(FinanceError):
        services.record_payment(child, "abc", "cash", billed.cashier)


def test_refund_paid_is_limited_to_the_familys_credit(billed):
    child = billed.children[0]
    bill = Bill.objects.get(child=child)
    services.record_payment(child, bill.total + 50, "alipay", billed.cashier)
    with pytest.raises(FinanceError, match="50.00"):
        services.record_refund(child, "50.01", "cash", billed.cashier)
    services.record_refund(child, "50", "bank", billed.cashier)
    assert LedgerEntry.objects.filter(child=child).balance() == 0


def test_a_mistake_is_corrected_by_a_reversing_entry_with_a_reason(billed):
    child = billed.children[0]
    wrong = services.record_payment(child, "1000", "cash", billed.cashier)
    before = LedgerEntry.objects.filter(child=child).balance()
    with pytest.raises(FinanceError):
        services.reverse_entry(wrong, "  ", billed.cashier)
    reversal = services.reverse_entry(wrong, "金额录错，应为100元", billed.cashier)
    assert reversal.amount == Decimal("1000.00") and reversal.reverses == wrong and reversal.kind == EntryKind.REVERSAL
    assert LedgerEntry.objects.filter(child=child).balance() == before + Decimal("1000.00")
    assert LedgerEntry.objects.filter(pk=wrong.pk).exists()  # the original stays
    with pytest.raises(FinanceError):
        services.reverse_entry(wrong, "again", billed.cashier)
    with pytest.raises(FinanceError):
        services.reverse_entry(reversal, "undo", billed.cashier)


def test_entries_are_never_edited_or_deleted(billed):
    entry = LedgerEntry.objects.filter(child=billed.children[0]).first()
    entry.amount = Decimal("1.00")
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_an_update(billed):
    entry = LedgerEntry.objects.filter(child=billed.children[0]).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE finance_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount


def test_the_admin_can_neither_change_nor_delete_entries(billed):
    request = RequestFactory().get("/")
    request.user = billed.director
    admin = site._registry[LedgerEntry]
    entry = LedgerEntry.objects.first()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)


def test_every_balance_and_total_reconciles(spring, clock):
    """Two closed months, random payments, refunds and reversals: each child's balance is the sum of
    its entries and equals bills − payments + refunds paid ± reversals; the report's totals agree."""
    rng = random.Random(6)
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    for child in spring.children:
        start = rng.randrange(0, len(march) - 4)
        make_attendance(child, march[start:start + rng.randrange(1, 5)], rng.choice(["sick", "personal"]))
    close.close_month(spring.campus, APRIL, render=False)
    for child in spring.children:
        for _ in range(3):
            services.record_payment(child, Decimal(rng.randrange(100, 90000)) / 100, rng.choice(["cash", "wechat", "alipay", "bank"]),
                                    spring.cashier)
        last = LedgerEntry.objects.filter(child=child, kind="payment").last()
        services.reverse_entry(last, "重复收款", spring.cashier)
        credit = -LedgerEntry.objects.filter(child=child).balance()
        if credit > 0:
            services.record_refund(child, credit / 2, "cash", spring.cashier)
    balances = services.balances([c.pk for c in spring.children])
    for child in spring.children:
        entries = list(LedgerEntry.objects.filter(child=child))
        assert balances[child.pk] == sum(e.amount for e in entries)
        billed = sum(b.total for b in Bill.objects.filter(child=child))
        assert billed == sum(line.amount for line in BillLine.objects.filter(bill__child=child))
        paid = -sum(e.amount for e in entries if e.kind == "payment")
        refunded = sum(e.amount for e in entries if e.kind == "refund_paid")
        reversed_ = sum(e.amount for e in entries if e.kind == "reversal")
        assert balances[child.pk] == billed - paid + refunded + reversed_
        april = Bill.objects.get(child=child, month=APRIL)
        assert april.opening_balance == Bill.objects.get(child=child, month=MARCH).total
        assert april.amount_due == april.opening_balance + april.total
    total_entries = sum(e.amount for e in LedgerEntry.objects.filter(campus=spring.campus))
    assert sum(balances.values()) == total_entries
    report = build_report(spring.campus, APRIL)
    april_lines = BillLine.objects.filter(bill__month=APRIL, bill__campus=spring.campus)
    assert report.billed_total - report.refunds_credited == sum(line.amount for line in april_lines)
    # The report's outstanding fees are arrears: nothing is past its due date on the day the bills go out…
    assert report.outstanding_total == 0
    # …and once every bill is past it, arrears are every positive balance.
    clock.at(max(Bill.objects.filter(campus=spring.campus).values_list("due_on", flat=True)) + dt.timedelta(days=1))
    assert build_report(spring.campus, APRIL).outstanding_total == sum(v for v in balances.values() if v > 0)
