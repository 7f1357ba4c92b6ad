"""Requisitions (领用): requested by a class, a department or a person; approved by the director
when an item's category needs it (campus setting); issued from the store against the request
(partly if need be) through the ledger's ``issue`` (oldest lot first); signed for by the receiver.
A new-term kit is issued to every class at once: one requisition per class, all or nothing."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.notifications import mark_read, notify
from campus.people import display_name
from campus.roles import Role

from ..errors import StoresError
from ..models.flows import (
    TO_ISSUE,
    ZERO,
    Kit,
    KitLine,
    Requisition,
    RequisitionIssue,
    RequisitionIssueLine,
    RequisitionLine,
    RequisitionStatus,
)
from ..models.ledger import Balance
from . import ledger

KEEPERS = (Role.LOGISTICS, Role.ASSETS)


def needs_approval(campus, items) -> bool:
    categories = set(ledger.settings_for(campus).approval_categories or ())
    return any(item.category in categories for item in items)


def _clean_lines(campus, lines: list[dict]) -> list[dict]:
    result, errors, seen = [], {}, set()
    for index, line in enumerate(lines):
        item, quantity = line.get("item"), line.get("quantity")
        if item is None and not quantity:
            continue
        if item is None:
            errors[f"lines-{index}-item"] = _("Choose an item.")
        elif item.campus_id != campus.pk:
            errors[f"lines-{index}-item"] = _("This item belongs to another campus.")
        elif item.pk in seen:
            errors[f"lines-{index}-item"] = _("This item is already on the list.")
        if not quantity or quantity <= 0:
            errors[f"lines-{index}-quantity"] = _("Say how many.")
        if item is not None:
            seen.add(item.pk)
        result.append({"item": item, "quantity": quantity})
    if errors:
        raise StoresError(errors)
    if not result:
        raise StoresError(_("Add at least one line."))
    return result


def _key(requisition) -> str:
    return f"requisition-{requisition.pk}"


@transaction.atomic
def request_requisition(campus, *, store, lines: list[dict], user, classroom=None, department: str = "",
                        needed_on=None, note: str = "", kit=None, notify_people=True) -> Requisition:
    if store.campus_id != campus.pk:
        raise StoresError(_("This store belongs to another campus."), field="store")
    if classroom is not None and classroom.campus_id != campus.pk:
        raise StoresError(_("This class belongs to another campus."), field="classroom")
    department = (department or "").strip()
    if classroom is None and not department:
        raise StoresError(_("Say which class, department or person the goods are for."), field="classroom")
    cleaned = _clean_lines(campus, lines)
    status = RequisitionStatus.SUBMITTED if needs_approval(campus, [line["item"] for line in cleaned]) else RequisitionStatus.READY
    requisition = save_tracked(Requisition(
        campus=campus, store=store, classroom=classroom, department="" if classroom else department, status=status,
        requested_by=user, needed_on=needed_on, note=note, kit=kit,
    ), user, gettext_noop("requested"), clean=True)
    RequisitionLine.objects.bulk_create([RequisitionLine(requisition=requisition, **line) for line in cleaned])
    if notify_people:
        _tell(requisition)
    return requisition


def _tell(requisition: Requisition) -> None:
    body = _("%(number)s for %(whom)s, requested by %(who)s.") % {
        "number": requisition.number, "whom": requisition.for_whom, "who": display_name(requisition.requested_by)}
    if requisition.status == RequisitionStatus.SUBMITTED:
        notify(NoticeKind.STORES_APPROVAL, requisition.campus, roles=[Role.DIRECTOR],
               title=_("Requisition to approve: %(whom)s") % {"whom": requisition.for_whom}, body=body,
               link=requisition.get_absolute_url(), key=_key(requisition))


@transaction.atomic
def approve_requisition(requisition: Requisition, user) -> Requisition:
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status != RequisitionStatus.SUBMITTED:
        raise StoresError(_("This requisition is not waiting for approval."))
    if requisition.requested_by_id == user.pk:
        raise StoresError(_("You cannot approve your own requisition."))
    requisition.status, requisition.approved_by, requisition.approved_at = RequisitionStatus.READY, user, timezone.now()
    save_tracked(requisition, user, gettext_noop("approved"))
    mark_read(requisition.campus_id, [_key(requisition)], kinds=[NoticeKind.STORES_APPROVAL])
    return requisition


@transaction.atomic
def reject_requisition(requisition: Requisition, user, reason: str) -> Requisition:
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status != RequisitionStatus.SUBMITTED:
        raise StoresError(_("This requisition is not waiting for approval."))
    if not (reason or "").strip():
        raise StoresError(_("Say why the requisition is rejected."), field="reason")
    requisition.status, requisition.rejection_reason = RequisitionStatus.REJECTED, reason.strip()
    save_tracked(requisition, user, gettext_noop("rejected"))
    mark_read(requisition.campus_id, [_key(requisition)], kinds=[NoticeKind.STORES_APPROVAL])
    return requisition


@transaction.atomic
def cancel_requisition(requisition: Requisition, user) -> Requisition:
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status not in (RequisitionStatus.SUBMITTED, RequisitionStatus.READY):
        raise StoresError(_("Only a requisition nothing was issued for can be cancelled."))
    requisition.status = RequisitionStatus.CANCELLED
    save_tracked(requisition, user, gettext_noop("cancelled"))
    mark_read(requisition.campus_id, [_key(requisition)], kinds=[NoticeKind.STORES_APPROVAL])
    return requisition


def default_receiver(requisition: Requisition):
    """Who signs for the goods by default: the class's head teacher, else the person who asked."""
    classroom = requisition.classroom
    if classroom is not None and classroom.head_teacher_id and classroom.head_teacher.user_id:
        return classroom.head_teacher.user
    return requisition.requested_by


@transaction.atomic
def issue_requisition(requisition: Requisition, *, quantities: dict, user, receiver=None, witness=None,
                      purpose: str = "", keeper_override: str = "") -> RequisitionIssue:
    """Hand over goods against the requisition: ``quantities`` {line id: quantity} (0 or missing: not
    now). More than is outstanding on a line is refused; the ledger refuses more than is in stock,
    naming the item. The receiver (by default the class's head teacher or the requester) signs for it.
    Chemicals and disinfectants are issued by their keeper only (``ledger.issue``; in the keeper's
    absence a director or the logistics head, with ``keeper_override``, the reason)."""
    requisition = (Requisition.objects.select_for_update(of=("self",)).select_related("store", "classroom__head_teacher")
                   .get(pk=requisition.pk))
    if requisition.status not in TO_ISSUE:
        if requisition.status == RequisitionStatus.SUBMITTED:
            raise StoresError(_("This requisition waits for the director's approval."))
        raise StoresError(_("Nothing is left to issue on this requisition."))
    lines = {line.pk: line for line in requisition.lines.select_related("item")}
    wanted, errors = [], {}
    for line_id, quantity in quantities.items():
        line = lines.get(int(line_id))
        if line is None:
            errors["quantities"] = _("This line is not on the requisition.")
            continue
        if isinstance(quantity, int):
            quantity = Decimal(quantity)
        if not isinstance(quantity, Decimal) or not quantity.is_finite():  # NaN and Infinity are not numbers
            errors[f"line-{line.pk}"] = _("Not a number.")
        elif not quantity:
            continue
        elif quantity < 0:
            errors[f"line-{line.pk}"] = _("Quantities cannot be negative.")
        elif quantity > line.outstanding:
            errors[f"line-{line.pk}"] = _("%(item)s: only %(left)s is still to be issued.") % {
                "item": line.item, "left": _num(line.outstanding)}
        else:
            wanted.append((line, quantity))
    if errors:
        raise StoresError(errors)
    if not wanted:
        raise StoresError(_("Enter what you hand over."))
    receiver = receiver or default_receiver(requisition)
    issue = save_tracked(RequisitionIssue(requisition=requisition, issued_by=user, receiver=receiver), user, gettext_noop("issued"))
    total = ZERO
    for line, quantity in wanted:
        moves = ledger.issue(
            requisition.store, line.item, quantity, user=user, document=issue,
            reason=_("Requisition %(number)s") % {"number": requisition.number},
            to=requisition.classroom or requisition.department, witness=witness, purpose=purpose,
            keeper_override=keeper_override,
        )
        value = -sum((move.value for move in _as_list(moves)), ZERO)
        RequisitionIssueLine.objects.create(issue=issue, line=line, item=line.item, quantity=quantity, value=value)
        line.issued_quantity += quantity
        line.save(update_fields=["issued_quantity"])
        total += value
    issue.value = total
    save_tracked(issue, user, gettext_noop("issued"))
    done = all(line.outstanding == 0 for line in lines.values())
    requisition.status = RequisitionStatus.ISSUED if done else RequisitionStatus.PARTLY_ISSUED
    save_tracked(requisition, user, gettext_noop("issued"))
    return issue


def _as_list(moves) -> list:
    if moves is None:
        return []
    return list(moves) if isinstance(moves, list | tuple) else [moves]


@transaction.atomic
def sign_issue(issue: RequisitionIssue, user) -> RequisitionIssue:
    issue = RequisitionIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.receiver_id != user.pk:
        raise StoresError(_("Only %(name)s, who received the goods, can sign for them.") % {"name": display_name(issue.receiver)})
    if issue.signed_at is not None:
        raise StoresError(_("Already signed for."))
    issue.signed_at = timezone.now()
    save_tracked(issue, user, gettext_noop("signed for"))
    return issue


# --- new-term kits --------------------------------------------------------------------------------


@transaction.atomic
def save_kit(kit: Kit, *, lines: list[dict], user) -> Kit:
    cleaned = _clean_lines(kit.campus, lines)
    save_tracked(kit, user, gettext_noop("saved"), clean=True)
    kit.lines.all().delete()
    KitLine.objects.bulk_create([KitLine(kit=kit, **line) for line in cleaned])
    return kit


def kit_shortages(kit: Kit, store, classrooms) -> list[dict]:
    """Per item of the kit: needed for these classes, in the store, short by."""
    count = len(classrooms)
    lines = list(kit.lines.select_related("item"))
    held = defaultdict(lambda: ZERO)
    for item_id, quantity in Balance.objects.filter(store=store, item__in=[line.item_id for line in lines]).values_list(
            "item_id", "quantity"):
        held[item_id] += quantity
    result = []
    for line in lines:
        needed = line.quantity * count
        if needed > held[line.item_id]:
            result.append({"item": line.item, "needed": needed, "held": held[line.item_id], "short": needed - held[line.item_id]})
    return result


@transaction.atomic
def issue_kit(kit: Kit, *, store, classrooms, user) -> list[Requisition]:
    """One requisition per class, each issued in full to the class's head teacher, as one action: if
    the store is short of anything, nothing is issued and the message lists every short item."""
    classrooms = list(classrooms)
    if not classrooms:
        raise StoresError(_("Choose the classes."), field="classrooms")
    if store.campus_id != kit.campus_id:
        raise StoresError(_("This store belongs to another campus."), field="store")
    lines = list(kit.lines.select_related("item"))
    if not lines:
        raise StoresError(_("The kit has no items."))
    # lock the balances first so two kits issued at once cannot both pass the check
    list(Balance.objects.select_for_update(of=("self",)).filter(store=store, item__in=[line.item_id for line in lines]).order_by("pk"))
    short = kit_shortages(kit, store, classrooms)
    if short and not store.allow_negative:
        raise StoresError(_("Not enough in %(store)s for %(n)d classes: %(items)s. Nothing was issued.") % {
            "store": store, "n": len(classrooms),
            "items": "；".join(_("%(item)s needs %(needed)s, has %(held)s") % {
                "item": row["item"], "needed": _num(row["needed"]), "held": _num(row["held"])} for row in short)})
    result = []
    for classroom in classrooms:
        requisition = request_requisition(
            kit.campus, store=store, classroom=classroom, user=user, kit=kit, notify_people=False,
            note=_("Class kit: %(kit)s") % {"kit": kit.name},
            lines=[{"item": line.item, "quantity": line.quantity} for line in lines],
        )
        if requisition.status == RequisitionStatus.SUBMITTED:  # the kit itself is the approved list
            requisition.status, requisition.approved_by, requisition.approved_at = RequisitionStatus.READY, user, timezone.now()
            save_tracked(requisition, user, gettext_noop("approved"))
        issue_requisition(requisition, quantities={line.pk: line.quantity for line in requisition.lines.all()}, user=user)
        result.append(requisition)
    return result


def waiting_for_approval(user, campus):
    if not user.has_perm("logistics.approve_requisition"):
        return Requisition.objects.none()
    return Requisition.objects.filter(campus=campus, status=RequisitionStatus.SUBMITTED).exclude(requested_by=user)


def unsigned_for(user, campus):
    return RequisitionIssue.objects.filter(requisition__campus=campus, receiver=user, signed_at__isnull=True)


def _num(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
