"""Writes of the asset register: settings, categories, assets (register, edit, status, photos).
Each is one transaction with history kept; bad input raises ``AssetsError`` and saves nothing."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.history import save_tracked, update_tracked
from campus.models import Campus, StaffMember

from ..choices import AssetStatus, TopCategory
from ..errors import AssetsError
from ..models import Asset, AssetPhoto, AssetSettings, Category

EARLIEST_PURCHASE = dt.date(1950, 1, 1)
MAX_VALUE = Decimal("100000000")
# A batch of these below the threshold stays a fixed asset (事业单位财务规则 Art. 39: 大批同类物资).
BATCH_TOPS = (TopCategory.FURNITURE, TopCategory.BOOKS)
# Statuses a person sets directly; lending and write-off have their own services.
SETTABLE = (AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR)


def settings_for(campus: Campus) -> AssetSettings:
    return AssetSettings.for_campus(campus)


def _raise(errors: dict):
    errors = {key: value for key, value in errors.items() if value}
    if errors:
        raise AssetsError(errors)


def low_value(asset_settings: AssetSettings, top: str, value: Decimal, quantity: int) -> bool:
    """Whether an item is a low-value consumable: each worth less than the campus threshold, unless a
    batch of durable furniture or books."""
    if quantity > 1 and top in BATCH_TOPS:
        return False
    return value / quantity < asset_settings.threshold_for(top)


def is_staff_of(staff: StaffMember, campus: Campus) -> bool:
    return staff.is_active and (staff.sees_all_campuses or staff.campuses.filter(pk=campus.pk).exists())


# --- settings and categories -------------------------------------------------------------------------


@transaction.atomic
def update_settings(row: AssetSettings, data: dict, *, user, reason="") -> AssetSettings:
    """Change the campus's asset settings; a changed threshold re-sorts fixed assets and low-value items."""
    row = update_tracked(row, data, user, reason or gettext_noop("settings changed"))
    refresh_low_value(row.campus, row)
    return row


def refresh_low_value(campus: Campus, asset_settings: AssetSettings) -> int:
    """Recompute ``is_low_value`` of the campus's assets after a threshold changed; returns how many changed."""
    changed = []
    for asset in Asset.objects.filter(campus=campus).select_related("category").only(
        "id", "value", "quantity", "is_low_value", "category__top",
    ):
        flag = low_value(asset_settings, asset.category.top, asset.value, asset.quantity)
        if flag != asset.is_low_value:
            asset.is_low_value = flag
            changed.append(asset)
    Asset.objects.bulk_update(changed, ["is_low_value"], batch_size=500)
    return len(changed)


@transaction.atomic
def save_category(category: Category, *, user, reason="") -> Category:
    if Category.objects.filter(campus=category.campus, name=category.name).exclude(pk=category.pk).exists():
        raise AssetsError(_("This campus already has a category of that name."), field="name")
    return save_tracked(category, user, reason or gettext_noop("category saved"), clean=True)


def add_category(campus: Campus, *, top, name, life_class, life_years=None, user) -> Category:
    return save_category(Category(campus=campus, top=top, name=name.strip(), life_class=life_class, life_years=life_years), user=user)


# --- assets ------------------------------------------------------------------------------------------


def _check(campus: Campus, values: dict, *, today: dt.date) -> None:
    category, place, custodian = values.get("category"), values.get("place"), values.get("custodian")
    purchased_on, value, quantity = values.get("purchased_on"), values.get("value"), values.get("quantity", 1)
    warranty = values.get("warranty_until")
    errors = {}
    if category is not None and category.campus_id != campus.pk:
        errors["category"] = _("Choose a category of this campus.")
    if place is not None and (place.campus_id != campus.pk or not place.is_active):
        errors["place"] = _("Choose a place of this campus that is in use.")
    if custodian is not None and not is_staff_of(custodian, campus):
        errors["custodian"] = _("The custodian must be a member of staff of this campus.")
    if purchased_on is not None and not EARLIEST_PURCHASE <= purchased_on <= today:
        errors["purchased_on"] = _("Give a purchase date between 1950 and today.")
    if warranty is not None and not EARLIEST_PURCHASE <= warranty <= dt.date(2100, 12, 31):
        errors["warranty_until"] = _("Give a date between 1950 and 2100.")
    if value is not None and not Decimal("0") <= value < MAX_VALUE:
        errors["value"] = _("Give a value between ¥0 and ¥100,000,000.")
    if quantity is not None and not 1 <= quantity <= 100000:
        errors["quantity"] = _("Give a quantity between 1 and 100,000.")
    _raise(errors)


def _next_sequence(campus: Campus) -> int:
    """The campus's next asset number; the settings row is locked so two registrations never share one."""
    AssetSettings.for_campus(campus)
    AssetSettings.objects.select_for_update().filter(campus=campus).first()
    last = Asset.objects.filter(campus=campus).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def format_code(prefix: str, sequence: int) -> str:
    return f"{prefix}-{sequence:05d}"


@transaction.atomic
def register_asset(
    campus: Campus, *, name, category, purchased_on, value, place, user, quantity=1, specification="", supplier="",
    unit="", funding_source="fiscal", warranty_until=None, custodian=None, status=AssetStatus.IN_USE, note="",
    reason="",
) -> Asset:
    """Add an asset (or a batch of identical items) to the register with the campus's next code."""
    values = {
        "name": (name or "").strip(), "category": category, "purchased_on": purchased_on, "value": value, "place": place,
        "quantity": quantity, "specification": specification or "", "supplier": supplier or "", "unit": unit or "",
        "funding_source": funding_source, "warranty_until": warranty_until, "custodian": custodian, "note": note or "",
    }
    _check(campus, values, today=timezone.localdate())
    if status not in (AssetStatus.IN_USE, AssetStatus.IDLE):
        raise AssetsError(_("A new asset is in use or idle."), field="status")
    asset_settings = settings_for(campus)
    sequence = _next_sequence(campus)
    asset = Asset(campus=campus, sequence=sequence, code=format_code(asset_settings.prefix(), sequence), status=status, **values)
    asset.is_low_value = low_value(asset_settings, category.top, value, quantity)
    return save_tracked(asset, user, reason or gettext_noop("registered"), clean=True)


EDITABLE = (
    "name", "category", "specification", "supplier", "purchased_on", "value", "quantity", "unit", "funding_source",
    "warranty_until", "place", "custodian", "note",
)


@transaction.atomic
def update_asset(asset: Asset, data: dict, *, user, reason="") -> Asset:
    """Correct an asset's register entry (not its code or status: those have their own actions)."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.is_disposed:
        raise AssetsError(_("This asset has been written off; its entry no longer changes."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise AssetsError(_("These fields are not edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    merged = {name: data.get(name, getattr(asset, name)) for name in EDITABLE}
    _check(asset.campus, merged, today=timezone.localdate())
    asset = update_tracked(asset, data, user, reason or gettext_noop("corrected"))
    flag = low_value(settings_for(asset.campus), asset.category.top, asset.value, asset.quantity)
    if flag != asset.is_low_value:
        asset.is_low_value = flag
        asset.save(update_fields=["is_low_value"])
    return asset


@transaction.atomic
def set_status(asset: Asset, status: str, *, user, reason) -> Asset:
    """Put an asset in use, idle or under repair (the repairs side calls this); lending and writing off
    have their own services. ``reason`` is kept in the asset's history."""
    if status not in SETTABLE:
        raise AssetsError(_("Lend or write off an asset with its own action."), field="status")
    if not (reason or "").strip():
        raise AssetsError(_("Say why the status changes."), field="reason")
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.is_disposed:
        raise AssetsError(_("This asset has been written off."))
    if asset.status == status:
        return asset
    asset.status = status
    return save_tracked(asset, user, reason.strip())


def _move_status(asset: Asset, status: str, *, user, reason, **fields) -> Asset:
    """For this app's own services (loans, write-offs): set a status (and fields) with history."""
    asset.status = status
    for name, value in fields.items():
        setattr(asset, name, value)
    return save_tracked(asset, user, reason)


@transaction.atomic
def add_photo(asset: Asset, image, *, user, caption="") -> AssetPhoto:
    if asset.is_disposed:
        raise AssetsError(_("This asset has been written off."))
    photo = AssetPhoto(asset=asset, image=image, caption=(caption or "").strip(), added_by=user)
    return save_tracked(photo, user, clean=True)


def find_by_code(campus: Campus, code: str) -> Asset | None:
    """The campus's asset with ``code`` (as typed or scanned: spaces and case ignored), or one whose
    page URL was scanned. A NUL character can't be part of a code (and PostgreSQL refuses it in a query)."""
    text = (code or "").replace("\x00", "").strip()
    if "/assets/" in text:
        tail = text.split("/assets/", 1)[1].strip("/").split("/")[0].split("?")[0]
        if tail.isdigit():
            return Asset.objects.filter(campus=campus, pk=int(tail)).first()
    return Asset.objects.filter(campus=campus).filter(Q(code__iexact=text.replace(" ", ""))).first()


__all__ = [
    "EDITABLE", "SETTABLE", "add_category", "add_photo", "find_by_code", "format_code", "is_staff_of", "low_value",
    "refresh_low_value", "register_asset", "save_category", "set_status", "settings_for", "update_asset",
    "update_settings",
]
