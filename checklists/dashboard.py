"""Dashboard cards (today's runs by department, open follow-ups) and each person's to-dos."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.roles import roles_of
from campus.ui import Card, Todo

from . import reports
from .choices import FollowUpStatus, RunStatus
from .models import FollowUp
from .services import runs_for_user


def cards(campus, day) -> list[Card]:
    rows = reports.today_by_department(campus, day)
    done = sum(row["done"] for row in rows)
    total = sum(row["total"] for row in rows)
    overdue = sum(row["overdue"] for row in rows)
    follow = reports.open_follow_ups(campus, day)
    return [
        Card(
            title=_("Checklists today"),
            value=f"{done} / {total}",
            detail=(_("%(count)d overdue") % {"count": overdue}) if overdue else _("Nothing overdue."),
            url=reverse("checklists:rates") + "?period=day",
            level="danger" if overdue else ("success" if total and done == total else "warning" if total else "secondary"),
            headers=[_("Department"), _("Done"), _("Due"), _("Overdue")],
            rows=[[row["label"], row["done"], row["open"], row["overdue"]] for row in rows],
        ),
        Card(
            title=_("Open follow-ups"),
            value=str(follow["open"]),
            detail=_("%(late)d past the deadline, %(verify)d waiting for verification")
            % {"late": follow["late"], "verify": follow["to_verify"]},
            url=reverse("checklists:followup_list"),
            level="danger" if follow["late"] else ("warning" if follow["open"] else "success"),
        ),
    ]


def todos(request, day) -> list[Todo]:
    if request.campus is None or not request.user.has_perm("checklists.view_run"):
        return []
    mine = runs_for_user(request.user, request.campus)
    counts = mine.aggregate(
        due=Count("id", filter=Q(status=RunStatus.OPEN, period_start__lte=day)),
        overdue=Count("id", filter=Q(status=RunStatus.OVERDUE)),
    )
    result = []
    url = reverse("checklists:index")
    if counts["overdue"]:
        result.append(Todo(title=_("Overdue checklists: %(count)d") % {"count": counts["overdue"]}, url=url, level="danger"))
    if counts["due"]:
        result.append(Todo(title=_("Checklists to do today: %(count)d") % {"count": counts["due"]}, url=url, level="warning"))
    roles = sorted(roles_of(request.user))
    follow = FollowUp.objects.filter(campus=request.campus, status=FollowUpStatus.OPEN).filter(
        Q(assignee=request.user) | Q(assignee__isnull=True, assignee_role__in=roles)
    ).aggregate(count=Count("id"), late=Count("id", filter=Q(due_on__lt=day)))
    if follow["count"]:
        result.append(Todo(
            title=_("Follow-ups for you: %(count)d") % {"count": follow["count"]},
            url=reverse("checklists:followup_list") + "?mine=1", level="danger" if follow["late"] else "warning",
        ))
    if request.user.has_perm("checklists.verify_followup"):
        waiting = FollowUp.objects.filter(campus=request.campus, status=FollowUpStatus.CLOSED).exclude(
            closed_by=request.user).count()
        if waiting:
            result.append(Todo(title=_("Follow-ups to verify: %(count)d") % {"count": waiting},
                               url=reverse("checklists:followup_list") + "?status=closed"))
    return result
