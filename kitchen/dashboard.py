"""The kitchen's dashboard card for the director and today's to-dos for cooks, the health teacher
and the logistics head."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import Card, CardState, Todo, nothing_recorded

from . import analysis
from .choices import MenuStatus
from .models import Menu
from .services import expiring_supplier_papers, own_certificate_problem, week_start_of


def _state_text(state):
    return {"done": _("Done"), "late": _("Late"), "due": _("Due"), "none": _("No menu")}[state]


def cards(campus, day) -> list[Card]:
    board = analysis.today_board(campus, day)
    url = reverse("kitchen:index")
    rows = []
    for meal in board.meals:
        rows.append([
            meal.label,
            f"{len(meal.samples)}/{len(meal.dishes)}",
            _("yes") if meal.disinfection_done else _("no"),
            _state_text(meal.state),
        ])
    details = []
    if board.expired_cooks:
        details.append(_("Health certificate expired: %(names)s") % {"names": "、".join(c.name for c in board.expired_cooks)})
    missing = sum(len(meal.missing_samples) for meal in board.meals if meal.late)
    if missing:
        details.append(_("%(n)d dishes served without a sample") % {"n": missing})
    expired_papers = [p for p in board.supplier_papers if p["expired"]]
    if board.supplier_papers:
        details.append(_("%(n)d supplier licences or certificates expiring or expired") % {"n": len(board.supplier_papers)})
    state, value = _state(board, expired_papers)
    dishes = sum(len(meal.dishes) for meal in board.meals)
    samples = sum(len(meal.samples) for meal in board.meals)
    disinfections = sum(len(meal.disinfections) for meal in board.meals)
    if not dishes and (samples or disinfections or board.deliveries):
        details.insert(0, _("No menu for today."))
    if state == CardState.NONE:
        details.insert(0, nothing_recorded())
    elif state == CardState.OK:
        details.append(_("Menu of %(dishes)d dishes; %(samples)d samples, %(disinfections)d disinfections and "
                         "%(deliveries)d deliveries recorded.") % {
            "dishes": dishes, "samples": samples, "disinfections": disinfections, "deliveries": len(board.deliveries)})
    return [
        Card(
            title=_("Kitchen today"), key="kitchen.today",
            value=value,
            detail="；".join(str(d) for d in details),
            url=url, state=state,
            headers=[_("Meal"), _("Samples"), _("Disinfection"), _("State")],
            rows=rows,
        )
    ]


def _state(board, expired_papers) -> tuple[str, str]:
    """Green only on evidence: today's menu exists and every meal served so far has its samples and
    its disinfection. No menu and no record at all: nothing recorded."""
    late = sum(1 for m in board.meals if m.state == "late")
    if board.expired_cooks or board.problems or expired_papers:
        return CardState.OVERDUE, (_("%(late)d late") % {"late": late}) if late else ""
    has_menu = any(meal.dishes for meal in board.meals)
    anything = has_menu or board.deliveries or any(meal.samples or meal.disinfections for meal in board.meals)
    if not anything:
        return CardState.NONE, ""
    if not has_menu or board.supplier_papers:
        return CardState.ATTENTION, ""
    return CardState.OK, _("On track")


def todos(request, day) -> list[Todo]:
    user = request.user
    campus = request.campus
    result = []
    own = own_certificate_problem(user, day)
    if own:  # the cook is told in the second person what they may not do
        result.append(Todo(title=_("Your health certificate is not valid"), url=reverse("kitchen:index"), detail=own, level="danger"))
    if user.has_perm("kitchen.add_foodsample") or user.has_perm("kitchen.add_disinfection"):
        board = analysis.today_board(campus, day)
        for meal in board.meals:
            if meal.state in ("done", "none"):
                continue
            parts = []
            if meal.missing_samples:
                parts.append(_("samples: %(dishes)s") % {"dishes": "、".join(d.name for d in meal.missing_samples)})
            if not meal.disinfection_done:
                parts.append(_("tableware disinfection"))
            result.append(Todo(
                title=_("Kitchen: %(meal)s") % {"meal": meal.label}, url=reverse("kitchen:index"), detail="；".join(parts),
                due=meal.due.strftime("%H:%M"), level="danger" if meal.late else "warning",
            ))
        for cook in board.expired_cooks:
            if cook.user_id == user.pk:
                continue
            result.append(Todo(title=_("Health certificate expired: %(name)s") % {"name": cook.name}, url=reverse("kitchen:index"),
                               level="danger"))
    if user.has_perm("kitchen.add_menu"):
        next_week = week_start_of(day) + dt.timedelta(days=7)
        published = Menu.objects.filter(campus=campus, week_start=next_week, status=MenuStatus.PUBLISHED).exists()
        if not published and day.weekday() >= 3:
            result.append(Todo(title=_("Publish next week's menu"), url=f"{reverse('kitchen:menu_edit')}?week={next_week.isoformat()}",
                               level="warning"))
    if user.has_perm("kitchen.add_supplier"):
        papers = expiring_supplier_papers(campus, day)
        if papers:
            result.append(Todo(
                title=_("Supplier papers expiring"), url=reverse("kitchen:supplier_list"),
                detail="；".join(f"{p['supplier']} {p['paper']} {p['expires_on']}" for p in papers[:5]),
                level="danger" if any(p["expired"] for p in papers) else "warning",
            ))
    return result


