"""Safety dashboard cards for the director and to-dos for each role's home. Gate block first; the
duties half appends its own cards and to-dos below, joined in ``cards``/``todos``."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.scoping import in_current_campus, staff_of
from campus.ui import Card, CardState, Todo, nothing_recorded

from . import services
from .models import (
    Handover,
    HandoverOutcome,
    Hazard,
    HazardLevel,
    HazardStatus,
    Picker,
    TrainingSession,
    Visitor,
)
from .services import duties as duty_services

# --- gate ----------------------------------------------------------------------------------------


def _gate_cards(campus, day) -> list[Card]:
    now = timezone.now()
    closing = services.settings_for(campus).closing_time
    after_closing = day < timezone.localdate(now) or timezone.localtime(now).time() >= closing
    # one query: the visitors still on site and those who came on the day (to tell "all signed out"
    # from "nobody came": a card is green only on records)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    came = list(
        Visitor.objects.filter(campus=campus, arrived_at__isnull=False)
        .filter(Q(left_at__isnull=True, refused__isnull=True) | Q(arrived_at__gte=start, arrived_at__lt=start + dt.timedelta(days=1)))
        .order_by("arrived_at").values_list("name", "arrived_at", "left_at", "refused")
    )
    on_site = [(name, at) for name, at, left, refused in came if left is None and refused is None]
    if on_site:
        state = CardState.OVERDUE if after_closing else CardState.INFO
        detail = _("Still on site after closing time.") if after_closing else ""
    elif came:
        state, detail = CardState.OK, _("Every visitor of the day has signed out.")
    else:
        state, detail = CardState.NONE, nothing_recorded()
    visitors = Card(
        title=_("Visitors on site now"), key="safety.on_site", value=str(len(on_site)), url=reverse("safety:index"),
        state=state, detail=str(detail),
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


# --- duties ----------------------------------------------------------------------------------------


def hazards_card(campus, day) -> Card:
    """Open hazards by level, overdue apart. Green only when hazards are being reported and all are verified."""
    by_level = duty_services.open_hazards_by_level(campus, day)
    rows = [[label, by_level.get(level, (0, 0))[0], by_level.get(level, (0, 0))[1]] for level, label in HazardLevel.choices]
    total = sum(n for n, _o in by_level.values())
    overdue = sum(o for _n, o in by_level.values())
    if overdue:
        state = CardState.OVERDUE
    elif total:
        state = CardState.ATTENTION
    elif Hazard.objects.filter(campus=campus).exists():
        state = CardState.OK
    else:
        state = CardState.NONE
    detail = _("%(n)d overdue") % {"n": overdue} if overdue else ("" if total or state == CardState.OK else _("No hazard reported yet."))
    return Card(title=_("Open hazards"), key="safety.hazards", value=str(total), detail=detail, url=reverse("safety:hazard_list"),
                state=state, headers=[_("Level"), _("Open"), _("Overdue")], rows=rows if total else [])


def drills_card(campus, day) -> Card:
    quarter = duty_services.quarter_drills(campus, day)
    if not quarter.missing:
        state = CardState.OK
    elif quarter.days_left <= 7:
        state = CardState.OVERDUE
    elif quarter.due_soon:
        state = CardState.ATTENTION
    else:
        state = CardState.NONE
    detail = _("The quarter ends on %(last)s (%(days)d days left).") % {"last": quarter.last.isoformat(), "days": quarter.days_left}
    return Card(title=_("Drills this quarter"), key="safety.drills", value=f"{quarter.done}/{quarter.required}", detail=detail,
                url=reverse("safety:drill_list"), state=state)


def letters_card(campus, day) -> Card:
    unsigned, expected = duty_services.unsigned_count(campus, day)
    if not expected:
        state, detail = CardState.NONE, _("No letter issued this term.")
    elif unsigned:
        state, detail = CardState.ATTENTION, _("%(n)d of %(total)d not signed") % {"n": unsigned, "total": expected}
    else:
        state, detail = CardState.OK, _("All %(total)d signed") % {"total": expected}
    return Card(title=_("Safety responsibility letters"), key="safety.letters", value=f"{expected - unsigned}/{expected}",
                detail=detail, url=reverse("safety:letter_list"), state=state)


def duties_cards(campus, day) -> list[Card]:
    return [hazards_card(campus, day), drills_card(campus, day), letters_card(campus, day)]


def duties_todos(request, day) -> list[Todo]:
    user, campus = request.user, request.campus
    if campus is None or staff_of(user) is None:
        return []
    result = [Todo(title=_("Sign your safety responsibility letter"), url=reverse("safety:letter_sign", args=[letter.pk]),
                   detail=letter.title, level="warning") for letter in duty_services.letters_to_sign(user, campus, day)]
    unread = duty_services.documents_to_read(user, campus)
    if unread:
        result.append(Todo(title=_("Read the safety rules and plans"), url=unread[0].get_absolute_url() if len(unread) == 1
                           else reverse("safety:duties"), detail="、".join(d.title for d in unread[:3]), level="warning"))
    open_hazards = Hazard.objects.filter(campus=campus, status=HazardStatus.OPEN).select_related("place")
    for hazard in duty_services.owned_by(user, open_hazards):
        result.append(Todo(title=_("Rectify a hazard: %(place)s") % {"place": hazard.place.name}, url=hazard.get_absolute_url(),
                           detail=hazard.description[:60], due=hazard.due_on.isoformat(),
                           level="danger" if hazard.due_on < day else "warning"))
    if user.has_perm("safety.verify_hazard"):
        waiting = Hazard.objects.filter(campus=campus, status=HazardStatus.RECTIFIED).exclude(rectified_by=user).count()
        if waiting:
            result.append(Todo(title=_("Verify rectified hazards"), url=reverse("safety:hazard_list") + "?status=rectified",
                               detail=_("%(n)d waiting") % {"n": waiting}, level="warning"))
    if user.has_perm("safety.add_drill"):
        quarter = duty_services.quarter_drills(campus, day)
        if quarter.due_soon:
            result.append(Todo(title=_("Hold this quarter's drill"), url=reverse("safety:drill_add"),
                               detail=_("%(done)d of %(required)d held") % {"done": quarter.done, "required": quarter.required},
                               due=quarter.last.isoformat(), level="danger" if quarter.days_left <= 7 else "warning"))
    staff = staff_of(user)
    for session in TrainingSession.objects.filter(campus=campus, held_on=day).exclude(attendances__staff=staff):
        result.append(Todo(title=_("Sign in to the training: %(title)s") % {"title": session.title}, url=session.get_absolute_url()))
    return result


def cards(campus, day) -> list[Card]:
    return [*_gate_cards(campus, day), *duties_cards(campus, day)]


def todos(request, day) -> list[Todo]:
    return [*_gate_todos(request, day), *duties_todos(request, day)]
