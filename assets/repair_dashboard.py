"""Repairs on the director's dashboard (open by urgency, overdue) and on each person's home page
(to assign, to repair, to verify). ``assets.dashboard`` joins these with the register's."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.ui import Card, CardState, Todo

from .choices import RepairUrgency
from .models.repairs import OPEN_STATUSES, RepairRequest, RepairStatus
from .services import repairs as services


def _instant(day) -> dt.datetime:
    """Now for today; the end of ``day`` for a day in the past (what was late then)."""
    now = timezone.now()
    if day >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def repair_cards(campus, day) -> list[Card]:
    counts = services.open_counts(campus, _instant(day))
    url = reverse("assets:repair_list")
    # Green only on evidence: repairs are recorded at this campus and none is past its deadline.
    if counts["overdue"]:
        state, detail = CardState.OVERDUE, _("%(count)d past the deadline") % {"count": counts["overdue"]}
        url += "?status=overdue"
    elif not counts["total"]:
        state, detail = CardState.NONE, _("No repair has been reported yet.")
    elif counts["open"]:
        state, detail = CardState.OK, _("Every open repair is within its deadline.")
    else:
        state, detail = CardState.OK, _("No repair is open.")
    return [Card(
        title=_("Open repairs"), key="assets.repairs", value="" if state == CardState.NONE else str(counts["open"]),
        detail=detail, url=url, state=state,
        headers=[_("Urgency"), _("Open")] if counts["open"] else [],
        rows=[[label, counts[value]] for value, label in RepairUrgency.choices] if counts["open"] else [],
    )]


def repair_todos(request, day) -> list[Todo]:
    campus, user = request.campus, request.user
    if campus is None or not user.has_perm("assets.add_repairrequest"):
        return []
    now = timezone.now()
    url = reverse("assets:repair_list")
    manage = services.may_manage(user)
    is_open = Q(status__in=OPEN_STATUSES)
    wanted = {
        "mine": Count("id", filter=Q(status=RepairStatus.ASSIGNED, assignee=user)),
        "verify": Count("id", filter=Q(status=RepairStatus.CLOSED, reported_by=user) & ~Q(closed_by=user)),
    }
    if manage:
        wanted["unassigned"] = Count("id", filter=Q(status=RepairStatus.REPORTED))
        wanted["late"] = Count("id", filter=is_open & Q(due_at__lt=now))
    counts = RepairRequest.objects.filter(campus=campus).aggregate(**wanted)
    result = []
    if counts.get("late"):
        result.append(Todo(title=_("Repairs past the deadline: %(count)d") % {"count": counts["late"]},
                           url=url + "?status=overdue", level="danger"))
    if counts.get("unassigned"):
        result.append(Todo(title=_("Repairs to assign: %(count)d") % {"count": counts["unassigned"]},
                           url=url + "?status=reported", level="warning"))
    if counts["mine"]:
        result.append(Todo(title=_("Repairs for you: %(count)d") % {"count": counts["mine"]},
                           url=url + "?status=assigned", level="warning"))
    if counts["verify"]:
        result.append(Todo(title=_("Repairs to check and verify: %(count)d") % {"count": counts["verify"]},
                           url=url + "?status=closed"))
    return result
