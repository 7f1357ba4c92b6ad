"""Dashboard cards (today's runs by department, open follow-ups) and each person's to-dos."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.roles import roles_of
from campus.ui import Card, CardState, Todo, nothing_recorded

from . import reports
from .choices import FollowUpStatus, RunStatus
from .models import FollowUp
from .services import runs_for_user


def cards(campus, day) -> list[Card]:
    rows = reports.today_by_department(campus, day)
    done = sum(row["done"] for row in rows)
    due = sum(row["due"] for row in rows)
    later = sum(row["later"] for row in rows)
    overdue = sum(row["overdue"] for row in rows)
    follow = reports.open_follow_ups(campus, day)
    # Green only on evidence: every run due so far is done (and at least one was due).
    if overdue:
        state, detail = CardState.OVERDUE, _("%(count)d overdue") % {"count": overdue}
    elif not rows:
        state, detail = CardState.NONE, nothing_recorded()
    elif not due:
        state, detail = CardState.NONE, _("Nothing due yet: %(count)d later today.") % {"count": later}
    elif done < due:
        state, detail = CardState.ATTENTION, _("%(count)d due and not done yet") % {"count": due - done}
    else:
        state, detail = CardState.OK, _("Everything due so far is done.")
    if later and due:
        detail = f"{detail}；{_('%(count)d later today') % {'count': later}}"
    if follow["late"]:
        follow_state = CardState.OVERDUE
    elif follow["open"]:
        follow_state = CardState.ATTENTION
    else:  # none open is only news when the day's checks were done (that's where follow-ups come from)
        follow_state = CardState.OK if done else CardState.NONE
    return [
        Card(
            title=_("Checklists today"), key="checklists.today",
            value=f"{done} / {due}" if due else "",
            detail=detail,
            url=reverse("checklists:rates") + "?period=day",
            state=state,
            headers=[_("Department"), _("Done"), _("Due so far"), _("Overdue"), _("Not due yet")],
            rows=[[row["label"], row["done"], row["due"], row["overdue"], row["later"]] for row in rows],
        ),
        Card(
            title=_("Open follow-ups"), key="checklists.follow_ups",
            value="" if follow_state == CardState.NONE else str(follow["open"]),
            detail=nothing_recorded() if follow_state == CardState.NONE and not follow["to_verify"]
            else _("%(late)d past the deadline, %(verify)d waiting for verification")
            % {"late": follow["late"], "verify": follow["to_verify"]},
            url=reverse("checklists:followup_list"),
            state=follow_state,
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
