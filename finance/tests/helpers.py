"""Builders for the finance tests: a published fee standard, attendance, a closed month."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.calendar import SchoolCalendar
from campus.choices import AttendanceStatus
from campus.models import Attendance, Term
from finance import services
from finance.models import FeeItem, FeeStandard, FinanceSettings


def this_month() -> dt.date:
    return services.month_start(timezone.localdate())


def last_month() -> dt.date:
    return services.previous_month(this_month())


def publish_fees(campus, care="800.00", meal="15.00", items=(), user=None) -> FeeStandard:
    term = Term.objects.filter(campus=campus).order_by("-starts_on").first()
    standard = FeeStandard.objects.create(campus=campus, term=term, care_fee_month=Decimal(care), meal_fee_day=Decimal(meal))
    for name, amount, period in items:
        FeeItem.objects.create(standard=standard, name=name, amount=Decimal(amount), period=period)
    return services.publish_fee_standard(standard, user)


def school_days(campus, month) -> list[dt.date]:
    return SchoolCalendar(campus, month, services.month_end(month)).school_days()


def mark(child, days, status=AttendanceStatus.SICK, reason=""):
    for day in days:
        Attendance.objects.update_or_create(
            child=child, date=day,
            defaults={"campus": child.campus, "classroom": child.classroom, "status": status, "reason": reason},
        )


def all_present(children, days):
    rows = [Attendance(campus=c.campus, classroom=c.classroom, child=c, date=d, status=AttendanceStatus.PRESENT)
            for c in children for d in days]
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)


def set_rule(campus, rule, n=2):
    row = FinanceSettings.for_campus(campus)
    row.refund_rule, row.refund_threshold_days = rule, n
    row.save()
    return row


def make_term_campus(code="spring", start=dt.date(2025, 2, 17), end=dt.date(2025, 7, 11)):
    """A campus with one known term (in a year the national calendar knows), a class and no children."""
    from campus.models import Campus
    from tests import factories

    campus = Campus.objects.create(code=code, name="春天幼儿园")
    Term.objects.create(campus=campus, name="2025年春季学期", starts_on=start, ends_on=end)
    room = factories.make_classroom(campus, "中一班")
    return campus, room
