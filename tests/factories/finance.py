"""Finance factories: fee standards (published through the service), the spring-2025 campus the
finance tests bill, claims, canteen accounts and the refund rule."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.calendar import SchoolCalendar
from campus.models import Term
from campus.roles import Role
from finance import services
from finance.models import FeeItem, FeeStandard, FinanceSettings, Reimbursement

from .campus import SPRING_2025, make_campus, make_child, make_classroom, make_staff
from .files import make_image


def this_month() -> dt.date:
    return services.month_start(timezone.localdate())


def last_month() -> dt.date:
    return services.previous_month(this_month())


def school_days(campus, month) -> list[dt.date]:
    return SchoolCalendar(campus, month, services.month_end(month)).school_days()


def make_fee_standard(campus, care="800.00", meal="15.00", items=(), user=None, term=None, publish=True) -> FeeStandard:
    """A fee standard for ``term`` (default: the campus's latest), published through the service
    unless ``publish=False``. ``items``: [(name, amount, period)]."""
    term = term or Term.objects.filter(campus=campus).order_by("-starts_on").first()
    standard = FeeStandard.objects.create(campus=campus, term=term, care_fee_month=Decimal(care), meal_fee_day=Decimal(meal))
    for name, amount, period in items:
        FeeItem.objects.create(standard=standard, name=name, amount=Decimal(amount), period=period)
    return services.publish_fee_standard(standard, user) if publish else standard


def set_refund_rule(campus, rule, n=2) -> FinanceSettings:
    row = FinanceSettings.for_campus(campus)
    row.refund_rule, row.refund_threshold_days = rule, n
    row.save()
    return row


@dataclass
class SpringCampus:
    """春天幼儿园 in the spring term of 2025: 中一班 with its children, a cashier and a director (users)."""

    campus: object
    room: object
    children: list
    cashier: object
    director: object


def make_spring_campus(code="spring", children=("甲", "乙", "丙"), fees=True) -> SpringCampus:
    """春天幼儿园 with the spring term of 2025 (a year the national calendar knows), 中一班, a cashier
    and a director; fees published (care ¥800/month, meals ¥15/day) unless ``fees=False``."""
    campus = make_campus(code, "春天幼儿园", term=SPRING_2025)
    room = make_classroom(campus, "中一班")
    cashier = make_staff(Role.CASHIER, campus, username=f"{code}-cashier")
    director = make_staff(Role.DIRECTOR, campus, username=f"{code}-director")
    if fees:
        make_fee_standard(campus, user=director.user)
    kids = [make_child(room, name, enrolled_on=SPRING_2025[0]) for name in children]
    return SpringCampus(campus=campus, room=room, children=kids, cashier=cashier.user, director=director.user)


def make_claim(campus, claimant, title="买拖把", amount="45.00", approved_by=None, **extra) -> Reimbursement:
    """A claim submitted through the service with one receipt photo; approved by ``approved_by``
    when given."""
    claim = Reimbursement(campus=campus, title=title, amount=Decimal(amount), spent_on=timezone.localdate(), **extra)
    claim = services.submit_claim(claim, [SimpleUploadedFile("r.png", make_image(), "image/png")], claimant)
    if approved_by is not None:
        claim = services.approve_claim(claim, approved_by)
    return claim


def make_canteen_account(campus, month, user=None, post=False):
    """The month's canteen account drafted (and posted, with ``post``) through the services."""
    account = services.refresh_canteen_draft(campus, month, user)
    return services.post_account(account, user) if post else account
