"""Read-only figures: completion rates, today's summary (dashboard), the xlsx register."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.people import display_name

from .choices import Department, FollowUpStatus, RunStatus
from .models import FollowUp, ItemResult, Run

PERIODS = ("day", "week", "month")


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if period == "month":
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day, day


def _counts():
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(status=RunStatus.DONE)),
        "on_time": Count("id", filter=Q(status=RunStatus.DONE, completed_at__lte=F("grace_until"))),
        "overdue": Count("id", filter=Q(status=RunStatus.OVERDUE)),
        "open": Count("id", filter=Q(status=RunStatus.OPEN)),
    }


def _rate(row) -> str:
    return f"{row['done'] * 100 / row['total']:.0f}%" if row["total"] else "—"


def completion_rates(campus, first: dt.date, last: dt.date) -> dict:
    """Rates by department, place and person for runs dated in [first, last] (three queries)."""
    runs = Run.objects.filter(campus=campus, period_start__range=(first, last))
    departments = dict(Department.choices)
    by_department = [
        {**row, "label": str(departments.get(row["template__department"], row["template__department"])), "rate": _rate(row)}
        for row in runs.values("template__department").annotate(**_counts()).order_by("template__department")
    ]
    by_place = [
        {**row, "label": row["place"] or "—", "rate": _rate(row)}
        for row in runs.values("place").annotate(**_counts()).order_by("place")
    ]
    by_person = [
        {**row, "label": row["completed_by__staff__name"] or row["completed_by__username"], "late": row["done"] - row["on_time"]}
        for row in runs.filter(status=RunStatus.DONE)
        .values("completed_by", "completed_by__staff__name", "completed_by__username")
        .annotate(**_counts()).order_by("completed_by__staff__name")
    ]
    total = runs.aggregate(**_counts())
    total["rate"] = _rate(total)
    return {"department": by_department, "place": by_place, "person": by_person, "total": total}


def today_by_department(campus, day: dt.date) -> list[dict]:
    departments = dict(Department.choices)
    return [
        {**row, "label": str(departments.get(row["template__department"], row["template__department"]))}
        for row in Run.objects.filter(campus=campus, period_start=day)
        .values("template__department").annotate(**_counts()).order_by("template__department")
    ]


def open_follow_ups(campus, day: dt.date) -> dict:
    return FollowUp.objects.filter(campus=campus, status__in=[FollowUpStatus.OPEN, FollowUpStatus.CLOSED]).aggregate(
        open=Count("id", filter=Q(status=FollowUpStatus.OPEN)),
        late=Count("id", filter=Q(status=FollowUpStatus.OPEN, due_on__lt=day)),
        to_verify=Count("id", filter=Q(status=FollowUpStatus.CLOSED)),
    )


def register_rows(campus, first: dt.date, last: dt.date):
    """One row per answer (and one per run not done): what an inspector wants to see."""
    runs = (
        Run.objects.filter(campus=campus, period_start__range=(first, last))
        .select_related("template", "completed_by__staff")
        .order_by("period_start", "template__department", "template__title", "id")
    )
    results: dict[int, list] = {}
    for result in ItemResult.objects.filter(run__in=runs).select_related("item").order_by("item__position", "id"):
        results.setdefault(result.run_id, []).append(result)
    departments = {key: str(label) for key, label in Department.choices}
    statuses = {key: str(label) for key, label in RunStatus.choices}
    for run in runs:
        who = display_name(run.completed_by) if run.completed_by else ""
        when = timezone.localtime(run.completed_at).strftime("%Y-%m-%d %H:%M") if run.completed_at else ""
        status = statuses[run.status] + (_(" (late)") if run.was_late else "")
        base = [run.period_start.isoformat(), departments.get(run.template.department, ""), run.template.title, run.place,
                status, who, when]
        answers = results.get(run.pk)
        if not answers:
            yield [*base, "", "", "", run.note]
            continue
        for result in answers:
            yield [*base, result.label, result.display_value, _("Yes") if result.is_anomaly else "", result.note]


def register_headers() -> list[str]:
    return [
        _("Date"), _("Department"), _("Checklist"), _("Place"), _("Status"), _("Done by"), _("Done at"), _("Question"),
        _("Answer"), _("Anomaly"), _("Note"),
    ]
