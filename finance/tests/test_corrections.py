"""Attendance corrected after its month's refunds were billed: the change reaches the child's next
bill as an adjustment line; the bill that refunded the month is never edited, a rerun adds nothing
twice, and a correction reversed before the next bill cancels out."""

import datetime as dt
from decimal import Decimal

import pytest

from campus.choices import AttendanceStatus
from campus.services import set_attendance
from finance import close, services
from finance.choices import BillLineKind, EntryKind, RefundRule
from finance.models import Bill, BillLine, LedgerEntry
from tests.factories import make_all_present, make_attendance, school_days, set_refund_rule

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db

MAY, JUNE = dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def snapshot(bill):
    return [(line.kind, line.amount, line.days) for line in bill.lines.order_by("pk")], bill.total


def adjustments(child, month):
    return list(BillLine.objects.filter(bill__child=child, bill__month=month, kind=BillLineKind.REFUND_ADJUSTMENT))


def close_at(clock, campus, month):
    clock.at(month)
    return close.close_month(campus, month, render=False)


@pytest.fixture
def billed_april(spring, clock):
    """March billed and April's bill (refunding March) issued, every child present all March."""
    clock.at(dt.date(2025, 2, 28))  # the rule in force for March (its history counts)
    set_refund_rule(spring.campus, RefundRule.EVERY_DAY)
    march = school_days(spring.campus, MARCH)
    clock.at(dt.date(2025, 3, 31))
    make_all_present(spring.children, march)
    close_at(clock, spring.campus, MARCH)
    close_at(clock, spring.campus, APRIL)
    spring.march = march
    return spring


def test_a_day_corrected_to_sick_leave_after_the_refund_bill_is_refunded_on_the_next_bill(billed_april, clock):
    s = billed_april
    child, day = s.children[0], s.march[5]
    april_bill = Bill.objects.get(child=child, month=APRIL)
    before = snapshot(april_bill)
    assert not april_bill.lines.filter(kind=BillLineKind.MEAL_REFUND).exists()

    clock.at(dt.date(2025, 4, 20))
    set_attendance(child, day, AttendanceStatus.SICK, s.director, reason="发烧", reason_for_change="家长补交病假条")
    close_at(clock, s.campus, MAY)

    [line] = adjustments(child, MAY)
    assert line.amount == Decimal("-15.00")
    assert line.days == [day.isoformat()]
    assert child.name in line.description and day.isoformat() in line.description
    assert str(AttendanceStatus.SICK.label) in line.description
    assert line.period == APRIL  # the money moves in the month it is billed
    assert LedgerEntry.objects.get(bill_line=line).kind == EntryKind.ABSENCE_REFUND
    assert snapshot(Bill.objects.get(child=child, month=APRIL)) == before  # the closed bill is never edited
    assert not adjustments(s.children[1], MAY)  # nothing for the others
    # The canteen account of the month it is billed in counts it among the refunds.
    assert services.calculate_account(s.campus, APRIL)[0]["refunds"] == Decimal("15.00")

    # Running the close again, or the next month's close, adds nothing twice.
    close_at(clock, s.campus, MAY)
    clock.at(dt.date(2025, 5, 20))
    close_at(clock, s.campus, JUNE)
    assert len(adjustments(child, MAY)) == 1
    assert not adjustments(child, JUNE)


def test_a_refunded_day_corrected_to_present_is_charged_back_on_the_next_bill(spring, clock):
    clock.at(dt.date(2025, 2, 28))  # the rule in force for March (its history counts)
    set_refund_rule(spring.campus, RefundRule.EVERY_DAY)
    march = school_days(spring.campus, MARCH)
    child = spring.children[0]
    close_at(clock, spring.campus, MARCH)
    make_attendance(child, march[2:4], AttendanceStatus.PERSONAL)
    close_at(clock, spring.campus, APRIL)
    refund = Bill.objects.get(child=child, month=APRIL).lines.get(kind=BillLineKind.MEAL_REFUND)
    assert refund.amount == Decimal("-30.00")

    clock.at(dt.date(2025, 4, 10))
    set_attendance(child, march[3], AttendanceStatus.PRESENT, spring.director, reason_for_change="记错了")
    close_at(clock, spring.campus, MAY)

    [line] = adjustments(child, MAY)
    assert line.amount == Decimal("15.00")
    assert line.days == [march[3].isoformat()]
    assert LedgerEntry.objects.get(bill_line=line).kind == EntryKind.CHARGE
    assert Bill.objects.get(child=child, month=APRIL).lines.get(kind=BillLineKind.MEAL_REFUND).amount == Decimal("-30.00")

    # Corrected back to leave afterwards: June's bill refunds it again (the charge-back is counted).
    clock.at(dt.date(2025, 5, 12))
    set_attendance(child, march[3], AttendanceStatus.PERSONAL, spring.director, reason_for_change="核实为事假")
    close_at(clock, spring.campus, JUNE)
    [again] = adjustments(child, JUNE)
    assert again.amount == Decimal("-15.00")


def test_a_correction_reversed_before_the_next_bill_cancels_out(billed_april, clock):
    s = billed_april
    child, day = s.children[1], s.march[7]
    clock.at(dt.date(2025, 4, 15))
    set_attendance(child, day, AttendanceStatus.SICK, s.director)
    set_attendance(child, day, AttendanceStatus.PRESENT, s.director)
    close_at(clock, s.campus, MAY)
    assert not adjustments(child, MAY)


def test_a_status_that_is_not_refundable_gives_no_adjustment(billed_april, clock):
    """A status added later (here written straight into the table, e.g. "late") is not a leave."""
    from campus.models import Attendance

    s = billed_april
    child, day = s.children[2], s.march[1]
    clock.at(dt.date(2025, 4, 15))
    Attendance.objects.filter(child=child, date=day).update(status="late", recorded_at=dt.datetime.now(dt.UTC))
    close_at(clock, s.campus, MAY)
    assert not adjustments(child, MAY)


def test_a_correction_made_in_the_admin_reaches_the_next_bill_too(billed_april, clock, client):
    from django.urls import reverse

    from campus.models import Attendance
    from tests import factories

    s = billed_april
    child, day = s.children[0], s.march[9]
    factories.make_user("root", password="pw-123456!", is_staff=True, is_superuser=True)
    clock.at(dt.date(2025, 4, 22))
    assert factories.log_in(client, "root", "pw-123456!")
    row = Attendance.objects.get(child=child, date=day)
    response = client.post(reverse("admin:campus_attendance_change", args=[row.pk]), {
        "campus": s.campus.pk, "classroom": s.room.pk, "child": child.pk, "date": day.isoformat(),
        "status": AttendanceStatus.SICK, "reason": "补登病假",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    close_at(clock, s.campus, MAY)
    [line] = adjustments(child, MAY)
    assert line.amount == Decimal("-15.00") and line.days == [day.isoformat()]


def test_a_month_is_refunded_again_under_the_rule_it_was_billed_under(spring, clock):
    """The rule changed after April's bill: a March correction still follows March's rule, and the
    days already refunded under it are not withdrawn."""
    clock.at(dt.date(2025, 2, 28))  # the rule in force for March (its history counts)
    set_refund_rule(spring.campus, RefundRule.EVERY_DAY)
    march = school_days(spring.campus, MARCH)
    child = spring.children[0]
    close_at(clock, spring.campus, MARCH)
    make_attendance(child, march[2:4], AttendanceStatus.PERSONAL)
    close_at(clock, spring.campus, APRIL)
    clock.at(dt.date(2025, 4, 10))
    set_refund_rule(spring.campus, RefundRule.NONE)
    clock.at(dt.date(2025, 4, 11))
    set_attendance(child, march[8], AttendanceStatus.SICK, spring.director)
    close_at(clock, spring.campus, MAY)
    [line] = adjustments(child, MAY)
    assert line.amount == Decimal("-15.00") and line.days == [march[8].isoformat()]
