"""The food store (食品库房): what the kitchen accepts into it, what it issues to the kitchen each day,
and the value of food issued (for the canteen account).

- ``receive_acceptance(line, user=...)``: the kitchen calls it for each accepted acceptance line, in
  the same transaction. A line becomes a lot of the campus's food store when the food store keeps that
  product (an item of its catalogue with the same name, and the same unit); fresh food bought for the
  day is not stock and is left out. The lot's expiry date is the production date plus the shelf life
  ("12个月", "180天", "12 months"), or none when the line does not say.
- ``issue_to_kitchen``: the day's issue, one move per item (FIFO by expiry; expired lots are refused
  before they can be issued, as every issue).
- ``food_issued_value``: the value of food issued per day or per month (net of reversals)."""

import datetime as dt
import re
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from ..choices import ItemCategory, MoveKind, StoreKind
from ..errors import StoresError
from ..models import Item, StockMove, Store
from .ledger import issue, receive

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


def receive_acceptance(line, *, user):
    """The accepted acceptance ``line`` (kitchen) as a lot of the campus's food store; None when the
    food store does not keep that product. Called once per line: a line already received is skipped."""
    store = food_store(line.campus)
    if store is None:
        return None
    item = (Item.objects.filter(campus_id=line.campus_id, name=line.product.strip(), unit=line.unit, is_active=True,
                                category=ItemCategory.FOOD)
            .order_by("-default_store_id", "pk").first())
    if item is None:
        return None
    if StockMove.objects.filter(document_type=ContentType.objects.get_for_model(line), document_id=line.pk).exists():
        return None
    expires_on = expiry_from(line.production_date, line.shelf_life)
    if item.expiry_required and expires_on is None:
        raise StoresError(_("The food store keeps %(item)s by expiry date: enter the production date and the shelf "
                            "life (e.g. 12个月).") % {"item": item.name}, field="shelf_life")
    unit_cost = (line.amount / line.quantity) if line.quantity else line.unit_price
    code = (line.batch_no or "").strip() or (line.production_date.strftime("%Y%m%d") if line.production_date else "")
    (move,) = receive(store, [{"item": item, "quantity": line.quantity, "unit_cost": unit_cost, "lot_code": code,
                               "expires_on": expires_on}],
                      user=user, reason=_("Food acceptance"), document=line, day=line.date)
    return move


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
