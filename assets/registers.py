"""The assets registers (campus.registers): 固定资产登记簿 (its xlsx is also the export the ledger import
reads back), depreciation by category, 调拨单, 盘点表 and 报废审批表. The repairs side declares 维修登记
in its own module."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from campus.money import Yuan
from campus.registers import NONE, AddLink, Column, Filter, Register, chosen_filters, month_to_date
from campus.scoping import in_current_campus

from . import depreciation
from .choices import AssetStatus, TopCategory
from .models import Asset, AssetSettings
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
        Column(gettext_lazy("GB/T 14885 category"), lambda r: r.category.get_top_display() if r.category else ""),
        Column(gettext_lazy("Category"), lambda r: r.category.name if r.category else gettext_lazy("Total")),
        Column(gettext_lazy("Life (years)"), lambda r: r.years or "" if r.category else ""),
        Column(gettext_lazy("Assets"), lambda r: r.assets),
        Column(gettext_lazy("Original value (yuan)"), lambda r: Yuan(r.value)),
        Column(gettext_lazy("Depreciation in the period (yuan)"), lambda r: Yuan(r.charge)),
        Column(gettext_lazy("Accumulated depreciation (yuan)"), lambda r: Yuan(r.accumulated)),
        Column(gettext_lazy("Net book value (yuan)"), lambda r: Yuan(r.net)),
    ],
    intro="assets/_register_depreciation.html", filename="depreciation",
    empty=gettext_lazy("No fixed assets in this period."),
)
