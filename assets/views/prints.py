"""One-record prints (A4 PDF): an asset's card (资产卡片) and a write-off's approval form (报废审批表)."""

from django.utils import timezone

from campus.access import staff_required
from campus.history import history_entries
from campus.pdf import pdf_response, render_pdf
from campus.scoping import get_scoped_object_or_404

from .. import labels
from ..models import Asset, WriteOff
from .register import asset_facts


@staff_required(perm="assets.view_category")
def asset_card(request, pk):
    asset = get_scoped_object_or_404(request, Asset.objects.select_related("category", "place", "custodian", "campus"), pk=pk)
    content = render_pdf("assets/print_card.html", {
        "asset": asset, "qr": labels.qr_data_uri(labels.asset_url(asset, request)), "history": history_entries(asset, limit=20),
        "printed": timezone.localtime(), **asset_facts(asset),
    })
    return pdf_response(content, f"{asset.code}.pdf")


@staff_required(perm="assets.view_writeoff")
def writeoff_print(request, pk):
    write_off = get_scoped_object_or_404(request, WriteOff.objects.select_related(
        "campus", "requested_by__staff", "approved_by__staff", "second_approved_by__staff"), pk=pk)
    content = render_pdf("assets/print_writeoff.html", {
        "write_off": write_off, "lines": write_off.lines.select_related("asset", "asset__category", "asset__place"),
        "printed": timezone.localtime(),
    })
    return pdf_response(content, f"write-off-{write_off.pk}.pdf")
