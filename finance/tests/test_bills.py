"""Monthly bills: care fee, meal fee for the month's school days, last month's refunds with the days
listed, proration, term-end settlement, rounding to the fen."""

import datetime as dt
from decimal import Decimal

import pytest

from campus.choices import AttendanceStatus
from finance import close, services
from finance.choices import BillLineKind, FeeItemPeriod, RefundRule
from finance.models import Bill, FeeItem, FeeStandard, LedgerEntry
from finance.services import FinanceError, fen
from tests import factories
from tests.factories import (
    SPRING_2025,
    make_attendance,
    make_campus,
    make_classroom,
    make_fee_standard,
    school_days,
    set_refund_rule,
)

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


def lines(bill):
    return {line.kind: line for line in bill.lines.all()}


def test_rounding_to_the_fen_is_half_up():
    assert fen(Decimal("50.025")) == Decimal("50.03")  # banker's rounding would give 50.02
    assert fen(Decimal("0.125")) == Decimal("0.13")
    assert fen(Decimal("-0.125")) == Decimal("-0.13")
    assert fen(Decimal("266.6666")) == Decimal("266.67")


def test_full_month_bill_has_care_and_meal_fee_for_every_school_day(spring):
    days = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    bill = Bill.objects.get(child=spring.children[0], month=MARCH)
    by_kind = lines(bill)
    assert by_kind[BillLineKind.CARE].amount == Decimal("800.00")
    assert by_kind[BillLineKind.MEAL].amount == Decimal("15.00") * len(days)
    assert by_kind[BillLineKind.MEAL].days == [d.isoformat() for d in days]
    assert bill.total == Decimal("800.00") + 15 * len(days)
    assert bill.school_days == bill.enrolled_days == len(days)
    assert LedgerEntry.objects.filter(child=spring.children[0]).balance() == bill.total


def test_last_months_absences_refunded_under_the_rule_with_the_days_listed(spring):
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    first, second, third = spring.children
    make_attendance(first, march[4:7], "personal")  # 3 consecutive days: Shenzhen rule refunds 2
    make_attendance(second, march[10:11], "sick")  # 1 day: nothing
    make_attendance(third, march[2:4], "sick")  # 2 days: 1 refunded
    close.close_month(spring.campus, APRIL, render=False)
    refund = lines(Bill.objects.get(child=first, month=APRIL))[BillLineKind.MEAL_REFUND]
    assert refund.amount == Decimal("-30.00")
    assert refund.days == [d.isoformat() for d in march[5:7]]
    assert refund.period == MARCH
    assert BillLineKind.MEAL_REFUND not in lines(Bill.objects.get(child=second, month=APRIL))
    assert lines(Bill.objects.get(child=third, month=APRIL))[BillLineKind.MEAL_REFUND].days == [march[3].isoformat()]


@pytest.mark.parametrize(("rule", "n", "expected_days"), [
    (RefundRule.EVERY_DAY, 2, 4),
    (RefundRule.BEYOND_N, 3, 1),
    (RefundRule.N_MINUS_ONE, 2, 3),
    (RefundRule.SICK_ONLY, 2, 2),
    (RefundRule.NONE, 2, 0),
])
def test_the_campus_setting_chooses_the_rule(spring, rule, n, expected_days):
    set_refund_rule(spring.campus, rule, n)
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    child = spring.children[0]
    make_attendance(child, march[0:2], "personal")
    make_attendance(child, march[2:4], "sick")
    close.close_month(spring.campus, APRIL, render=False)
    refund = lines(Bill.objects.get(child=child, month=APRIL)).get(BillLineKind.MEAL_REFUND)
    refunded = int(refund.quantity) if refund else 0
    assert refunded == expected_days
    assert (refund.amount if refund else 0) == -15 * expected_days


def test_only_charged_days_are_refunded(spring):
    """A child without a March bill (no meal fee charged) gets no refund for March."""
    march = school_days(spring.campus, MARCH)
    late = factories.make_child(spring.room, "丁", enrolled_on=dt.date(2025, 2, 17))
    make_attendance(late, march[0:5], "sick")
    close.close_month(spring.campus, APRIL, render=False)
    assert BillLineKind.MEAL_REFUND not in lines(Bill.objects.get(child=late, month=APRIL))


def test_joining_mid_month_is_prorated_by_school_days_and_rounded_half_up(spring):
    march = school_days(spring.campus, MARCH)
    standard = FeeStandard.objects.get(campus=spring.campus)
    FeeStandard.objects.filter(pk=standard.pk).update(care_fee_month=Decimal("100.05"))
    joins = march[len(march) // 2]
    child = factories.make_child(spring.room, "新来", enrolled_on=joins)
    close.close_month(spring.campus, MARCH, render=False)
    enrolled = [d for d in march if d >= joins]
    by_kind = lines(Bill.objects.get(child=child, month=MARCH))
    expected = (Decimal("100.05") * len(enrolled) / len(march)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert by_kind[BillLineKind.CARE].amount == expected
    assert by_kind[BillLineKind.MEAL].amount == 15 * len(enrolled)
    assert str(len(enrolled)) in by_kind[BillLineKind.CARE].description


def test_half_a_fen_rounds_up_in_a_proration():
    campus = make_campus("half", "春天幼儿园", term=(dt.date(2025, 3, 3), dt.date(2025, 3, 14)))  # 10 school days
    room = make_classroom(campus, "中一班")
    make_fee_standard(campus, care="0.05", meal="1.00")
    child = factories.make_child(room, "半", enrolled_on=dt.date(2025, 3, 10))  # 5 of 10 days: 0.025
    close.close_month(campus, MARCH, render=False)
    assert lines(Bill.objects.get(child=child, month=MARCH))[BillLineKind.CARE].amount == Decimal("0.03")


def test_leaving_mid_month_is_prorated(spring):
    march = school_days(spring.campus, MARCH)
    child = spring.children[1]
    child.left_on = march[4]
    child.save()
    close.close_month(spring.campus, MARCH, render=False)
    by_kind = lines(Bill.objects.get(child=child, month=MARCH))
    assert by_kind[BillLineKind.MEAL].amount == Decimal("75.00")
    assert by_kind[BillLineKind.CARE].amount == fen(Decimal("800") * 5 / len(march))


def test_term_end_settlement_refunds_the_last_months_absences():
    campus = make_campus("short", "春天幼儿园", term=(dt.date(2025, 3, 3), dt.date(2025, 3, 31)))
    room = make_classroom(campus, "中一班")
    make_fee_standard(campus)
    child = factories.make_child(room, "末", enrolled_on=dt.date(2025, 3, 3))
    march = school_days(campus, MARCH)
    close.close_month(campus, MARCH, render=False)
    cashier = factories.make_staff("cashier", campus).user
    services.record_payment(child, Bill.objects.get(child=child).total, "wechat", cashier)
    make_attendance(child, march[-3:], "sick")
    close.close_month(campus, APRIL, render=False)  # no school days in April: a settlement
    bill = Bill.objects.get(child=child, month=APRIL)
    assert bill.is_settlement
    assert [line.kind for line in bill.lines.all()] == [BillLineKind.MEAL_REFUND]
    assert bill.amount_due == Decimal("-30.00")
    assert bill.refund_due == Decimal("30.00")
    services.record_refund(child, bill.refund_due, "cash", cashier, "学期末结算")
    assert LedgerEntry.objects.filter(child=child).balance() == 0


def test_term_items_are_billed_once_monthly_items_every_month(spring):
    standard = FeeStandard.objects.get(campus=spring.campus)
    FeeStandard.objects.filter(pk=standard.pk).update(published_at=None)
    standard.refresh_from_db()
    services.save_fee_standard(standard, spring.director, items=[
        FeeItem(name="床上用品", amount=Decimal("120.00"), period=FeeItemPeriod.TERM),
        FeeItem(name="校车费", amount=Decimal("200.00"), period=FeeItemPeriod.MONTH),
    ])
    services.publish_fee_standard(standard, spring.director)
    close.close_month(spring.campus, MARCH, render=False)
    close.close_month(spring.campus, APRIL, render=False)
    child = spring.children[0]
    march = [line.description for line in Bill.objects.get(child=child, month=MARCH).lines.filter(kind="other")]
    april = [line.description for line in Bill.objects.get(child=child, month=APRIL).lines.filter(kind="other")]
    assert sorted(march) == ["床上用品", "校车费"]
    assert april == ["校车费"]


def test_no_published_fee_standard_stops_the_close_with_a_clear_message():
    campus = make_campus("nofee", "春天幼儿园", term=SPRING_2025)
    room = make_classroom(campus, "中一班")
    factories.make_child(room, "无", enrolled_on=dt.date(2025, 2, 17))
    with pytest.raises(FinanceError, match="收费标准"):
        close.close_month(campus, MARCH, render=False)


def test_a_published_fee_standard_is_frozen(spring):
    standard = FeeStandard.objects.get(campus=spring.campus)
    standard.care_fee_month = Decimal("1.00")
    with pytest.raises(FinanceError):
        services.save_fee_standard(standard, spring.director)
    assert FeeStandard.objects.get(pk=standard.pk).care_fee_month == Decimal("800.00")


def test_a_status_outside_the_refundable_set_is_not_refunded(spring):
    """Only the refundable statuses are refunded: a status added later (here "late", written straight
    into the table) is not, where ``.exclude(status="present")`` would have refunded it silently."""
    set_refund_rule(spring.campus, RefundRule.EVERY_DAY)
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    first, second, _third = spring.children
    make_attendance(first, march[2:4], "late")
    make_attendance(second, march[2:4], AttendanceStatus.PERSONAL)
    close.close_month(spring.campus, APRIL, render=False)
    assert BillLineKind.MEAL_REFUND not in lines(Bill.objects.get(child=first, month=APRIL))
    assert lines(Bill.objects.get(child=second, month=APRIL))[BillLineKind.MEAL_REFUND].amount == Decimal("-30.00")
