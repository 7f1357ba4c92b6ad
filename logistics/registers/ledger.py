"""Ledger registers (campus.registers): 出入库台账 (every move of the period, by store, category or
item), 危险化学品/消毒剂领用登记 (issues of chemicals and disinfectants with purpose, dilution and the
second person present) and the chemicals count (the keeper's count against the books)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campus.money import Yuan
from campus.people import display_name
from campus.registers import AddLink, Column, Filter, Register, last_days
from campus.scoping import in_current_campus

from ..choices import ItemCategory, MoveKind
from ..models import ChemicalCount, Item, StockMove, Store
from ..services.stock import fmt

MOVE_RELATED = ("store", "item", "lot", "to_classroom", "to_person", "witness", "created_by__staff")


def _stores(request):
    return [(s.pk, s.name) for s in Store.objects.filter(campus=request.campus).order_by("name")]


def _pinned_item(request):
    """The item filter offers only the item asked for (from its card): a select of 5,000 items
    would be no use on a phone, and would cost the page its speed."""
    raw = request.GET.get("item", "")
    if not raw.isdigit():
        return []
    return [(i.pk, str(i)) for i in Item.objects.filter(campus=request.campus, pk=int(raw))]


STORE_FILTER = Filter("store", gettext_lazy("Store"), _stores, "store_id")
CATEGORY_FILTER = Filter("category", gettext_lazy("Category"), lambda request: ItemCategory.choices, "item__category")
ITEM_FILTER = Filter("item", pgettext_lazy("stores", "Item"), _pinned_item, "item_id")


def _in(move):
    return fmt(move.quantity) if move.quantity > 0 else ""


def _out(move):
    return fmt(-move.quantity) if move.quantity < 0 else ""


def _item(move):
    return str(move.item)


def _lot(move):
    if move.lot_id is None:
        return ""
    return f"{move.lot.code}（{move.lot.expires_on}）" if move.lot.expires_on else move.lot.code


PAGE_ROWS = 100  # the page shows the first rows of a long period; the xlsx and the print have them all


def _ledger_moves(request, period):
    """The period's moves, filtered; on the page at most PAGE_ROWS of them (a month of a busy campus
    is thousands of moves: nobody reads them on a phone, and rendering them all is seconds)."""
    moves = in_current_campus(request, StockMove).filter(day__range=(period.first, period.last))
    for flt in LEDGER.filters:  # the same filters the page offers (an id of another campus finds nothing)
        value = request.GET.get(flt.name, "")
        if value.isdigit() or (flt is CATEGORY_FILTER and value in ItemCategory.values):
            moves = flt.apply(moves, value)
    moves = moves.select_related(*MOVE_RELATED).order_by("day", "id")
    if request.GET.get("format") in ("xlsx", "pdf"):
        return moves
    return _Shown(moves)


class _Shown(list):
    """The first PAGE_ROWS moves, knowing how many there are in all."""

    def __init__(self, moves):
        super().__init__(moves[:PAGE_ROWS])
        self.total = moves.count()
        self.more = self.total > len(self)


def _ledger_context(request, period, objects):
    return {"shown": len(objects), "total": getattr(objects, "total", len(objects)), "more": getattr(objects, "more", False)}


LEDGER = Register(
    title=gettext_lazy("Stock in and out register"), model=StockMove, permission="logistics.view_stockmove",
    source=_ledger_moves, intro="logistics/_register_ledger.html", context=_ledger_context,
    filters=[STORE_FILTER, CATEGORY_FILTER, ITEM_FILTER],
    columns=[
        Column(gettext_lazy("Date"), lambda m: m.day),
        Column(gettext_lazy("Kind"), lambda m: m.get_kind_display()),
        Column(gettext_lazy("Store"), lambda m: m.store.name),
        Column(pgettext_lazy("stores", "Item"), _item),
        Column(gettext_lazy("Lot"), _lot),
        Column(gettext_lazy("Unit"), lambda m: m.item.unit),
        Column(gettext_lazy("In"), _in),
        Column(gettext_lazy("Out"), _out),
        Column(gettext_lazy("Value"), lambda m: Yuan(m.value)),
        Column(gettext_lazy("To / from"), lambda m: m.recipient),
        Column(gettext_lazy("Recorded by"), lambda m: display_name(m.created_by)),
        Column(gettext_lazy("Reason"), lambda m: m.reason),
    ],
    link=lambda m: reverse("logistics:move", args=[m.pk]), filename="stock-ledger",
    add=AddLink("logistics:receive", gettext_lazy("Receive stock"), "logistics.add_stockmove"),
)


def _chemical_issues(qs, first, last):
    """Issues of what the keeper keeps: the chemical category, items issued with a second person
    present, and any issue that had one (or was made in the keeper's absence)."""
    kept = Q(item__category=ItemCategory.CHEMICAL) | Q(item__needs_witness=True) | Q(witness__isnull=False) | ~Q(keeper_override="")
    return qs.filter(kept, kind__in=[MoveKind.ISSUE, MoveKind.REVERSAL])


def keeper_override_text(move) -> str:
    """An issue made in the keeper's absence, for the register cell: who issued it and why."""
    if not move.keeper_override:
        return ""
    return _("%(who)s, in the keeper's absence: %(reason)s") % {"who": display_name(move.created_by),
                                                               "reason": move.keeper_override}


def _keeper_context(request, period, objects):
    from ..services import settings_for

    return {"chemicals_keeper": settings_for(request.campus).chemicals_keeper}


CHEMICAL_ISSUES = Register(
    title=gettext_lazy("Hazardous chemicals and disinfectants issue register"), model=StockMove,
    permission="logistics.view_stockmove", date_field="day", where=_chemical_issues, select_related=MOVE_RELATED,
    order_by=("day", "id"), filters=[STORE_FILTER], filename="chemicals-issues",
    intro="logistics/_register_chemicals.html", context=_keeper_context,
    columns=[
        Column(gettext_lazy("Date"), lambda m: m.day),
        Column(pgettext_lazy("stores", "Item"), _item),
        Column(gettext_lazy("Lot"), _lot),
        Column(gettext_lazy("Quantity"), lambda m: f"{fmt(-m.quantity)} {m.item.unit}"),
        Column(gettext_lazy("Purpose"), lambda m: m.purpose or m.reason),
        Column(gettext_lazy("Dilution"), lambda m: m.dilution),
        Column(gettext_lazy("Received by"), lambda m: m.recipient),
        Column(gettext_lazy("Issued by"), lambda m: display_name(m.created_by)),
        Column(gettext_lazy("Second person present"), lambda m: m.witness.name if m.witness_id else ""),
        Column(gettext_lazy("Keeper's absence"), keeper_override_text),
    ],
    link=lambda m: reverse("logistics:move", args=[m.pk]),
    add=AddLink("logistics:issue", gettext_lazy("Issue stock"), "logistics.add_stockmove"),
)


def _difference(count):
    diff = count.difference
    return "" if not diff else ("+" if diff > 0 else "") + fmt(diff) + " ⚠"


CHEMICAL_COUNTS = Register(
    title=gettext_lazy("Chemicals count register"), model=ChemicalCount, permission="logistics.view_chemicalcount",
    date_field="day", select_related=("store", "item", "counted_by__staff"), order_by=("day", "id"),
    default_range=last_days(90), filename="chemicals-counts",
    intro="logistics/_register_chemicals.html", context=_keeper_context,
    columns=[
        Column(gettext_lazy("Date"), lambda c: c.day),
        Column(gettext_lazy("Store"), lambda c: c.store.name),
        Column(pgettext_lazy("stores", "Item"), lambda c: str(c.item)),
        Column(gettext_lazy("Counted"), lambda c: f"{fmt(c.counted)} {c.item.unit}"),
        Column(gettext_lazy("On the books"), lambda c: f"{fmt(c.balance)} {c.item.unit}"),
        Column(gettext_lazy("Difference"), _difference),
        Column(gettext_lazy("Counted by"), lambda c: display_name(c.counted_by)),
        Column(gettext_lazy("Note"), lambda c: c.note),
    ],
    add=AddLink("logistics:chemical_count", gettext_lazy("Count chemicals"), "logistics.add_chemicalcount"),
)
