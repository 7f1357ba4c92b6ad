"""The stores card for the director and the keepers' to-dos (the logistics head and the asset
manager): items below minimum, lots near expiry or expired, the chemicals count due."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import Card, CardState, Todo

from . import services
from .dashboard_flows import flows_card, flows_todos


def cards(campus, day) -> list[Card]:
    summary = services.stock_summary(campus, day)
    count_due = services.chemical_count_due(campus, day)
    details = []
    if summary["expired"]:
        details.append(_("%(n)d lots expired") % {"n": summary["expired"]})
    if summary["near"]:
        details.append(_("%(n)d lots near expiry") % {"n": summary["near"]})
    if summary["low"]:
        details.append(_("%(n)d items below their minimum level") % {"n": summary["low"]})
    if count_due:
        details.append(_("Chemicals count due"))
    if not summary["held"]:
        state, value = CardState.NONE, ""
        details.insert(0, _("No stock recorded yet."))
    elif summary["expired"]:
        state, value = CardState.OVERDUE, _("%(n)d expired") % {"n": summary["expired"]}
    elif summary["low"] or summary["near"] or count_due:
        state, value = CardState.ATTENTION, ""
    else:  # stock on the books, nothing expired, near expiry or short, chemicals counted
        state, value = CardState.OK, _("On track")
        details.append(_("%(n)d items in the catalogue, every one above its minimum.") % {"n": summary["items"]})
    return [Card(title=_("Stores"), key="logistics.stores", value=value, detail="；".join(str(d) for d in details),
                 url=reverse("logistics:index"), state=state)]


def todos(request, day) -> list[Todo]:
    if not request.user.has_perm("logistics.add_stockmove"):
        return []
    campus, result = request.campus, []
    summary = services.stock_summary(campus, day)
    if summary["expired"]:
        result.append(Todo(title=_("Expired stock to write off"), url=reverse("logistics:index"), level="danger",
                           detail=_("%(n)d lots expired") % {"n": summary["expired"]}))
    if summary["near"]:
        result.append(Todo(title=_("Stock near expiry"), url=reverse("logistics:index"), level="warning",
                           detail=_("%(n)d lots near expiry") % {"n": summary["near"]}))
    if summary["low"]:
        low = services.low_items(campus)
        result.append(Todo(title=_("Stock below minimum"), url=reverse("logistics:item_list"), level="warning",
                           detail="、".join(item.name for item in low[:6]) + ("…" if len(low) > 6 else "")))
    if services.chemical_count_due(campus, day):
        result.append(Todo(title=_("Count the chemicals cabinet"), url=reverse("logistics:chemical_count"), level="warning"))
    return result


# the flows (purchases, requisitions, stocktakes): their card and to-dos follow the ledger's
_ledger_cards, _ledger_todos = cards, todos


def cards(campus, day) -> list[Card]:  # noqa: F811
    return [*_ledger_cards(campus, day), flows_card(campus, day)]


def todos(request, day) -> list[Todo]:  # noqa: F811
    return [*_ledger_todos(request, day), *flows_todos(request, day)]
