"""Every write of repair requests (报修), and the reads the pages, the dashboard and the beat job share.

    report_repair(campus, user=..., problem=..., urgency=..., asset=... or place=..., photo=upload)
    assign_repair(repair, user=..., assignee=staff user or None, contractor="...")
    close_repair(repair, user=..., note=..., parts=..., cost=Decimal, photo=upload)
    verify_repair(repair, user=...) / reopen_repair(repair, user=..., note=...)
    hand_to_finance(repair, user=..., photos=[receipt]) -> the expense claim (finance.services)
    notify_overdue_repairs(now) (the beat job), repair_from_anomaly(...) (the checklists hook)

A repair request goes to the asset manager or the logistics head as the campus's settings say; the
urgency sets its deadline (campus settings). While it is open its asset is "under repair"; once it
is repaired the asset goes back to the status it had.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.models import Place
from campus.notifications import Notice, mark_read, notify, notify_many
from finance import services as finance_services

from ..choices import AssetStatus, RepairUrgency
from ..errors import AssetsError
from ..models import Asset, Category
from ..models.repairs import OPEN_STATUSES, RepairRequest, RepairStatus
from .register import SETTABLE, set_status, settings_for

TWO_PLACES = Decimal("0.01")
TARGET_KIND = "assets.category"  # checklists.targets: each asset of a category
ASSET_KIND = "assets.asset"  # checklists.targets: one asset (the boiler, the kitchen's disinfection cabinet)
PER_ASSET_KINDS = (TARGET_KIND, ASSET_KIND)  # kinds whose target key is an asset's pk
ASSET_CHOICES_MAX = 300  # fixed assets the template editor lists at most (else: from the asset's page)


# --------------------------------------------------------------------------------------------
# Reads


def manager_role(campus) -> str:
    """The role repair requests of ``campus`` go to (campus setting: asset manager or logistics head)."""
    return settings_for(campus).repairs_go_to


def deadline_hours(campus, urgency: str) -> int:
    """How long a repair of that urgency may take at ``campus`` (campus settings)."""
    return settings_for(campus).repair_hours(urgency)


def may_manage(user) -> bool:
    return user.has_perm("assets.manage_repairrequest")


def may_see_all(user) -> bool:
    return user.has_perm("assets.oversee_repairrequest") or may_manage(user)


def visible_repairs(user, qs):
    """``qs`` (already scoped to the campus) narrowed to what ``user`` may see: every request for the
    managers and the director, else the ones they reported or were given to repair."""
    if may_see_all(user):
        return qs
    return qs.filter(Q(reported_by=user) | Q(assignee=user))


def may_close(user, repair) -> bool:
    return repair.is_open and (may_manage(user) or (repair.assignee_id and repair.assignee_id == user.pk))


def may_verify(user, repair) -> bool:
    return repair.status == RepairStatus.CLOSED and repair.closed_by_id != user.pk


def asset_repairs(asset):
    """An asset's repair history, newest first, and its total repair cost."""
    repairs = list(
        RepairRequest.objects.filter(asset=asset).select_related("reported_by__staff", "assignee__staff")
        .order_by("-reported_at", "-id")
    )
    total = sum((repair.cost for repair in repairs), Decimal("0.00"))
    return repairs, total


def open_counts(campus, now=None) -> dict:
    """Open requests by urgency, overdue, and how many were ever recorded (one query)."""
    now = now or timezone.now()
    is_open = Q(status__in=OPEN_STATUSES)
    return RepairRequest.objects.filter(campus=campus).aggregate(
        total=Count("id"),
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=now)),
        **{urgency: Count("id", filter=is_open & Q(urgency=urgency)) for urgency in RepairUrgency.values},
    )


# --------------------------------------------------------------------------------------------
# Writes


def _check_photo(field_name: str, photo, error_field: str) -> None:
    try:
        RepairRequest._meta.get_field(field_name).run_validators(photo)
    except ValidationError as exc:
        raise AssetsError({error_field: exc.messages}) from None


def _cost(value) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        cost = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AssetsError({"cost": [_("Enter an amount in yuan.")]}) from None
    if not cost.is_finite() or cost < 0:
        raise AssetsError({"cost": [_("Enter an amount of zero or more.")]})
    if cost != cost.quantize(TWO_PLACES):
        raise AssetsError({"cost": [_("An amount has at most two decimal places (fen).")]})
    return cost.quantize(TWO_PLACES)


def _notify_managers(repair: RepairRequest) -> None:
    notify(
        NoticeKind.REPAIR, repair.campus, roles=[repair.manager_role], key=f"repair:{repair.pk}",
        title=_("Repair: %(what)s") % {"what": str(repair)}, body=repair.problem, link=repair.get_absolute_url(),
    )


@transaction.atomic
def report_repair(campus, *, user, problem, urgency=RepairUrgency.NORMAL, asset=None, place=None, photo=None,
                  run=None, item_result=None, now=None) -> RepairRequest:
    """Anyone on the staff reports something broken: the asset (its place is taken with it) or the
    place, what is wrong, how urgent, a photo (an uploaded image, checked). It goes to the role the
    campus's settings name, with the deadline its urgency sets, and the asset goes "under repair"."""
    problem = (problem or "").strip()
    errors = {}
    if not problem:
        errors["problem"] = [_("Say what is wrong.")]
    if urgency not in RepairUrgency.values:
        errors["urgency"] = [_("Choose how urgent it is.")]
    if asset is None and place is None and run is None:
        errors["place"] = [_("Say where it is: choose the place (or scan the asset's label).")]
    if asset is not None and asset.campus_id != campus.pk or place is not None and place.campus_id != campus.pk:
        errors["place"] = [_("This is not at this campus.")]
    if errors:
        raise AssetsError(errors)
    if photo:
        _check_photo("photo", photo, "photo")
    now = now or timezone.now()
    if asset is not None and place is None:
        place = asset.place
    repair = RepairRequest(
        campus=campus, asset=asset, place=place, problem=problem, urgency=urgency, reported_by=user, reported_at=now,
        due_at=now + dt.timedelta(hours=deadline_hours(campus, urgency)), manager_role=manager_role(campus),
        run=run, item_result=item_result,
    )
    if photo:
        repair.photo = photo
    save_tracked(repair, user, gettext_noop("repair reported"))
    if asset is not None:
        _asset_under_repair(repair, user)
    _notify_managers(repair)
    return repair


def _asset_under_repair(repair: RepairRequest, user) -> None:
    asset = Asset.objects.select_for_update().get(pk=repair.asset_id)
    if asset.status != AssetStatus.UNDER_REPAIR:
        repair.asset_status_before = asset.status
        repair.save(update_fields=["asset_status_before"])
        set_status(asset, AssetStatus.UNDER_REPAIR, user=user, reason=gettext_noop("repair reported"))


def _asset_back(repair: RepairRequest, user) -> None:
    """The asset leaves "under repair" once no other request for it is open."""
    asset = Asset.objects.select_for_update().get(pk=repair.asset_id)
    others = RepairRequest.objects.filter(asset_id=asset.pk, status__in=OPEN_STATUSES).exclude(pk=repair.pk)
    if asset.status == AssetStatus.UNDER_REPAIR and not others.exists():
        back = repair.asset_status_before
        if back not in SETTABLE or back == AssetStatus.UNDER_REPAIR:
            back = AssetStatus.IN_USE
        set_status(asset, back, user=user, reason=gettext_noop("repaired"))


def _locked(repair) -> RepairRequest:
    return RepairRequest.objects.select_for_update().select_related("campus").get(pk=repair.pk)


@transaction.atomic
def assign_repair(repair, *, user, assignee=None, contractor="", now=None) -> RepairRequest:
    """The manager gives the repair to a staff member (in house) or names a contractor."""
    contractor = (contractor or "").strip()
    if not may_manage(user):
        raise AssetsError(_("Only the asset manager or the logistics head assigns repairs."))
    if assignee is None and not contractor:
        raise AssetsError({"assignee": [_("Choose who repairs it, or name the contractor.")]})
    if assignee is not None and contractor:
        raise AssetsError({"contractor": [_("Either a staff member or a contractor, not both.")]})
    locked = _locked(repair)
    if not locked.is_open:
        raise AssetsError(_("This repair is already closed."))
    if assignee is not None and not assignee.staff.campuses.filter(pk=locked.campus_id).exists():
        raise AssetsError({"assignee": [_("This person does not work at this campus.")]})
    locked.assignee, locked.contractor = assignee, contractor
    locked.assigned_by, locked.assigned_at, locked.status = user, now or timezone.now(), RepairStatus.ASSIGNED
    save_tracked(locked, user, gettext_noop("assigned"))
    if assignee is not None:
        notify(
            NoticeKind.REPAIR, locked.campus, people=[assignee], key=f"repair-assigned:{locked.pk}",
            title=_("Repair for you: %(what)s") % {"what": str(locked)}, body=locked.problem, link=locked.get_absolute_url(),
        )
    return locked


@transaction.atomic
def close_repair(repair, *, user, note, photo=None, parts="", cost=None, now=None) -> RepairRequest:
    """Repaired: what was done, the parts and the cost (yuan), and a photo of the result. The asset
    goes back to the status it had; the reporter is asked to verify."""
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = [_("Say what was done.")]
    if not photo:
        errors["photo"] = [_("Take a photo of the result before closing the repair.")]
    if errors:
        raise AssetsError(errors)
    amount = _cost(cost)
    _check_photo("after_photo", photo, "photo")
    locked = _locked(repair)
    if not may_close(user, locked):
        raise AssetsError(_("This repair is already closed.") if not locked.is_open else
                          _("Only the asset manager, the logistics head or the person repairing it closes it."))
    locked.status, locked.closed_by, locked.closed_at = RepairStatus.CLOSED, user, now or timezone.now()
    locked.close_note, locked.parts, locked.cost, locked.after_photo = note, (parts or "").strip(), amount, photo
    save_tracked(locked, user, note[:100])
    if locked.asset_id:
        _asset_back(locked, user)
    mark_read(locked.campus_id, [f"repair:{locked.pk}", f"repair-assigned:{locked.pk}", f"repair-overdue:{locked.pk}"])
    if locked.reported_by_id != user.pk:
        notify(
            NoticeKind.REPAIR, locked.campus, people=[locked.reported_by_id], key=f"repair-verify:{locked.pk}",
            title=_("Repaired, please check: %(what)s") % {"what": str(locked)}, body=note, link=locked.get_absolute_url(),
        )
    return locked


@transaction.atomic
def verify_repair(repair, *, user, now=None) -> RepairRequest:
    """The reporter (or another person, never the one who closed it) confirms the repair."""
    locked = _locked(repair)
    if locked.status == RepairStatus.VERIFIED:
        raise AssetsError(_("This repair is already verified."))
    if locked.status != RepairStatus.CLOSED:
        raise AssetsError(_("Only a closed repair can be verified."))
    if locked.closed_by_id == user.pk:
        raise AssetsError(_("Someone other than the person who closed it must verify it."))
    locked.status, locked.verified_by, locked.verified_at = RepairStatus.VERIFIED, user, now or timezone.now()
    save_tracked(locked, user, gettext_noop("verified"))
    mark_read(locked.campus_id, [f"repair-verify:{locked.pk}"])
    return locked


@transaction.atomic
def reopen_repair(repair, *, user, note) -> RepairRequest:
    """Not fixed after all: back to the one repairing it, and the asset under repair again."""
    note = (note or "").strip()
    if not note:
        raise AssetsError({"note": [pgettext_lazy("repair", "Say what is still wrong.")]})
    locked = _locked(repair)
    if locked.status != RepairStatus.CLOSED:
        raise AssetsError(_("Only a closed repair can be reopened."))
    if locked.closed_by_id == user.pk:
        raise AssetsError(_("Someone other than the person who closed it must check it."))
    locked.status = RepairStatus.ASSIGNED if (locked.assignee_id or locked.contractor) else RepairStatus.REPORTED
    locked.closed_by = locked.closed_at = None
    save_tracked(locked, user, note[:100])
    if locked.asset_id:
        _asset_under_repair(locked, user)
    notify(
        NoticeKind.REPAIR, locked.campus, roles=[locked.manager_role], people=[locked.assignee_id] if locked.assignee_id else [],
        key=f"repair:{locked.pk}", title=_("Not fixed: %(what)s") % {"what": str(locked)}, body=note,
        link=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def hand_to_finance(repair, *, user, photos) -> object:
    """The repair's cost becomes an expense claim (category repairs) for the director's approval,
    its title, amount and date taken from the repair; the receipt photos go with it."""
    locked = _locked(repair)
    if not may_manage(user):
        raise AssetsError(_("Only the asset manager or the logistics head hands a repair to finance."))
    if locked.status not in (RepairStatus.CLOSED, RepairStatus.VERIFIED):
        raise AssetsError(_("Close the repair with its cost first."))
    if locked.cost <= 0:
        raise AssetsError(_("This repair cost nothing: there is nothing to claim."))
    if locked.expense_claim_id:
        raise AssetsError(_("This repair's cost is already with finance."))
    claim = finance_services.Reimbursement(
        campus=locked.campus, title=(_("Repair: %(what)s") % {"what": str(locked)})[:120],
        category=finance_services.ClaimCategory.REPAIRS, amount=locked.cost,
        spent_on=timezone.localdate(locked.closed_at),
    )
    finance_services.submit_claim(claim, photos, user)
    locked.expense_claim = claim
    save_tracked(locked, user, gettext_noop("handed to finance"))
    return claim


def notify_overdue_repairs(now=None) -> int:
    """The beat job: every open repair past its deadline tells its managers (and the person
    repairing it) once (one notice per request: its key). Returns how many."""
    now = now or timezone.now()
    late = list(
        RepairRequest.objects.overdue(now).select_related("asset", "place").only(
            "id", "campus_id", "manager_role", "assignee_id", "problem", "due_at", "asset__name", "asset__code",
            "place__name", "asset_id", "place_id",
        )
    )
    notify_many([
        Notice(
            kind=NoticeKind.REPAIR.value, campus_id=repair.campus_id, key=f"repair-overdue:{repair.pk}",
            title=_("Repair overdue: %(what)s") % {"what": str(repair)},
            body=_("Deadline %(time)s") % {"time": timezone.localtime(repair.due_at).strftime("%Y-%m-%d %H:%M")},
            link=repair.get_absolute_url(), roles=(repair.manager_role,),
            people=(repair.assignee_id,) if repair.assignee_id else (),
        )
        for repair in late
    ])
    return len(late)


def repair_from_anomaly(*, run, result, user, title, description, place=None) -> RepairRequest:
    """The checklists hook: a failed answer of kind "repair" opens a repair request (instead of a
    generic follow-up) at the run's place, or for the asset the answer is about when the checklist
    repeats per asset of a category or checks one asset; the answer's photo goes with it. Runs inside the run's transaction."""
    campus = run.campus
    asset = None
    if result.target_key and run.template.target_kind in PER_ASSET_KINDS:
        asset = Asset.objects.filter(campus=campus, pk=result.target_key).select_related("place").first()
    if asset is None:
        name = place.name if isinstance(place, Place) else str(place or run.place or "")
        place = Place.objects.filter(campus=campus, name=name).first() if name else None
    problem = f"{title}\n{description}".strip()
    repair = report_repair(campus, user=user, problem=problem, urgency=RepairUrgency.NORMAL, asset=asset,
                           place=place if asset is None else None, run=run, item_result=result)
    if result.photo:
        repair.photo = result.photo.name  # the same stored file: the answer's photo shows what is wrong
        repair.save(update_fields=["photo"])
    return repair


# --------------------------------------------------------------------------------------------
# Maintenance rhythms: a checklist that repeats for each asset of a category, or that checks one
# asset (checklists.targets)


def category_choices(campus) -> list[tuple[str, str]]:
    """The asset categories of ``campus`` a checklist may repeat over: (value, name)."""
    return [(str(category.pk), category.name) for category in Category.objects.filter(campus=campus).order_by("name")]


def category_targets(campus, value) -> list[tuple[str, str]]:
    """Each asset of that category at ``campus`` now (not disposed): (asset pk, "code name · place")."""
    if not str(value).isdigit():
        return []
    assets = (Asset.objects.on_register().filter(campus=campus, category_id=int(value)).select_related("place")
              .order_by("place__name", "sequence"))
    return [(str(asset.pk), f"{asset.code} {asset.name} · {asset.place.name}") for asset in assets]


def _asset_label(asset) -> str:
    return f"{asset.code} {asset.name} · {asset.place.name}"


def asset_choices(campus) -> list[tuple[str, str]]:
    """The assets the template editor lists for a checklist of one asset: the campus's fixed assets
    (not the low-value consumables: a chair has no maintenance rhythm) still on the register, by
    code: (pk, label), in one query. A campus with more than ``ASSET_CHOICES_MAX`` of them gets none
    (no select of thousands): such a checklist is started from the asset's page, where the editor
    finds that one asset (``checklists.targets.describe_choice``)."""
    rows = list(Asset.objects.on_register().filter(campus=campus, is_low_value=False).order_by("code")
                .values_list("pk", "code", "name", "place__name")[:ASSET_CHOICES_MAX + 1])
    if len(rows) > ASSET_CHOICES_MAX:
        return []
    return [(str(pk), f"{code} {name} · {place}") for pk, code, name, place in rows]


def asset_target(campus, value) -> list[tuple[str, str]]:
    """The one asset a checklist checks, while it is on the register (written off: nothing to check)."""
    if not str(value).isdigit():
        return []
    asset = Asset.objects.on_register().filter(campus=campus, pk=int(value)).select_related("place").first()
    return [(str(asset.pk), _asset_label(asset))] if asset is not None else []


def asset_text(campus, value) -> str:
    """The asset a checklist checks, in words ("" when it is not this campus's), in one query."""
    if not str(value).isdigit():
        return ""
    row = Asset.objects.filter(campus=campus, pk=int(value)).values_list("code", "name", "status").first()
    if row is None:
        return ""
    code, name, status = row
    text = f"{code} {name}"
    return _("%(asset)s (written off)") % {"asset": text} if status == AssetStatus.DISPOSED else text


def asset_rhythms(asset) -> list:
    """The active checklist templates that check ``asset``: the ones for it alone and the ones for each
    asset of its category (its maintenance rhythms), by title, in one query. Each has ``for_asset``:
    whether it targets this asset alone."""
    from checklists.models import ChecklistTemplate

    templates = list(
        ChecklistTemplate.objects.filter(campus_id=asset.campus_id, is_active=True)
        .filter(Q(target_kind=ASSET_KIND, target_value=str(asset.pk))
                | Q(target_kind=TARGET_KIND, target_value=str(asset.category_id)))
        .order_by("title", "id")
    )
    for template in templates:
        template.for_asset = template.target_kind == ASSET_KIND
    return templates
