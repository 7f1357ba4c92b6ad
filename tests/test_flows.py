"""Flows across departments (DESIGN.md): attendance is the single source of truth that the
kitchen's meal counts and finance's refunds read; the kitchen's accepted food is the canteen
account's cost."""

import datetime as dt
from decimal import Decimal

import pytest

from campus.calendar import SchoolCalendar
from campus.roles import Role
from campus.services import record_class_attendance
from finance import close as finance_close
from finance import services as finance
from finance.choices import BillLineKind
from finance.models import Bill
from health.models import SickFollowUp
from kitchen.analysis import meal_counts
from tests import factories
from tests.factories import SPRING_2025, make_campus, make_classroom, make_fee_standard

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)


def test_a_sick_leave_reaches_the_kitchen_and_the_bill(django_capture_on_commit_callbacks):
    campus = make_campus("spring", "春天幼儿园", term=SPRING_2025)
    room = make_classroom(campus, "中一班")
    director = factories.make_staff(Role.DIRECTOR, campus).user
    teacher = factories.make_staff(Role.TEACHER, campus).user
    make_fee_standard(campus, care="800.00", meal="15.00", user=director)
    ill = factories.make_child(room, "生病的孩子", enrolled_on=dt.date(2025, 2, 17))
    well = factories.make_child(room, "健康的孩子", enrolled_on=dt.date(2025, 2, 17))
    days = SchoolCalendar(campus, MARCH, dt.date(2025, 3, 31)).school_days()
    sick_days = [dt.date(2025, 3, 10), dt.date(2025, 3, 11), dt.date(2025, 3, 12)]  # Monday to Wednesday
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            exceptions = {ill.pk: ("sick", "发烧")} if day in sick_days else {}
            record_class_attendance(room, day, exceptions, teacher)

    # Health follows each sick day up (a follow-up per sick-leave record, opened on commit).
    follow_ups = SickFollowUp.objects.filter(child=ill).order_by("date")
    assert [f.date for f in follow_ups] == sick_days
    assert not SickFollowUp.objects.filter(child=well).exists()

    # The kitchen cooks for the children who are there.
    counts = meal_counts(campus, dt.date(2025, 3, 10))
    assert {r.name: n for r, n in counts.classes}[room.name] == 1
    assert {r.name: n for r, n in meal_counts(campus, dt.date(2025, 3, 13)).classes}[room.name] == 2

    # Finance: March is billed, April's bill refunds March's leave under the campus rule
    # (default: 2+ consecutive days of leave refund all but the first day).
    finance_close.close_month(campus, MARCH, render=False)
    finance_close.close_month(campus, APRIL, render=False)
    april_ill = Bill.objects.get(child=ill, month=APRIL)
    refund = april_ill.lines.get(kind=BillLineKind.MEAL_REFUND)
    assert refund.amount == Decimal("-30.00")
    assert refund.days == ["2025-03-11", "2025-03-12"]
    assert not Bill.objects.get(child=well, month=APRIL).lines.filter(kind=BillLineKind.MEAL_REFUND).exists()
    # The refund is the canteen's: March's meal income is the fees billed less the refund.
    figures, _lines = finance.calculate_account(campus, MARCH)
    assert figures["income"] == Decimal("15.00") * len(days) * 2 - Decimal("30.00")


def test_a_child_sent_home_at_the_morning_check_is_a_sick_leave_for_the_kitchen_and_health(
        django_capture_on_commit_callbacks):
    """The health teacher's morning check is the day's attendance: checked in is present, sent home
    at the gate is a sick leave, so lunch is not cooked for that child and the leave is followed up."""
    from health import services as health
    from health.choices import CheckAction, CheckSession, Finding
    from health.services import CheckEntry
    from tests.factories import make_entry_exams

    campus = make_campus("spring", "春天幼儿园", term=SPRING_2025)
    room = make_classroom(campus, "中一班")
    nurse = factories.make_staff(Role.HEALTH, campus).user
    feverish = factories.make_child(room, "发烧的孩子", enrolled_on=dt.date(2025, 2, 17))
    well = factories.make_child(room, "健康的孩子", enrolled_on=dt.date(2025, 2, 17))
    make_entry_exams(feverish, well, day=dt.date(2025, 2, 1))  # the entry health certificate: without it a child cannot start
    day = dt.date(2025, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        health.submit_class_check(room, day, CheckSession.MORNING, {
            feverish.pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.6", findings=[Finding.FEVER]),
        }, nurse)
    assert {r.name: n for r, n in meal_counts(campus, day).classes}[room.name] == 1
    assert SickFollowUp.objects.filter(child=feverish, date=day).count() == 1  # one, not one per source
