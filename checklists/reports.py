"""Read-only figures: completion rates, today's summary (dashboard). The register is checklists/registers.py."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import Department, FollowUpStatus, RunStatus
from .models import FollowUp, Run

PERIODS = ("day", "week", "month")


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if period == "month":
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day, day


def _counts(now=None):
    """``due`` is what a rate counts: runs whose time has come (due_at <= now) and runs already done
    (a run done early is not held against anyone, nor ignored). Runs generated for later in the period
    are ``total`` but not ``due``: on a Wednesday, Thursday's and Friday's runs don't lower the rate."""
    now = now or timezone.now()
    return {
        "total": Count("id"),
        "due": Count("id", filter=Q(due_at__lte=now) | Q(status=RunStatus.DONE)),
        "later": Count("id", filter=Q(due_at__gt=now) & ~Q(status=RunStatus.DONE)),
        "done": Count("id", filter=Q(status=RunStatus.DONE)),
        "on_time": Count("id", filter=Q(status=RunStatus.DONE, completed_at__lte=F("grace_until"))),
        "overdue": Count("id", filter=Q(status=RunStatus.OVERDUE)),
        "open": Count("id", filter=Q(status=RunStatus.OPEN)),
    }


def _rate(row) -> str:
    """Done out of due (not out of every run generated for the period)."""
    return f"{row['done'] * 100 / row['due']:.0f}%" if row["due"] else "—"


def completion_rates(campus, first: dt.date, last: dt.date, now=None) -> dict:
    """Rates (done / due) by department, place and person for runs dated in [first, last] (four queries)."""
    counts = _counts(now)
    runs = Run.objects.filter(campus=campus, period_start__range=(first, last))
    departments = dict(Department.choices)
    by_department = [
        {**row, "label": str(departments.get(row["template__department"], row["template__department"])), "rate": _rate(row)}
        for row in runs.values("template__department").annotate(**counts).order_by("template__department")
    ]
    by_place = [
        {**row, "label": row["place"] or "—", "rate": _rate(row)}
        for row in runs.values("place").annotate(**counts).order_by("place")
    ]
    by_person = [
        {**row, "label": row["completed_by__staff__name"] or row["completed_by__username"], "late": row["done"] - row["on_time"]}
        for row in runs.filter(status=RunStatus.DONE)
        .values("completed_by", "completed_by__staff__name", "completed_by__username")
        .annotate(**counts).order_by("completed_by__staff__name")
    ]
    total = runs.aggregate(**counts)
    total["rate"] = _rate(total)
    return {"department": by_department, "place": by_place, "person": by_person, "total": total}


def today_by_department(campus, day: dt.date, now=None) -> list[dict]:
    """The day's runs by department: total, due (so far), done, open, overdue, later (one query)."""
    departments = dict(Department.choices)
    return [
        {**row, "label": str(departments.get(row["template__department"], row["template__department"])), "rate": _rate(row)}
        for row in Run.objects.filter(campus=campus, period_start=day)
        .values("template__department").annotate(**_counts(now)).order_by("template__department")
    ]


def open_follow_ups(campus, day: dt.date) -> dict:
    return FollowUp.objects.filter(campus=campus, status__in=[FollowUpStatus.OPEN, FollowUpStatus.CLOSED]).aggregate(
        open=Count("id", filter=Q(status=FollowUpStatus.OPEN)),
        late=Count("id", filter=Q(status=FollowUpStatus.OPEN, due_on__lt=day)),
        to_verify=Count("id", filter=Q(status=FollowUpStatus.CLOSED)),
    )
