"""One-record prints, as an A4 PDF or (``?format=xlsx``) a spreadsheet: an asset's card (资产卡片) and a
write-off's approval form (报废审批表)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campus.access import staff_required
from campus.exports import xlsx_register, xlsx_response
from campus.history import history_entries
from campus.money import Yuan
from campus.pdf import pdf_response, render_pdf
from campus.people import display_name
from campus.registers import signatures
from campus.scoping import get_scoped_object_or_404

from .. import labels
from ..models import Asset, WriteOff
from .register import asset_facts


def _card_rows(asset, facts) -> list[list]:
    if asset.is_low_value:
        rule = _("Low-value consumable (below the fixed-asset threshold): not depreciated")
    elif facts["years"]:
        rule = _("%(years)s years, %(monthly)s a month") % {"years": facts["years"], "monthly": Yuan(facts["monthly"])}
    else:
        rule = _("Not depreciated")
    return [
        [_("Asset code"), asset.code], [_("Asset name"), asset.name],
        [_("Category"), f"{asset.category.get_top_display()} / {asset.category.name}"],
        [_("Model / specification"), asset.specification], [_("Quantity"), f"{asset.quantity}{asset.unit}"],
        [_("Original value"), Yuan(asset.value)], [_("Purchase date"), asset.purchased_on], [_("Supplier"), asset.supplier],
        [_("Funding source"), asset.get_funding_source_display()], [_("Warranty until"), asset.warranty_until],
        [_("Place"), asset.place.name], [_("Custodian"), asset.custodian.name if asset.custodian else ""],
        [_("Status"), asset.get_status_display()], [_("Depreciation"), rule],
        [_("Accumulated depreciation"), Yuan(facts["accumulated"])], [_("Net book value"), Yuan(facts["net_value"])],
    ]


@staff_required(perm="assets.view_category")
def asset_card(request, pk):
    asset = get_scoped_object_or_404(request, Asset.objects.select_related("category", "place", "custodian", "campus"), pk=pk)
    facts = asset_facts(asset)
    if request.GET.get("format") == "xlsx":
        content = xlsx_register(_("Asset card"), asset.campus, f"{facts['today']:%Y-%m-%d}", [pgettext("asset card", "Item"), pgettext("asset card", "Value")],
                                _card_rows(asset, facts), signatures=signatures())
        return xlsx_response(content, f"{asset.code}.xlsx")
    content = render_pdf("assets/print_card.html", {
        "asset": asset, "qr": labels.qr_data_uri(labels.asset_url(asset, request)), "history": history_entries(asset, limit=20),
        "printed": timezone.localtime(), **facts,
    })
    return pdf_response(content, f"{asset.code}.pdf")


@staff_required(perm="assets.view_writeoff")
def writeoff_print(request, pk):
    write_off = get_scoped_object_or_404(request, WriteOff.objects.select_related(
        "campus", "requested_by__staff", "approved_by__staff", "second_approved_by__staff"), pk=pk)
    lines = write_off.lines.select_related("asset", "asset__category", "asset__place")
    if request.GET.get("format") == "xlsx":
        rows = [[line.asset.code, line.asset.name, line.asset.category.name, f"{line.asset.quantity}{line.asset.unit}",
                 line.asset.purchased_on, Yuan(line.value), Yuan(line.net_value)] for line in lines]
        rows.append([_("Total"), "", "", "", "", Yuan(write_off.total_value), Yuan(write_off.net_value)])
        approvals = [
            [_("Reason"), write_off.reason],
            [_("Requested by"), f"{display_name(write_off.requested_by)} {timezone.localtime(write_off.requested_at):%Y-%m-%d}"],
            [_("Director's approval"), f"{display_name(write_off.approved_by)} {timezone.localtime(write_off.approved_at):%Y-%m-%d}"
             if write_off.approved_by_id else ""],
            [_("Second approver"), f"{display_name(write_off.second_approved_by)} {timezone.localtime(write_off.second_approved_at):%Y-%m-%d}"
             if write_off.second_approved_by_id else ""],
            [_("Status"), write_off.get_status_display()],
        ]
        content = xlsx_register(
            _("Write-off approval form"), write_off.campus,
            f"{write_off.get_kind_display()} · {timezone.localtime(write_off.requested_at):%Y-%m-%d}",
            [_("Asset code"), _("Asset name"), _("Category"), _("Quantity"), _("Purchase date"), _("Original value (yuan)"),
             _("Net book value (yuan)")], [*rows, ["", ""], *approvals], signatures=signatures())
        return xlsx_response(content, f"write-off-{write_off.pk}.xlsx")
    content = render_pdf("assets/print_writeoff.html", {"write_off": write_off, "lines": lines, "printed": timezone.localtime()})
    return pdf_response(content, f"write-off-{write_off.pk}.pdf")
