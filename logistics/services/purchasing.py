"""Purchase requests (申购): requested with lines, approved by the director (and a second approver
above the campus threshold), ordered, then received into stock with a check at the door. Each
receipt posts its goods through the ledger's ``receive`` and hands its amount to finance as a claim
waiting for payment (``finance.services.claim_for_purchase``)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.notifications import mark_read, notify
from campus.roles import Role
from finance import services as finance_services

from ..choices import ItemCategory
from ..errors import StoresError
from ..models.flows import (
    OPEN_ORDER,
    WAITING_APPROVAL,
    ZERO,
    PurchaseLine,
    PurchaseReceipt,
    PurchaseReceiptLine,
    PurchaseRequest,
    PurchaseStatus,
    ReceiptCondition,
)
from . import ledger

APPROVE_PERMISSION = "logistics.approve_purchaserequest"
CLAIM_CATEGORY = {  # the finance claim category of a purchase, by the category of most of its value
    ItemCategory.OFFICE: "office", ItemCategory.TEACHING: "teaching", ItemCategory.FOOD: "canteen",
}


settings_for = ledger.settings_for  # the stores' one settings row (LogisticsSettings)


def _notice_key(request) -> str:
    return f"purchase-{request.pk}"


def _tell_approvers(request) -> None:
    if request.status == PurchaseStatus.SUBMITTED:
        title = _("Purchase request to approve: %(title)s") % {"title": request.title}
    else:
        title = _("Purchase request needs a second approver: %(title)s") % {"title": request.title}
    body = _("%(number)s, estimated %(total)s, requested by %(who)s.") % {
        "number": request.number, "total": f"¥{estimated_total(request):,.2f}", "who": _person(request.requested_by)}
    notify(NoticeKind.STORES_APPROVAL, request.campus, roles=[Role.DIRECTOR], title=title, body=body,
           link=request.get_absolute_url(), key=f"{_notice_key(request)}-{request.status}")


def _person(user) -> str:
    from campus.people import display_name

    return display_name(user)


def estimated_total(request) -> Decimal:
    return sum((line.estimated_total for line in request.lines.all()), ZERO)


def _clean_lines(lines: list[dict], campus) -> list[dict]:
    """Plain line values, empty ones dropped; each names a catalogue item of the campus or describes one."""
    result, errors = [], {}
    for index, line in enumerate(lines):
        item, description = line.get("item"), (line.get("description") or "").strip()
        quantity = line.get("quantity")
        if item is None and not description and not quantity:
            continue
        if item is not None and item.campus_id != campus.pk:
            errors[f"lines-{index}-item"] = _("This item belongs to another campus.")
        elif item is None and not description:
            errors[f"lines-{index}-item"] = _("Choose an item of the catalogue or describe it.")
        if not quantity or quantity <= 0:
            errors[f"lines-{index}-quantity"] = _("Say how many.")
        price = line.get("estimated_price")
        if price is None or price < 0:
            errors[f"lines-{index}-estimated_price"] = _("Give an estimated unit price (0 if unknown).")
        result.append({"item": item, "description": description, "unit": (line.get("unit") or "").strip(),
                       "quantity": quantity, "estimated_price": price or ZERO, "reason": (line.get("reason") or "").strip()})
    if errors:
        raise StoresError(errors)
    if not result:
        raise StoresError(_("Add at least one line."))
    return result


@transaction.atomic
def request_purchase(campus, *, title: str, store, lines: list[dict], user, note: str = "", supplier: str = "") -> PurchaseRequest:
    if store.campus_id != campus.pk:
        raise StoresError(_("This store belongs to another campus."), field="store")
    cleaned = _clean_lines(lines, campus)
    request = save_tracked(PurchaseRequest(campus=campus, title=(title or "").strip(), store=store, requested_by=user,
                                           note=note, supplier=supplier), user, gettext_noop("requested"), clean=True)
    PurchaseLine.objects.bulk_create([PurchaseLine(request=request, **line) for line in cleaned])
    _tell_approvers(request)
    return request


@transaction.atomic
def approve_purchase(request: PurchaseRequest, user) -> PurchaseRequest:
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.requested_by_id == user.pk:
        raise StoresError(_("You cannot approve your own purchase request."))
    now = timezone.now()
    limit = settings_for(request.campus).purchase_second_approval_amount
    if request.status == PurchaseStatus.SUBMITTED:
        request.approved_by, request.approved_at = user, now
        request.status = PurchaseStatus.NEEDS_SECOND if estimated_total(request) > limit else PurchaseStatus.APPROVED
    elif request.status == PurchaseStatus.NEEDS_SECOND:
        if request.approved_by_id == user.pk:
            raise StoresError(_("The second approval must come from another person."))
        request.second_approved_by, request.second_approved_at = user, now
        request.status = PurchaseStatus.APPROVED
    else:
        raise StoresError(_("This purchase request is not waiting for approval."))
    save_tracked(request, user, gettext_noop("approved"))
    mark_read(request.campus.pk, [f"{_notice_key(request)}-{PurchaseStatus.SUBMITTED}"], kinds=[NoticeKind.STORES_APPROVAL])
    if request.status == PurchaseStatus.NEEDS_SECOND:
        _tell_approvers(request)
    else:
        mark_read(request.campus.pk, [f"{_notice_key(request)}-{PurchaseStatus.NEEDS_SECOND}"], kinds=[NoticeKind.STORES_APPROVAL])
    return request


@transaction.atomic
def reject_purchase(request: PurchaseRequest, user, reason: str) -> PurchaseRequest:
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in WAITING_APPROVAL:
        raise StoresError(_("This purchase request is not waiting for approval."))
    if request.requested_by_id == user.pk:
        raise StoresError(_("You cannot approve your own purchase request."))
    if not (reason or "").strip():
        raise StoresError(_("Say why the request is rejected."), field="reason")
    request.status, request.rejection_reason = PurchaseStatus.REJECTED, reason.strip()
    save_tracked(request, user, gettext_noop("rejected"))
    mark_read(request.campus.pk, [f"{_notice_key(request)}-{s}" for s in WAITING_APPROVAL], kinds=[NoticeKind.STORES_APPROVAL])
    return request


@transaction.atomic
def order_purchase(request: PurchaseRequest, user, supplier: str = "") -> PurchaseRequest:
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PurchaseStatus.APPROVED:
        raise StoresError(_("Only an approved purchase request can be ordered."))
    request.status, request.ordered_by, request.ordered_at = PurchaseStatus.ORDERED, user, timezone.now()
    if supplier:
        request.supplier = supplier.strip()
    save_tracked(request, user, gettext_noop("ordered"))
    return request


@transaction.atomic
def receive_purchase(request: PurchaseRequest, *, lines: list[dict], user, note: str = "") -> PurchaseReceipt:
    """One delivery against the order. ``lines``: ``{"line": PurchaseLine, "quantity", "returned",
    "condition", "unit_price", "over_reason", "item" (for a line described in words), "lot", "expires_on"}``;
    a line with nothing received nor sent back is skipped. Receiving more than is outstanding needs a
    reason (beyond the campus's margin). Goods go into stock through the ledger; the amount goes to
    finance as a claim waiting for payment."""
    request = PurchaseRequest.objects.select_for_update().select_related("campus", "store").get(pk=request.pk)
    if request.status not in OPEN_ORDER:
        raise StoresError(_("Only an ordered purchase can be received."))
    own = {line.pk: line for line in request.lines.select_related("item")}
    margin = Decimal(settings_for(request.campus).over_receipt_percent) / 100
    errors, accepted = {}, []
    for index, data in enumerate(lines):
        line = own.get(getattr(data.get("line"), "pk", None))
        quantity, returned = data.get("quantity") or ZERO, data.get("returned") or ZERO
        if line is None:
            errors[f"lines-{index}-quantity"] = _("This line is not on the request.")
            continue
        if not quantity and not returned:
            continue
        if quantity < 0 or returned < 0:
            errors[f"lines-{index}-quantity"] = _("Quantities cannot be negative.")
            continue
        if line.closed:
            errors[f"lines-{index}-quantity"] = _("This line is closed: nothing more is expected.")
            continue
        allowed = line.quantity * (1 + margin) - line.received_quantity
        over_reason = (data.get("over_reason") or "").strip()
        if quantity > allowed and not over_reason:
            errors[f"lines-{index}-over_reason"] = _(
                "%(quantity)s is more than the %(left)s still on order: say why, or receive only what was ordered.") % {
                "quantity": _num(quantity), "left": _num(max(line.quantity - line.received_quantity, ZERO))}
        condition = data.get("condition") or ReceiptCondition.GOOD
        if returned and condition == ReceiptCondition.GOOD:
            errors[f"lines-{index}-condition"] = _("Say why goods were sent back.")
        item = line.item or data.get("item")
        if quantity and item is None:
            errors[f"lines-{index}-item"] = _("Choose the catalogue item these goods go into stock as.")
        elif item is not None and item.campus_id != request.campus_id:
            errors[f"lines-{index}-item"] = _("This item belongs to another campus.")
        elif quantity and item.expiry_required and not data.get("expires_on"):
            errors[f"lines-{index}-expires_on"] = _("This item is kept with its expiry date: give it.")
        price = data.get("unit_price")
        if price is None:
            price = line.estimated_price
        if price < 0:
            errors[f"lines-{index}-unit_price"] = _("The price cannot be negative.")
        accepted.append((line, item, quantity, returned, condition, price, over_reason, data))
    if errors:
        raise StoresError(errors)
    if not accepted:
        raise StoresError(_("Enter what was received."))
    receipt = save_tracked(PurchaseReceipt(request=request, received_by=user, note=note), user, gettext_noop("received"))
    total = ZERO
    for line, item, quantity, returned, condition, price, over_reason, data in accepted:
        move = None
        if quantity:
            if line.item_id is None:
                line.item = item
            move = ledger.receive(
                request.store, [{"item": item, "quantity": quantity, "unit_cost": price, "lot_code": data.get("lot") or "",
                                 "expires_on": data.get("expires_on")}],
                user=user, document=receipt, reason=_("Purchase %(number)s") % {"number": request.number},
            )[0]
        receipt_line = PurchaseReceiptLine.objects.create(
            receipt=receipt, line=line, quantity=quantity, returned=returned, condition=condition, unit_price=price,
            over_reason=over_reason, move=move,
        )
        total += receipt_line.amount
        line.received_quantity += quantity
        line.closed = line.received_quantity >= line.quantity
        line.save(update_fields=["item", "received_quantity", "closed"])
    receipt.amount = total
    if total > 0:
        receipt.finance_claim = finance_services.claim_for_purchase(
            request.campus, title=_("%(title)s (purchase %(number)s)") % {"title": request.title, "number": request.number},
            amount=total, spent_on=timezone.localdate(), claimant=request.ordered_by or user,
            approved_by=request.approved_by, approved_at=request.approved_at,
            second_approved_by=request.second_approved_by, second_approved_at=request.second_approved_at,
            category=_claim_category(accepted), user=user,
        )
    save_tracked(receipt, user, gettext_noop("received"))
    _update_progress(request, user)
    return receipt


def _claim_category(accepted) -> str:
    values: dict = {}
    for line, item, quantity, *_rest in accepted:
        if item is not None:
            values[item.category] = values.get(item.category, ZERO) + quantity * line.estimated_price
    top = max(values, key=values.get) if values else None
    return CLAIM_CATEGORY.get(top, "other")


def _update_progress(request: PurchaseRequest, user) -> None:
    lines = list(request.lines.all())
    if all(line.closed for line in lines):
        status = PurchaseStatus.RECEIVED
    elif any(line.received_quantity > 0 or line.closed for line in lines):
        status = PurchaseStatus.PARTLY_RECEIVED
    else:
        status = PurchaseStatus.ORDERED
    if status != request.status:
        request.status = status
        save_tracked(request, user, gettext_noop("received"))


@transaction.atomic
def close_line_short(line: PurchaseLine, user, reason: str) -> PurchaseLine:
    """The supplier cannot deliver the rest: the line is closed with what came, and the reason."""
    request = PurchaseRequest.objects.select_for_update().get(pk=line.request_id)
    line = PurchaseLine.objects.get(pk=line.pk)
    if request.status not in OPEN_ORDER or line.closed:
        raise StoresError(_("This line is not waiting for goods."))
    if not (reason or "").strip():
        raise StoresError(_("Say why the rest will not come."), field="reason")
    line.closed, line.closed_reason = True, reason.strip()
    line.save(update_fields=["closed", "closed_reason"])
    save_tracked(request, user, _("line closed short: %(line)s — %(reason)s") % {"line": line.label, "reason": line.closed_reason})
    _update_progress(request, user)
    return line


def _num(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def waiting_for(user, campus):
    """Purchase requests this user may approve now (not their own, not the one they approved first)."""
    if not user.has_perm(APPROVE_PERMISSION):
        return PurchaseRequest.objects.none()
    return (PurchaseRequest.objects.filter(campus=campus, status__in=WAITING_APPROVAL).exclude(requested_by=user)
            .exclude(status=PurchaseStatus.NEEDS_SECOND, approved_by=user))
