"""Every write to the stores ledger: receipts, issues, transfers, stocktake adjustments, write-offs
and reversals. Each call is one transaction; the balance rows it touches are locked
(``select_for_update``) before they are read, so two phones issuing the last unit at once are
served one after the other and the second is refused. Bad input raises ``StoresError`` naming the
field; nothing is saved.

Costs: a receipt carries its unit cost; an issue takes the lot's average cost (value / quantity of
its balance), and the last unit takes what value is left, so a store emptied is worth exactly 0."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.history import save_tracked, update_tracked
from campus.models import Classroom, StaffMember

from ..choices import ItemCategory, MoveKind
from ..errors import StoresError
from ..models import Balance, Item, LogisticsSettings, Lot, StockMove, Store

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("10000000")
MAX_UNIT_COST = Decimal("1000000")


def settings_for(campus) -> LogisticsSettings:
    return LogisticsSettings.for_campus(campus)


def update_settings(obj: LogisticsSettings, data: dict, user, reason="") -> LogisticsSettings:
    with transaction.atomic():
        return update_tracked(obj, data, user, reason or gettext_noop("settings changed"))


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _quantity(value, field="quantity") -> Decimal:
    try:
        quantity = Decimal(value)
    except (TypeError, ArithmeticError, ValueError):
        raise StoresError(_("Enter a number."), field=field) from None
    if not quantity.is_finite() or quantity <= 0:
        raise StoresError(_("The quantity must be more than zero."), field=field)
    if quantity >= MAX_QUANTITY:
        raise StoresError(_("This quantity is not plausible; check the unit."), field=field)
    if quantity != quantity.quantize(Decimal("0.001")):
        raise StoresError(_("At most three decimal places."), field=field)
    return quantity


def _fmt(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}"
    return text


def _reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StoresError(_("Say why."), field="reason")
    return reason[:200]


def _day(day) -> dt.date:
    day = day or timezone.localdate()
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise StoresError(_("Enter a date between 2000 and 2100."), field="day")
    return day


def _same_campus(store: Store, item: Item):
    if item.campus_id != store.campus_id:
        raise StoresError(_("This item is not in this campus's catalogue."), field="item")
    if not item.is_active:
        raise StoresError(_("This item is no longer in use."), field="item")
    if not store.is_active:
        raise StoresError(_("This store is no longer in use."), field="store")


def _document_fields(document) -> dict:
    if document is None:
        return {}
    return {"document_type": ContentType.objects.get_for_model(document), "document_id": document.pk}


def _locked_balance(store: Store, item: Item, lot: Lot | None) -> Balance:
    """The balance row of store × item × lot, locked for this transaction (created when missing)."""
    rows = Balance.objects.select_for_update()
    try:
        row = rows.get(store=store, item=item, lot=lot)
    except Balance.DoesNotExist:
        try:
            with transaction.atomic():
                row = Balance.objects.create(store=store, item=item, lot=lot)
        except IntegrityError:  # another transaction created it first: wait for its lock
            row = rows.get(store=store, item=item, lot=lot)
    row.store, row.item, row.lot = store, item, lot
    return row


def _post(balance: Balance, *, kind, quantity: Decimal, value: Decimal, user, reason, day, unit_cost=None,
          **fields) -> StockMove:
    """Write one move and apply it to its (locked) balance row."""
    if unit_cost is None:
        unit_cost = (abs(value) / abs(quantity)).quantize(Decimal("0.0001")) if quantity else ZERO
    move = StockMove(
        campus_id=balance.store.campus_id, store=balance.store, item=balance.item, lot=balance.lot, kind=kind,
        quantity=quantity, value=value, unit_cost=unit_cost, reason=reason, day=day, created_by=user, **fields,
    )
    move.save()
    balance.quantity = balance.quantity + quantity
    balance.value = balance.value + value
    if balance.quantity == 0:
        balance.value = ZERO  # rounding crumbs never outlive the stock
    balance.save(update_fields=["quantity", "value", "updated_at"])
    return move


def _lot_for(item: Item, *, lot=None, lot_code="", expires_on=None, received_on=None, field_prefix="") -> Lot | None:
    if lot is not None:
        if lot.item_id != item.pk:
            raise StoresError(_("This lot is of another item."), field=f"{field_prefix}lot")
        return lot
    if not item.uses_lots:
        return None
    if item.expiry_required and not expires_on:
        raise StoresError(_("Enter the expiry date of this lot."), field=f"{field_prefix}expires_on")
    if expires_on and not dt.date(2000, 1, 1) <= expires_on <= dt.date(2100, 12, 31):
        raise StoresError(_("Enter a date between 2000 and 2100."), field=f"{field_prefix}expires_on")
    received_on = received_on or timezone.localdate()
    code = (lot_code or "").strip()[:40] or received_on.strftime("%Y%m%d")
    found = Lot.objects.filter(item=item, code=code, expires_on=expires_on).first()
    return found or Lot.objects.create(item=item, code=code, expires_on=expires_on, received_on=received_on)


@dataclass
class ReceiptLine:
    """One line of a receipt, as ``receive`` takes it (a dict with these keys works too)."""

    item: Item
    quantity: Decimal
    unit_cost: Decimal | None = None
    lot_code: str = ""
    expires_on: dt.date | None = None
    lot: Lot | None = None


def _line(raw) -> dict:
    if isinstance(raw, ReceiptLine):
        return raw.__dict__
    return dict(raw)


def receive(store: Store, lines, *, user, reason, document=None, day=None) -> list[StockMove]:
    """Goods registered on entry (入库登记): one receipt move per line, into a lot when the item wants
    one. A line's ``unit_cost`` defaults to the item's reference price (0 when it has none). A line's
    error is named ``lines-<n>-<field>`` when there are several lines."""
    reason, day = _reason(reason), _day(day)
    lines = [_line(raw) for raw in lines]
    if not lines:
        raise StoresError(_("Add at least one line."))
    with transaction.atomic():
        moves = []
        for index, line in enumerate(lines):
            prefix = f"lines-{index}-" if len(lines) > 1 else ""
            item = line["item"]
            try:
                _same_campus(store, item)
                quantity = _quantity(line.get("quantity"))
            except StoresError as exc:
                raise StoresError({f"{prefix}{k}": v for k, v in exc.message_dict.items()}) from None
            unit_cost = line.get("unit_cost")
            if unit_cost is None:
                unit_cost = item.price or ZERO
            unit_cost = Decimal(unit_cost)
            if not unit_cost.is_finite() or unit_cost < 0 or unit_cost >= MAX_UNIT_COST:
                raise StoresError(_("This unit cost is not plausible."), field=f"{prefix}unit_cost")
            lot = _lot_for(item, lot=line.get("lot"), lot_code=line.get("lot_code", ""), expires_on=line.get("expires_on"),
                           received_on=day, field_prefix=prefix)
            balance = _locked_balance(store, item, lot)
            moves.append(_post(balance, kind=MoveKind.RECEIPT, quantity=quantity, value=_cents(quantity * unit_cost),
                               unit_cost=unit_cost, user=user, reason=reason, day=day, **_document_fields(document)))
        return moves


def _candidates(store: Store, item: Item, lot: Lot | None, day: dt.date, *, allow_expired=False):
    """The balance rows an outbound move takes from, locked, oldest expiry first (FIFO)."""
    rows = Balance.objects.select_for_update(of=("self",)).select_related("lot").filter(store=store, item=item, quantity__gt=0)
    if lot is not None:
        rows = rows.filter(lot=lot)
    elif not allow_expired:
        rows = rows.filter(Q(lot__isnull=True) | Q(lot__expires_on__isnull=True) | Q(lot__expires_on__gte=day))
    rows = list(rows.order_by(F("lot__expires_on").asc(nulls_last=True), "lot__received_on", "lot_id", "id"))
    for row in rows:
        row.store, row.item = store, item
    return rows


def _take(store: Store, item: Item, quantity: Decimal, *, kind, lot, day, allow_expired=False, **post) -> list[StockMove]:
    """Take ``quantity`` out of ``store``: from ``lot`` when given, else the oldest lots first.
    Refuses more than is there unless the store allows negative stock."""
    if lot is not None and lot.item_id != item.pk:
        raise StoresError(_("This lot is of another item."), field="lot")
    if lot is not None and not allow_expired and lot.expires_on and lot.expires_on < day:
        raise StoresError(_("This lot expired on %(day)s: it cannot be issued; write it off.") % {"day": lot.expires_on},
                          field="lot")
    rows = _candidates(store, item, lot, day, allow_expired=allow_expired)
    available = sum((row.quantity for row in rows), ZERO)
    if available < quantity and not store.allow_negative:
        expired = ZERO
        if lot is None and not allow_expired:
            expired = Balance.objects.filter(store=store, item=item, quantity__gt=0, lot__expires_on__lt=day).aggregate(
                total=Sum("quantity"))["total"] or ZERO
        message = _("Only %(available)s %(unit)s of %(item)s in %(store)s: you cannot take %(quantity)s.") % {
            "available": _fmt(available), "unit": item.unit, "item": item, "store": store, "quantity": _fmt(quantity)}
        if expired:
            message += " " + _("%(expired)s %(unit)s more have expired and cannot be issued.") % {
                "expired": _fmt(expired), "unit": item.unit}
        raise StoresError(message, field="quantity")
    moves, left = [], quantity
    for row in rows:
        if left <= 0:
            break
        take = min(left, row.quantity)
        value = -row.value if take == row.quantity else -_cents(take * row.value / row.quantity)
        moves.append(_post(row, kind=kind, quantity=-take, value=value, day=day, **post))
        left -= take
    if left > 0:  # negative stock allowed: the rest goes below zero on the lot asked for (or no lot)
        row = _locked_balance(store, item, lot)
        cost = row.unit_cost if row.quantity > 0 else (item.price or ZERO)
        moves.append(_post(row, kind=kind, quantity=-left, value=-_cents(left * cost), day=day, **post))
    return moves


def _recipient(to) -> dict:
    if to is None or to == "":
        return {}
    if isinstance(to, Classroom):
        return {"to_classroom": to}
    if isinstance(to, StaffMember):
        return {"to_person": to}
    if hasattr(to, "staff"):  # a user with a staff record
        return {"to_person": to.staff}
    return {"to_text": str(to).strip()[:60]}


def needs_witness(item: Item, settings: LogisticsSettings | None = None) -> bool:
    settings = settings or settings_for(item.campus)
    return item.needs_witness or item.category in (settings.witness_categories or [])


KEEPER_OVERRIDE_PERMISSION = "logistics.issue_chemicals_for_keeper"


def kept_by_keeper(item: Item, settings: LogisticsSettings | None = None) -> bool:
    """Hazardous chemicals and disinfectants: the chemical category, and whatever the campus or the
    item issues with a second person present. Only the named keeper issues them (专人管理)."""
    return item.category == ItemCategory.CHEMICAL or needs_witness(item, settings)


def is_keeper(campus, user) -> bool:
    keeper = settings_for(campus).chemicals_keeper
    return keeper is not None and user is not None and keeper.user_id is not None and keeper.user_id == user.pk


def may_override_keeper(user) -> bool:
    return user is not None and user.has_perm(KEEPER_OVERRIDE_PERMISSION)


def _keeper_errors(item: Item, user, keeper_override: str) -> tuple[dict, str]:
    """Who may issue a kept item: the keeper; in the keeper's absence a director or the logistics
    head, with the reason (kept on the move and in the register). Returns (errors, the override
    reason to record: blank when the keeper issues)."""
    keeper = settings_for(item.campus).chemicals_keeper
    if keeper is None:
        return {"item": _("No keeper of chemicals and disinfectants is named for this campus: name one in the stores "
                          "settings before issuing %(item)s.") % {"item": item}}, ""
    if is_keeper(item.campus, user):
        return {}, ""
    if not may_override_keeper(user):
        return {"item": _("Only the keeper of chemicals and disinfectants, %(keeper)s, issues %(item)s; in the keeper's "
                          "absence a director or the logistics head may issue it, with the reason.") % {
            "keeper": keeper.name, "item": item}}, ""
    reason = (keeper_override or "").strip()[:200]
    if not reason:
        return {"keeper_override": _("%(keeper)s keeps chemicals and disinfectants: say why you issue it in the keeper's "
                                     "absence (kept on the move and in the chemicals register).") % {
            "keeper": keeper.name}}, ""
    return {}, reason


def issue(store: Store, item: Item, quantity, *, user, reason, to=None, lot=None, document=None, day=None,
          witness: StaffMember | None = None, purpose="", dilution="", keeper_override="") -> list[StockMove]:
    """An issue (领用/出库) to ``to`` (a class, a staff member or words): from ``lot`` when given, else
    FIFO by expiry. Expired lots are never issued. Chemicals and disinfectants: issued by the
    campus's named keeper only (a director or the logistics head in the keeper's absence, with the
    reason ``keeper_override``), a second person present when the campus or the item asks for it,
    at most the item's per-issue limit, and the purpose (and dilution) recorded. Returns the moves
    (one per lot taken from)."""
    reason, day, quantity = _reason(reason), _day(day), _quantity(quantity)
    _same_campus(store, item)
    errors, override = {}, ""
    if kept_by_keeper(item):
        errors, override = _keeper_errors(item, user, keeper_override)
    if item.max_per_issue and quantity > item.max_per_issue:
        errors["quantity"] = _("At most %(limit)s %(unit)s of %(item)s per issue.") % {
            "limit": _fmt(item.max_per_issue), "unit": item.unit, "item": item}
    if needs_witness(item):
        if witness is None:
            errors["witness"] = _("Name the second person present at this issue.")
        elif user is not None and getattr(witness, "user_id", None) == user.pk:
            errors["witness"] = _("The second person present cannot be the person issuing.")
        if not (purpose or "").strip():
            errors["purpose"] = _("Say what it is used for.")
    if errors:
        raise StoresError(errors)
    with transaction.atomic():
        return _take(store, item, quantity, kind=MoveKind.ISSUE, lot=lot, day=day, user=user, reason=reason,
                     witness=witness, purpose=(purpose or "").strip()[:100], dilution=(dilution or "").strip()[:60],
                     keeper_override=override, **_recipient(to), **_document_fields(document))


def write_off(store: Store, item: Item, quantity, *, user, reason, lot=None, document=None, day=None) -> list[StockMove]:
    """A write-off (报损/报废) with its reason: expired, damaged, lost. Expired lots may be written off."""
    reason, day, quantity = _reason(reason), _day(day), _quantity(quantity)
    _same_campus(store, item)
    with transaction.atomic():
        return _take(store, item, quantity, kind=MoveKind.WRITE_OFF, lot=lot, day=day, user=user, reason=reason,
                     allow_expired=True, **_document_fields(document))


def adjust(store: Store, item: Item, delta, *, user, reason, lot=None, document=None, day=None,
           unit_cost=None) -> StockMove:
    """A stocktake adjustment (盘盈/盘亏): ``delta`` signed, with its reason. A gain is valued at the
    lot's average cost (or ``unit_cost``, or the item's reference price); a loss at the average cost."""
    reason, day = _reason(reason), _day(day)
    try:
        delta = Decimal(delta)
    except (TypeError, ArithmeticError, ValueError):
        raise StoresError(_("Enter a number."), field="quantity") from None
    if not delta.is_finite() or delta == 0:
        raise StoresError(_("The adjustment cannot be zero."), field="quantity")
    _quantity(abs(delta))
    _same_campus(store, item)
    if lot is not None and lot.item_id != item.pk:
        raise StoresError(_("This lot is of another item."), field="lot")
    with transaction.atomic():
        row = _locked_balance(store, item, lot)
        if delta < 0 and row.quantity + delta < 0 and not store.allow_negative:
            raise StoresError(_("Only %(available)s %(unit)s on the books: the loss cannot be larger.") % {
                "available": _fmt(row.quantity), "unit": item.unit}, field="quantity")
        if delta > 0:
            cost = Decimal(unit_cost) if unit_cost is not None else (row.unit_cost if row.quantity > 0 else (item.price or ZERO))
            value = _cents(delta * cost)
        else:
            value = -row.value if -delta == row.quantity else -_cents(-delta * row.unit_cost)
        return _post(row, kind=MoveKind.ADJUSTMENT, quantity=delta, value=value, user=user, reason=reason, day=day,
                     **_document_fields(document))


def counterpart_item(item: Item, campus) -> Item:
    """The same item in another campus's catalogue (matched by name and specification; copied when missing)."""
    if item.campus_id == campus.pk:
        return item
    found = Item.objects.filter(campus=campus, name=item.name, specification=item.specification).first()
    if found:
        return found
    copy = Item(campus=campus, name=item.name, category=item.category, unit=item.unit, specification=item.specification,
                minimum=ZERO, tracks_lots=item.tracks_lots, expiry_required=item.expiry_required, price=item.price,
                needs_witness=item.needs_witness, max_per_issue=item.max_per_issue)
    copy.save()
    return copy


def transfer(from_store: Store, to_store: Store, item: Item, quantity, *, user, reason, lot=None, document=None,
             day=None) -> list[tuple[StockMove, StockMove]]:
    """A transfer between stores (of one campus or two): each lot taken out of ``from_store`` goes into
    ``to_store`` as the same lot, at the same cost. Returns (out, in) pairs."""
    reason, day, quantity = _reason(reason), _day(day), _quantity(quantity)
    if from_store.pk == to_store.pk:
        raise StoresError(_("Choose another store to move it to."), field="to_store")
    _same_campus(from_store, item)
    if not to_store.is_active:
        raise StoresError(_("This store is no longer in use."), field="to_store")
    with transaction.atomic():
        target_item = counterpart_item(item, to_store.campus)
        outs = _take(from_store, item, quantity, kind=MoveKind.TRANSFER_OUT, lot=lot, day=day, user=user, reason=reason,
                     to_text=str(to_store), **_document_fields(document))
        pairs = []
        for out in outs:
            target_lot = out.lot
            if out.lot is not None and target_item.pk != item.pk:
                target_lot = _lot_for(target_item, lot_code=out.lot.code, expires_on=out.lot.expires_on,
                                      received_on=out.lot.received_on)
            balance = _locked_balance(to_store, target_item, target_lot)
            move_in = _post(balance, kind=MoveKind.TRANSFER_IN, quantity=-out.quantity, value=-out.value,
                            unit_cost=out.unit_cost, user=user, reason=reason, day=day, pair=out,
                            to_text=str(from_store), **_document_fields(document))
            pairs.append((out, move_in))
        return pairs


def reverse(move: StockMove, *, user, reason) -> list[StockMove]:
    """Correct a wrong move with a reversing move (and its other leg, for a transfer): the same
    quantity and value, the other way. A move is reversed once; a reversal is not reversed."""
    reason = _reason(reason)
    if move.kind == MoveKind.REVERSAL:
        raise StoresError(_("A reversal cannot be reversed: record the move again."))
    with transaction.atomic():
        legs = [move]
        other = StockMove.objects.filter(Q(pair=move) | Q(pk=move.pair_id or 0)).first()
        if other is not None:
            legs.append(other)
        if StockMove.objects.filter(reverses__in=legs).exists():
            raise StoresError(_("This move has already been reversed."))
        # lock every balance row first, in one order, so two reversals never deadlock
        rows = {}
        for leg in sorted(legs, key=lambda m: m.pk):
            rows[leg.pk] = _locked_balance(leg.store, leg.item, leg.lot)
        out = []
        for leg in legs:
            row = rows[leg.pk]
            if leg.quantity > 0 and row.quantity - leg.quantity < 0 and not leg.store.allow_negative:
                raise StoresError(_("Only %(available)s %(unit)s of it are left in %(store)s: the rest has been "
                                    "issued, so this receipt cannot be reversed.") % {
                    "available": _fmt(row.quantity), "unit": leg.item.unit, "store": leg.store})
            out.append(_post(row, kind=MoveKind.REVERSAL, quantity=-leg.quantity, value=-leg.value,
                             unit_cost=leg.unit_cost, user=user, reason=reason, day=timezone.localdate(), reverses=leg,
                             document_type_id=leg.document_type_id, document_id=leg.document_id))
        return out


# reads ------------------------------------------------------------------------------------------

def balance_of(store: Store, item: Item, lot: Lot | None = None) -> Decimal:
    """What ``store`` holds of ``item`` now (of ``lot``, or all lots)."""
    rows = Balance.objects.filter(store=store, item=item)
    if lot is not None:
        rows = rows.filter(lot=lot)
    return rows.aggregate(total=Sum("quantity"))["total"] or ZERO


def balances_for(store: Store) -> QuerySet:
    """The balance rows of ``store`` that hold something (or are below zero), with item and lot."""
    return (Balance.objects.filter(store=store).exclude(quantity=0).select_related("item", "lot")
            .order_by("item__category", "item__name", "item__specification", F("lot__expires_on").asc(nulls_last=True), "lot_id"))


def save_store(store: Store, user, reason="") -> Store:
    if not store.name and store.place_id:
        store.name = store.place.name
    if store.place_id and store.place.campus_id != store.campus_id:
        raise StoresError(_("This place is on another campus."), field="place")
    with transaction.atomic():
        return save_tracked(store, user, reason, clean=True)


def save_item(item: Item, user, reason="") -> Item:
    if item.default_store_id and item.default_store.campus_id != item.campus_id:
        raise StoresError(_("This store is on another campus."), field="default_store")
    with transaction.atomic():
        return save_tracked(item, user, reason, clean=True)
