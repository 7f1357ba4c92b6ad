"""The food store (食品库房): what the kitchen accepts into it, what it issues to the kitchen each day,
and the value of food issued (for the canteen account).

- ``receive_acceptance(line, user=...)``: the kitchen calls it for each accepted acceptance line, in
  the same transaction. A line becomes a lot of the campus's food store when the food store keeps that
  product (an item of its catalogue with the same name, and the same unit); fresh food bought for the
  day is not stock and is left out. The lot's expiry date is the production date plus the shelf life
  ("12个月", "180天", "12 months"), or none when the line does not say.
- ``correct_acceptance(line, ...)``: the kitchen calls it when it corrects a line: the line's receipt is
  reversed (a reversing move) and the corrected line received, refused when the lot has been issued
  beyond what the correction leaves.
- ``proposed_issue(store, day, items)``: the day's issue proposed from the menu (the kitchen's raw grams
  per child × the children eating, matched to the store's items by the ingredient's store link or name,
  converted to the item's unit, capped at what can be issued); the cook edits it before posting.
- ``issue_to_kitchen``: the day's issue, one move per item (FIFO by expiry; expired lots are refused
  before they can be issued, as every issue).
- ``food_issued_value``: the value of food issued per day or per month (net of reversals);
  ``stocked_acceptance_ids``: the acceptance lines that went into the store (so the canteen account
  on the issued basis counts them when issued, never twice)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from kitchen import services as kitchen_services

from ..choices import ItemCategory, MoveKind, StoreKind
from ..errors import StoresError
from ..models import Item, StockMove, Store
from .ledger import balance_of, issue, receive, reverse
from .stock import fmt

SHELF_LIFE = re.compile(r"^\s*(\d{1,4})\s*(天|日|d|day|days|个月|月|month|months|年|y|year|years)\s*$", re.IGNORECASE)


def food_store(campus) -> Store | None:
    return Store.objects.filter(campus=campus, kind=StoreKind.FOOD, is_active=True).order_by("pk").first()


def expiry_from(production_date: dt.date | None, shelf_life: str) -> dt.date | None:
    """The expiry date of a product made on ``production_date`` that keeps ``shelf_life`` (None when unknown)."""
    match = SHELF_LIFE.match(shelf_life or "")
    if production_date is None or match is None:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit in ("天", "日", "d", "day", "days"):
        return production_date + dt.timedelta(days=number)
    months = number * 12 if unit in ("年", "y", "year", "years") else number
    month = production_date.month - 1 + months
    year, month = production_date.year + month // 12, month % 12 + 1
    for day in (production_date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _kept_item(line) -> Item | None:
    """The food store's catalogue item for an acceptance line (same name and unit), or None."""
    return (Item.objects.filter(campus_id=line.campus_id, name=line.product.strip(), unit=line.unit, is_active=True,
                                category=ItemCategory.FOOD)
            .order_by("-default_store_id", "pk").first())


def _receipt_line(line, item: Item) -> dict:
    expires_on = expiry_from(line.production_date, line.shelf_life)
    if item.expiry_required and expires_on is None:
        raise StoresError(_("The food store keeps %(item)s by expiry date: enter the production date and the shelf "
                            "life (e.g. 12个月).") % {"item": item.name}, field="shelf_life")
    unit_cost = (line.amount / line.quantity) if line.quantity else line.unit_price
    code = (line.batch_no or "").strip() or (line.production_date or line.date).strftime("%Y%m%d")
    return {"item": item, "quantity": line.quantity, "unit_cost": unit_cost, "lot_code": code, "expires_on": expires_on}


def _open_receipts(line):
    """The food-store receipts of an acceptance line not reversed yet (at most one)."""
    return (StockMove.objects.filter(document_type=ContentType.objects.get_for_model(line), document_id=line.pk,
                                     kind=MoveKind.RECEIPT, reversed_by__isnull=True)
            .select_related("store", "item", "lot").order_by("pk"))


def receive_acceptance(line, *, user):
    """The accepted acceptance ``line`` (kitchen) as a lot of the campus's food store; None when the
    food store does not keep that product. Called once per line: a line already received is skipped."""
    store = food_store(line.campus)
    if store is None:
        return None
    item = _kept_item(line)
    if item is None:
        return None
    if _open_receipts(line).exists():
        return None
    (move,) = receive(store, [_receipt_line(line, item)], user=user, reason=_("Food acceptance"), document=line, day=line.date)
    return move


def correct_acceptance(line, *, user, reason: str, accepted: bool) -> list[StockMove]:
    """The food store after a correction of the acceptance ``line`` (kitchen), in the kitchen's
    transaction: its receipt is reversed (a reversing move, the ledger stays append-only) and the
    corrected line is received again (when ``accepted`` and kept by the food store). Nothing moves when
    the correction leaves the receipt as it was. Refused when the lot has been issued beyond what the
    correction leaves: the food cannot be taken back from the kitchen by a correction."""
    old = list(_open_receipts(line))
    store = old[0].store if old else food_store(line.campus)
    item = _kept_item(line) if accepted and store is not None else None
    wanted = _receipt_line(line, item) if item is not None else None
    if old and wanted is not None and len(old) == 1:
        move = old[0]
        same_lot = (move.lot is None or (move.lot.code == wanted["lot_code"][:40] and move.lot.expires_on == wanted["expires_on"]))
        if (move.item_id == item.pk and move.quantity == wanted["quantity"] and same_lot
                and move.unit_cost == Decimal(wanted["unit_cost"]).quantize(Decimal("0.0001"))):
            return []
    if not old and wanted is None:
        return []
    why = _("Acceptance corrected: %(reason)s") % {"reason": reason.strip()} if reason.strip() else _("Acceptance corrected")
    why = why[:200]
    moves = []
    with transaction.atomic():
        if wanted is not None:
            moves.extend(receive(store, [wanted], user=user, reason=why, document=line))
        for move in old:
            try:
                moves.extend(reverse(move, user=user, reason=why))
            except StoresError:
                left = balance_of(move.store, move.item, move.lot)
                if moves and moves[0].lot_id == move.lot_id and moves[0].item_id == move.item_id:
                    left -= moves[0].quantity  # what the lot holds without the corrected receipt
                issued = max(move.quantity - left, Decimal("0"))
                raise StoresError(_(
                    "%(issued)s %(unit)s of %(item)s from this delivery have already been issued from the food store "
                    "and only %(left)s %(unit)s remain: the correction cannot take back more than remains. Keep at least "
                    "%(issued)s %(unit)s with the same batch and dates, or reverse the issues in the food store first.") % {
                    "issued": fmt(issued), "left": fmt(max(left, Decimal("0"))), "unit": move.item.unit,
                    "item": move.item.name}, field="quantity") from None
    return moves


def stocked_acceptance_ids(lines) -> set:
    """The ids of the acceptance ``lines`` (a queryset or list of kitchen ``Acceptance`` rows) that went
    into the food store: their cost reaches the canteen account when issued, not when accepted."""
    lines = list(lines)
    if not lines:
        return set()
    return set(StockMove.objects.filter(document_type=ContentType.objects.get_for_model(lines[0]),
                                        document_id__in=[line.pk for line in lines], kind=MoveKind.RECEIPT,
                                        store__kind=StoreKind.FOOD).values_list("document_id", flat=True))


# --- the day's issue proposed from the menu ------------------------------------------------------------

GRAMS_PER_UNIT = {"kg": 1000, "公斤": 1000, "千克": 1000, "g": 1, "克": 1, "斤": 500, "两": 50,
                  "l": 1000, "升": 1000, "ml": 1, "毫升": 1}  # liquids: 1 g taken as 1 ml (a proposal, edited by the cook)
PACK = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|公斤|千克|g|克|斤|ml|毫升|l|升)(?![a-z])", re.IGNORECASE)


def grams_per_unit(item: Item) -> Decimal | None:
    """How many grams one unit of ``item`` holds: from its unit (kg, 斤, L...) or, for a bag, tin or
    bottle, from the pack size in its specification (东北 25kg, 加碘 400g, 5L); None when unknown."""
    unit = (item.unit or "").strip().lower()
    if unit in GRAMS_PER_UNIT:
        return Decimal(GRAMS_PER_UNIT[unit])
    match = PACK.search(item.specification or "")
    if match is None:
        return None
    return Decimal(match.group(1)) * GRAMS_PER_UNIT[match.group(2).lower()] or None


@dataclass
class ProposedLine:
    item: Item
    need: object  # kitchen.services.MenuNeed
    quantity: Decimal | None  # in the item's unit; None when its unit cannot be worked out
    wanted: Decimal | None  # the menu's quantity before it was capped at what can be issued
    short: bool = False


@dataclass
class Proposal:
    day: dt.date
    children: dict  # grade -> children eating
    counted: bool  # every class's attendance recorded: the day's meal count
    lines: dict = field(default_factory=dict)  # item pk -> ProposedLine
    not_kept: list = field(default_factory=list)  # menu needs the food store has no item for (fresh food)

    @property
    def children_total(self) -> Decimal:
        return sum(self.children.values(), Decimal("0"))


def proposed_issue(store: Store, day: dt.date, items) -> Proposal:
    """The day's issue proposed from the menu: each ingredient of the day's dishes (raw grams per child ×
    the children eating, ``kitchen.services.menu_needs``) matched to an item of ``items`` (the food
    store's ``balance_list`` rows, with ``qty`` and ``expired_qty``) by the ingredient's store link or
    its name, in the item's unit, and never more than can be issued (expired lots are not offered)."""
    children, counted = kitchen_services.children_eating(store.campus, day)
    needs = kitchen_services.menu_needs(store.campus, day, children)
    proposal = Proposal(day=day, children=children, counted=counted)
    by_name = {}
    for item in items:
        by_name.setdefault(item.name.strip(), item)
    for need in needs:
        item = next((by_name[name] for name in need.names if name in by_name), None)
        if item is None:
            proposal.not_kept.append(need)
            continue
        grams = grams_per_unit(item)
        wanted = (need.grams / grams).quantize(Decimal("0.01"), rounding=ROUND_UP) if grams else None
        line = proposal.lines.get(item.pk)
        if line is not None:  # two ingredients of one item (rare): add them up
            line.wanted = None if wanted is None or line.wanted is None else line.wanted + wanted
        else:
            line = proposal.lines[item.pk] = ProposedLine(item=item, need=need, quantity=None, wanted=wanted)
        issuable = max(getattr(item, "qty", Decimal("0")) - getattr(item, "expired_qty", Decimal("0")), Decimal("0"))
        if line.wanted is not None:
            line.quantity = min(line.wanted, issuable)
            line.short = line.wanted > issuable
    return proposal


def issue_to_kitchen(store: Store, lines, *, user, day=None, reason="") -> list[StockMove]:
    """The day's issue to the kitchen: ``lines`` of (item, quantity); all or nothing. A line's error
    is named ``lines-<n>-quantity``."""
    lines = [(item, Decimal(quantity)) for item, quantity in lines if quantity]
    if not lines:
        raise StoresError(_("Enter the quantity of at least one item."))
    moves = []
    with transaction.atomic():
        for index, (item, quantity) in enumerate(lines):
            try:
                moves.extend(issue(store, item, quantity, user=user, reason=reason or _("Kitchen daily issue"),
                                   to=_("Kitchen"), day=day))
            except StoresError as exc:
                raise StoresError({f"lines-{index}-{k}": v for k, v in exc.message_dict.items()}) from None
    return moves


def food_issued_value(campus, first: dt.date, last: dt.date, *, by: str = "day") -> dict:
    """The value (yuan) of food-store goods issued between ``first`` and ``last``, per day (date ->
    Decimal) or per month (first of month -> Decimal), net of reversed issues. The canteen account
    can take its food cost from it."""
    moves = StockMove.objects.filter(campus=campus, store__kind=StoreKind.FOOD, day__range=(first, last)).filter(
        kind__in=[MoveKind.ISSUE, MoveKind.REVERSAL])
    moves = moves.exclude(kind=MoveKind.REVERSAL, reverses__kind__in=[MoveKind.RECEIPT, MoveKind.TRANSFER_IN, MoveKind.TRANSFER_OUT,
                                                                     MoveKind.WRITE_OFF, MoveKind.ADJUSTMENT])
    key = TruncMonth("day") if by == "month" else None
    rows = (moves.annotate(period=key).values("period") if key is not None else moves.values("day"))
    rows = rows.annotate(total=Sum("value")).order_by()
    result = {}
    for row in rows:
        period = row.get("period") or row.get("day")
        if isinstance(period, dt.datetime):
            period = period.date()
        result[period] = result.get(period, Decimal("0")) - (row["total"] or Decimal("0"))
    return dict(sorted(result.items()))
