"""The assets registers (campus.registers): 固定资产登记簿 (its xlsx is also the export the ledger import
reads back), depreciation by category, 调拨单, 盘点表 and 报废审批表. The repairs side declares 维修登记
in its own module."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campus.money import Yuan
from campus.people import display_name
from campus.registers import NONE, AddLink, Column, Filter, Register, chosen_filters, last_days, month_to_date
from campus.scoping import in_current_campus

from . import depreciation
from .choices import AssetStatus, CountStatus, DifferenceKind, TopCategory
from .models import Asset, AssetSettings, Count, Transfer, WriteOff
from .services import LEDGER_COLUMNS as L

REGISTER_STATUSES = [(s.value, s.label) for s in AssetStatus if s != AssetStatus.DISPOSED]


def _places(request):
    from campus.models import Place

    return [(p.pk, p.name) for p in Place.objects.filter(campus=request.campus, is_active=True).order_by("kind", "name")]


def _categories(request):
    from .models import Category

    return [(c.pk, c.name) for c in Category.objects.filter(campus=request.campus)]


ASSET_FILTERS = [
    Filter("top", gettext_lazy("GB/T 14885 category"), lambda request: TopCategory.choices, "category__top"),
    Filter("category", gettext_lazy("Category"), _categories, "category_id"),
    Filter("place", gettext_lazy("Place"), _places, "place_id"),
    Filter("status", gettext_lazy("Status"), lambda request: AssetStatus.choices, "status"),
]


def _book_rows(request, period):
    """The campus's assets on the register (or with the status chosen), each with its net book value today."""
    qs = in_current_campus(request, Asset).select_related("category", "place", "custodian").order_by("sequence")
    chosen = chosen_filters(request, FIXED_ASSETS)
    if not any(c["filter"].name == "status" and c["value"] for c in chosen):
        qs = qs.on_register()
    for c in chosen:
        if c["value"]:
            qs = c["filter"].apply(qs, c["value"])
    rules = AssetSettings.for_campus(request.campus)
    today = timezone.localdate()
    assets = list(qs)
    for asset in assets:
        asset.net_value = depreciation.net_book_value(asset, rules, today)
    return assets


FIXED_ASSETS = Register(
    title=gettext_lazy("Fixed asset register"), model=Asset, permission="assets.view_category", dated=NONE,
    source=_book_rows, filters=ASSET_FILTERS,
    columns=[
        Column(L["code"], lambda a: a.code),
        Column(L["name"], lambda a: a.name),
        Column(L["top"], lambda a: a.category.get_top_display()),
        Column(L["category"], lambda a: a.category.name),
        Column(L["specification"], lambda a: a.specification),
        Column(L["quantity"], lambda a: a.quantity),
        Column(L["unit"], lambda a: a.unit),
        Column(L["value"], lambda a: Yuan(a.value)),
        Column(gettext_lazy("Net book value (yuan)"), lambda a: Yuan(a.net_value)),
        Column(L["purchased_on"], lambda a: a.purchased_on),
        Column(L["supplier"], lambda a: a.supplier),
        Column(L["funding_source"], lambda a: a.get_funding_source_display()),
        Column(L["warranty_until"], lambda a: a.warranty_until),
        Column(L["place"], lambda a: a.place.name),
        Column(L["custodian"], lambda a: a.custodian.name if a.custodian else ""),
        Column(L["status"], lambda a: a.get_status_display()),
        Column(L["note"], lambda a: a.note),
    ],
    link=lambda a: a.get_absolute_url(), add=AddLink("assets:asset_add", gettext_lazy("Register an asset"), "assets.add_asset"),
    filename="fixed-assets", empty=gettext_lazy("No assets on the register."),
)


def _depreciation_rows(request, period):
    qs = in_current_campus(request, Asset).select_related("category").only(
        "id", "value", "quantity", "purchased_on", "disposed_on", "is_low_value", "category_id",
        "category__name", "category__top", "category__life_class", "category__life_years",
    )
    report = depreciation.period_report(qs, AssetSettings.for_campus(request.campus), period.first, period.last)
    return [*report.lines, report.total] if report.lines else []


DEPRECIATION = Register(
    title=gettext_lazy("Depreciation by category"), model=Asset, permission="assets.view_category",
    source=_depreciation_rows, default_range=month_to_date, max_days=400,
    columns=[
        Column(gettext_lazy("Category"), lambda r: r.category.name if r.category else _("Total")),
        Column(gettext_lazy("Life (years)"), lambda r: r.years or "" if r.category else ""),
        Column(gettext_lazy("Records"), lambda r: r.assets),
        Column(gettext_lazy("Original value (yuan)"), lambda r: Yuan(r.value)),
        Column(gettext_lazy("Depreciation in the period (yuan)"), lambda r: Yuan(r.charge)),
        Column(gettext_lazy("Accumulated depreciation (yuan)"), lambda r: Yuan(r.accumulated)),
        Column(gettext_lazy("Net book value (yuan)"), lambda r: Yuan(r.net)),
    ],
    intro="assets/_register_depreciation.html", filename="depreciation",
    empty=gettext_lazy("No fixed assets in this period."),
)


# --- 调拨单: transfers -----------------------------------------------------------------------------------


def _transfers_in_period(qs, first, last):
    return qs.filter(requested_at__date__range=(first, last))


TRANSFERS = Register(
    title=gettext_lazy("Asset transfer register"), model=Transfer, permission="assets.view_transfer", where=_transfers_in_period,
    select_related=("asset", "from_place", "to_place", "to_campus", "from_custodian", "to_custodian", "requested_by__staff", "answered_by__staff"),
    order_by=("requested_at", "id"),
    columns=[
        Column(gettext_lazy("Date"), lambda t: timezone.localtime(t.requested_at).date()),
        Column(gettext_lazy("Asset code"), lambda t: t.asset.code),
        Column(gettext_lazy("Asset name"), lambda t: t.asset.name),
        Column(gettext_lazy("From"), lambda t: " · ".join(filter(None, [t.from_place.name, t.from_custodian.name if t.from_custodian else ""]))),
        Column(gettext_lazy("To"), lambda t: " · ".join(filter(None, [t.to_campus.name if t.to_campus_id != t.campus_id else "", t.to_place.name,
                                                                     t.to_custodian.name if t.to_custodian else ""]))),
        Column(gettext_lazy("Reason"), lambda t: t.reason),
        Column(gettext_lazy("Requested by"), lambda t: display_name(t.requested_by)),
        Column(pgettext_lazy("transfer", "Received by"), lambda t: display_name(t.answered_by) if t.answered_by_id else ""),
        Column(gettext_lazy("Status"), lambda t: t.get_status_display()),
    ],
    link=lambda t: t.get_absolute_url(), filename="transfers", default_range=last_days(90),
)


# --- 盘点表: one count with its differences --------------------------------------------------------------


def _count_rows(request, period):
    from .services import reconcile

    pk = request.GET.get("count", "")
    count = in_current_campus(request, Count).filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 10 else None
    if count is None:
        count = in_current_campus(request, Count).order_by("-started_at", "-id").first()
    if count is None:
        return []
    rows = []
    if count.status == CountStatus.OPEN:
        result = reconcile(count)
        for label, assets in ((DifferenceKind.MISSING.label, result.missing), (DifferenceKind.WRONG_PLACE.label, result.wrong_place),
                              (DifferenceKind.EXTRA.label, result.extra), (_("As registered"), result.found)):
            rows += [(count, a, label, a.place.name, "", "") for a in assets]
        return rows
    differences = {d.asset_id: d for d in count.differences.select_related("asset__place", "asset__category", "found_place", "resolved_by__staff")}
    found = count.scans.exclude(asset_id__in=list(differences)).select_related("asset__place", "asset__category")
    for d in sorted(differences.values(), key=lambda d: (d.kind, d.asset.sequence)):
        rows.append((count, d.asset, d.get_kind_display(), d.registered_place.name if d.registered_place_id else "",
                     d.found_place.name if d.found_place_id else "", d.get_resolution_display() if d.resolution else _("To resolve")))
    rows += [(count, s.asset, _("As registered"), s.asset.place.name, s.asset.place.name, "") for s in found.order_by("asset__sequence")]
    return rows


COUNT_SHEET = Register(
    title=gettext_lazy("Asset count sheet"), model=Count, permission="assets.view_count", dated=NONE, source=_count_rows,
    columns=[
        Column(gettext_lazy("Asset count"), lambda r: f"{r[0]} {timezone.localtime(r[0].started_at):%Y-%m-%d}"),
        Column(gettext_lazy("Asset code"), lambda r: r[1].code),
        Column(gettext_lazy("Asset name"), lambda r: r[1].name),
        Column(gettext_lazy("Quantity"), lambda r: r[1].quantity),
        Column(gettext_lazy("Original value (yuan)"), lambda r: Yuan(r[1].value)),
        Column(gettext_lazy("Result"), lambda r: r[2]),
        Column(gettext_lazy("Place on the register"), lambda r: r[3]),
        Column(gettext_lazy("Found in"), lambda r: r[4]),
        Column(gettext_lazy("Resolution"), lambda r: r[5]),
    ],
    link=lambda r: r[1].get_absolute_url(), filename="count-sheet", empty=gettext_lazy("No count yet."),
)


# --- 报废审批表: write-offs -----------------------------------------------------------------------------


def _write_offs_in_period(qs, first, last):
    return qs.filter(requested_at__date__range=(first, last))


WRITE_OFFS = Register(
    title=gettext_lazy("Write-off register"), model=WriteOff, permission="assets.view_writeoff", where=_write_offs_in_period,
    select_related=("requested_by__staff", "approved_by__staff", "second_approved_by__staff"), prefetch_related=("lines__asset",),
    order_by=("requested_at", "id"), default_range=last_days(365),
    columns=[
        Column(gettext_lazy("Date"), lambda w: timezone.localtime(w.requested_at).date()),
        Column(gettext_lazy("Kind"), lambda w: w.get_kind_display()),
        Column(gettext_lazy("Assets"), lambda w: "、".join(f"{line.asset.code} {line.asset.name}" for line in list(w.lines.all())[:20])
               + ("…" if len(w.lines.all()) > 20 else "")),
        Column(gettext_lazy("Original value (yuan)"), lambda w: Yuan(w.total_value)),
        Column(gettext_lazy("Net book value (yuan)"), lambda w: Yuan(w.net_value)),
        Column(gettext_lazy("Reason"), lambda w: w.reason),
        Column(gettext_lazy("Requested by"), lambda w: display_name(w.requested_by)),
        Column(gettext_lazy("Approved by"), lambda w: "、".join(filter(None, [display_name(w.approved_by) if w.approved_by_id else "",
                                                                            display_name(w.second_approved_by) if w.second_approved_by_id else ""]))),
        Column(gettext_lazy("Status"), lambda w: w.get_status_display()),
    ],
    link=lambda w: w.get_absolute_url(), filename="write-offs",
)
