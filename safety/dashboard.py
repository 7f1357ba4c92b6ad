"""Safety dashboard cards for the director and to-dos for each role's home. Gate block first; the
duties half appends its own cards and to-dos below, joined in ``cards``/``todos``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.scoping import in_current_campus
from campus.ui import Card, CardState, Todo, nothing_recorded

from . import services
from .models import Handover, HandoverOutcome, Picker, Visitor

# --- gate ----------------------------------------------------------------------------------------


def _gate_cards(campus, day) -> list[Card]:
    now = timezone.now()
    closing = services.settings_for(campus).closing_time
    after_closing = day < timezone.localdate(now) or timezone.localtime(now).time() >= closing
    on_site = list(services.visitors_on_site(campus).order_by("arrived_at").values_list("name", "arrived_at"))
    visitors = Card(
        title=_("Visitors on site now"), key="safety.on_site", value=str(len(on_site)), url=reverse("safety:index"),
        state=(CardState.OVERDUE if on_site and after_closing else CardState.INFO),
        detail=(_("Still on site after closing time.") if on_site and after_closing else ""),
        headers=[_("Name"), _("Arrived")] if on_site else [],
        rows=[[name, timezone.localtime(at).strftime("%H:%M")] for name, at in on_site[:8]])
    waiting = list(services.not_picked_up(campus, day))
    handed = Handover.objects.filter(campus=campus, date=day).exclude(outcome=HandoverOutcome.REFUSED).count()
    if waiting:
        state = CardState.OVERDUE if after_closing else CardState.INFO
        detail = (_("Not handed over at closing time: the class teachers, the gate and the director are alerted.")
                  if after_closing else _("Dismissal in progress."))
    elif handed:
        state, detail = CardState.OK, _("Every child present has been handed over.")
    else:
        state, detail = CardState.NONE, nothing_recorded()
    pickup = Card(
        title=_("Not picked up"), key="safety.not_picked_up", value=str(len(waiting)), url=reverse("safety:not_picked_up"),
        state=state, detail=str(detail), headers=[_("Class"), _("Child")] if waiting else [],
        rows=[[c.classroom.name, c.name] for c in waiting[:10]])
    return [visitors, pickup]


def _gate_todos(request, day) -> list[Todo]:
    user, campus = request.user, request.campus
    result = []
    now = timezone.now()
    after_closing = timezone.localtime(now).time() >= services.settings_for(campus).closing_time
    if user.has_perm("safety.admit_visitor"):
        expected = services.expected_today(campus, day).count()
        if expected:
            result.append(Todo(title=_("%(n)d visitors expected today") % {"n": expected}, url=reverse("safety:index")))
        if after_closing:
            on_site = services.visitors_on_site(campus).count()
            if on_site:
                result.append(Todo(title=_("%(n)d visitors still on site after closing time") % {"n": on_site},
                                   url=reverse("safety:index"), level="danger"))
    to_confirm = Visitor.objects.filter(campus=campus, host=user, arrived_at__isnull=False, refused__isnull=True,
                                        host_confirmed_at__isnull=True, arrived_at__date__gte=day)
    for visitor in to_confirm[:5]:
        result.append(Todo(title=_("Confirm the visit of %(name)s") % {"name": visitor.name}, url=visitor.get_absolute_url(),
                           level="warning"))
    if user.has_perm("safety.change_picker"):
        pending = in_current_campus(request, Picker).filter(is_active=True, valid_from__isnull=False,
                                                           confirmed_at__isnull=True, valid_until__gte=day).select_related("child")
        for picker in pending[:10]:
            result.append(Todo(title=_("Confirm the temporary picker of %(child)s") % {"child": picker.child.name},
                               url=reverse("safety:child_pickers", args=[picker.child_id]), detail=str(picker),
                               level="warning"))
    if user.has_perm("safety.add_handover") and after_closing:
        waiting = in_current_campus(request, services.not_picked_up(campus, day)).count()
        if waiting:
            result.append(Todo(title=_("%(n)d children not picked up") % {"n": waiting}, url=reverse("safety:not_picked_up"),
                               level="danger"))
    return result


def cards(campus, day) -> list[Card]:
    return [*_gate_cards(campus, day)]


def todos(request, day) -> list[Todo]:
    return [*_gate_todos(request, day)]
