"""Food acceptance (进货查验, 食品安全法 Art. 50 and 53): a delivery with its lines, the refusal of a
delivery from a supplier whose licence had expired, a director's override, and line corrections (a
corrected line's food-store receipt is reversed and the corrected line received again, in the same
transaction: ``logistics.services.correct_acceptance``).

Each write is one transaction with history kept; bad input raises ``KitchenError`` naming the field
(``lines-<n>-<field>`` for the n-th line, as in the form) and saves nothing. Only accepted lines
are the canteen's food cost (``services.accepted_food_cost``)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.history import save_tracked
from logistics import services as stores

from .choices import AcceptanceResult, Canteen
from .models import Acceptance, Delivery
from .services import (
    ABSURD_TEMPERATURE,
    MAX_PRICE,
    MAX_QUANTITY,
    KitchenError,
    _is_staff_of,
    _raise,
    ensure_food_handler,
    settings_for,
)

OVERRIDE_PERMISSION = "kitchen.override_acceptance"

LINE_FIELDS = ("product", "specification", "quantity", "unit", "unit_price", "production_date", "batch_no", "shelf_life",
               "sensory_ok", "chilled", "temperature_c", "bulk", "reject_reason")


def licence_refusal(supplier, day: dt.date) -> str:
    """The reason a delivery from ``supplier`` on ``day`` is refused, or "" when its licence is valid."""
    if supplier.licence_valid_on(day):
        return ""
    return _("Refused: the supplier's licence expired on %(day)s (食品安全法 Art. 50: check the licence before receiving).") % {
        "day": supplier.licence_expires_on}


def _line_errors(line: dict, day: dt.date) -> dict:
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    quantity, unit_price = line.get("quantity"), line.get("unit_price")
    if not (line.get("product") or "").strip():
        err("product", _("Name the product."))
    if quantity is None or quantity <= 0:
        err("quantity", _("The quantity must be more than zero."))
    elif quantity > MAX_QUANTITY:
        err("quantity", _("This quantity is not plausible; check the unit."))
    if unit_price is None or unit_price < 0:
        err("unit_price", _("The unit price cannot be negative."))
    elif unit_price > MAX_PRICE:
        err("unit_price", _("This unit price is not plausible."))
    production_date = line.get("production_date")
    if production_date and production_date > day:
        err("production_date", _("The production date is after the day received."))
    if not production_date and not (line.get("batch_no") or "").strip():
        err("batch_no", _("Enter the production date or the batch number (食品安全法 Art. 50)."))
    temperature = line.get("temperature_c")
    if line.get("chilled") and temperature is None:
        err("temperature_c", _("Enter the temperature of chilled or frozen goods."))
    if temperature is not None and not ABSURD_TEMPERATURE[0] <= temperature <= ABSURD_TEMPERATURE[1]:
        err("temperature_c", _("This temperature is not plausible (−40 to 60 ℃)."))
    result, reason, sensory_ok = line.get("result"), (line.get("reject_reason") or "").strip(), line.get("sensory_ok", True)
    if result == AcceptanceResult.REJECTED and not reason:
        err("reject_reason", _("Say why the goods were rejected."))
    elif result == AcceptanceResult.ACCEPTED and not sensory_ok:
        err("sensory_ok", _("Goods that failed the sensory check must be rejected."))
    elif result is None and not sensory_ok and not reason:
        err("reject_reason", _("The goods failed the sensory check: say why they are sent back."))
    return errors


def _own_result(line: dict) -> str:
    """The receivers' own verdict on a line: rejected when they gave a reason or the sensory check failed."""
    if line.get("result"):
        return line["result"]
    if (line.get("reject_reason") or "").strip() or not line.get("sensory_ok", True):
        return AcceptanceResult.REJECTED
    return AcceptanceResult.ACCEPTED


def _apply_line(obj: Acceptance, delivery: Delivery, line: dict) -> Acceptance:
    """Copy the delivery's header and the line's values onto ``obj``, with its result."""
    own = _own_result(line)
    obj.campus_id, obj.delivery, obj.date, obj.supplier, obj.canteen = delivery.campus_id, delivery, delivery.date, delivery.supplier, delivery.canteen
    obj.receiver, obj.second_receiver = delivery.receiver, delivery.second_receiver
    obj.certificates_checked, obj.certificates_note = delivery.certificates_checked, delivery.certificates_note
    for field in LINE_FIELDS:
        if field in line:
            setattr(obj, field, line[field])
    obj.product = (obj.product or "").strip()
    obj.amount = Acceptance.compute_amount(obj.quantity, obj.unit_price)
    obj.supplier_licence_expired = not delivery.supplier.licence_valid_on(delivery.date)
    obj.licence_refused = own == AcceptanceResult.ACCEPTED and delivery.refused
    if obj.licence_refused:
        obj.result, obj.reject_reason = AcceptanceResult.REJECTED, delivery.refusal_reason
    else:
        obj.result = own
        obj.reject_reason = (line.get("reject_reason") or "").strip() if own == AcceptanceResult.REJECTED else ""
        if own == AcceptanceResult.REJECTED and not obj.reject_reason:
            obj.reject_reason = _("Failed the sensory check.")
    return obj


def _header_errors(campus, *, supplier, date, receiver, second_receiver, lines) -> dict:
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if supplier.campus_id != campus.pk:
        err("supplier", _("This supplier belongs to another campus."))
    if date > timezone.localdate():
        err("date", _("A delivery cannot be recorded for a future day."))
    if second_receiver is not None and second_receiver == receiver:
        err("second_receiver", _("The second receiver must be another person."))
    if any(line.get("bulk") for line in lines) and settings_for(campus).bulk_two_receivers and second_receiver is None:
        err("second_receiver", _("Bulk goods are checked by two people together (双人联检): choose the second receiver."))
    for field, person in (("receiver", receiver), ("second_receiver", second_receiver)):
        if person is not None and not _is_staff_of(person, campus):
            err(field, _("This person is not on the staff of this campus."))
    if not lines:
        err("__all__", _("Enter at least one line."))
    return errors


def _refresh_status(delivery: Delivery, results) -> None:
    delivery.status = Delivery.derive_status(results)


@transaction.atomic
def record_delivery(campus, *, user, supplier, date, receiver, lines: list[dict], received_at=None, canteen=Canteen.CHILDREN,
                    second_receiver=None, certificates_checked=False, certificates_note="", reason="") -> Delivery:
    """Record one delivery and its lines (each a dict of ``LINE_FIELDS``; a line is rejected when it
    has a ``reject_reason`` or failed the sensory check). All or nothing.

    A supplier whose licence had expired on ``date`` does not stop the record: the delivery is saved
    refused (拒收), every line rejected with the reason, so nothing reaches the canteen account;
    a director may accept it afterwards with ``override_refused_delivery``."""
    ensure_food_handler(date, user=user, people={"receiver": receiver, "second_receiver": second_receiver})
    errors = _header_errors(campus, supplier=supplier, date=date, receiver=receiver, second_receiver=second_receiver, lines=lines)
    for index, line in enumerate(lines):
        for field, messages in _line_errors(line, date).items():
            errors.setdefault(f"lines-{index}-{field}", []).extend(messages)
    _raise(errors)
    delivery = Delivery(
        campus=campus, date=date, received_at=received_at, supplier=supplier, canteen=canteen, receiver=receiver,
        second_receiver=second_receiver, certificates_checked=certificates_checked, certificates_note=certificates_note,
        refusal_reason=licence_refusal(supplier, date),
    )
    rows = [_apply_line(Acceptance(), delivery, line) for line in lines]
    _refresh_status(delivery, [row.result for row in rows])
    save_tracked(delivery, user, reason, clean=True)
    for index, row in enumerate(rows):
        row.delivery = delivery
        try:
            save_tracked(row, user, reason, clean=True)
            if row.result == AcceptanceResult.ACCEPTED:  # dry goods the food store keeps become a lot there
                stores.receive_acceptance(row, user=user)
        except (KitchenError, stores.StoresError) as exc:
            raise KitchenError({f"lines-{index}-{field}": messages for field, messages in exc.message_dict.items()}) from None
    return delivery


@transaction.atomic
def override_refused_delivery(delivery: Delivery, *, user, reason: str) -> Delivery:
    """A director accepts a delivery refused for the supplier's licence, with a reason kept on the
    delivery (who, when, why) and in its history. Lines the receivers rejected themselves stay rejected."""
    if not user.has_perm(OVERRIDE_PERMISSION):
        raise KitchenError(_("Only the director may accept a refused delivery."))
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.refused:
        raise KitchenError(_("This delivery was not refused for the supplier's licence."))
    if not (reason or "").strip():
        raise KitchenError({"reason": _("Say why the refused delivery is accepted: the reason is shown in the register.")})
    delivery.override_by, delivery.override_at, delivery.override_reason = user, timezone.now(), reason.strip()
    lines = list(delivery.lines.all())
    for line in lines:
        if line.licence_refused:
            line.result, line.reject_reason = AcceptanceResult.ACCEPTED, ""
            save_tracked(line, user, reason, clean=True)
            stores.receive_acceptance(line, user=user)
    _refresh_status(delivery, [line.result for line in lines])
    return save_tracked(delivery, user, reason, clean=True)


@transaction.atomic
def record_acceptance(campus, *, user, supplier, date, product, quantity, unit, unit_price, receiver,
                      canteen=Canteen.CHILDREN, second_receiver=None, certificates_checked=False, certificates_note="",
                      result=None, reason="", instance: Acceptance | None = None, **line) -> Acceptance:
    """Record a delivery of one line (the line is returned), or correct a line (``instance``, with the
    reason kept in its history). A correction changes the line's own values only (quantity, price,
    batch, checks); the delivery's supplier, day and receivers stay; a refused delivery's lines stay
    refused. Errors name the line's field (``quantity``, not ``lines-0-quantity``)."""
    values = {"product": product, "quantity": quantity, "unit": unit, "unit_price": unit_price, "result": result, **line}
    if instance is None:
        try:
            delivery = record_delivery(
                campus, user=user, supplier=supplier, date=date, receiver=receiver, lines=[values], canteen=canteen,
                second_receiver=second_receiver, certificates_checked=certificates_checked, certificates_note=certificates_note,
                reason=reason,
            )
        except KitchenError as exc:
            raise KitchenError({key.removeprefix("lines-0-"): messages for key, messages in exc.message_dict.items()}) from None
        return delivery.lines.get()
    return _correct_line(instance, user=user, values=values, reason=reason)


def _correct_line(line: Acceptance, *, user, values: dict, reason: str) -> Acceptance:
    errors = _line_errors(values, line.date)
    if not reason.strip():
        errors.setdefault("__all__", []).append(_("Say why the record is corrected: the reason is kept in its history."))
    _raise(errors)
    delivery = Delivery.objects.select_for_update().select_related("supplier").get(pk=line.delivery_id)
    _apply_line(line, delivery, values)
    save_tracked(line, user, reason, clean=True)
    try:  # the food store follows: its receipt reversed, the corrected line received (refused if already issued)
        stores.correct_acceptance(line, user=user, reason=reason, accepted=line.result == AcceptanceResult.ACCEPTED)
    except stores.StoresError as exc:
        raise KitchenError(exc.message_dict) from None
    results = [line.result if other.pk == line.pk else other.result for other in delivery.lines.all()]
    status = Delivery.derive_status(results)
    if status != delivery.status:
        delivery.status = status
        save_tracked(delivery, user, reason, clean=True)
    return line
