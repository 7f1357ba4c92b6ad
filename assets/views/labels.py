"""QR label sheets (PDF) for a selection (the list's filters or ``ids``), a place, or the assets
registered since a date."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.dates import parse_date
from campus.pdf import pdf_response

from .. import labels
from ..forms import campus_places
from .register import filtered_assets

PRINT = "assets.change_asset"
SELECTORS = ("all", "ids", "place", "since", "q", "category", "top", "status", "custodian", "low")


def label_assets(request):
    """The assets the query string selects, in code order: ``ids`` (comma separated), ``since`` (registered
    on or after a date) and the list's filters (``place``, ``category``...)."""
    qs = filtered_assets(request).select_related("campus").only("id", "code", "name", "campus__name")
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
    if ids:
        qs = qs.filter(pk__in=ids[: labels.MAX_LABELS])
    since = parse_date(request.GET.get("since"))
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    return qs.order_by("sequence")


@staff_required(perm=PRINT)
def label_sheet(request):
    if not any(request.GET.get(name) for name in SELECTORS):
        return render(request, "assets/labels.html", {"places": campus_places(request.campus)})
    assets = list(label_assets(request)[: labels.MAX_LABELS + 1])
    if len(assets) > labels.MAX_LABELS:
        messages.error(request, _("At most %(n)d labels at a time: choose fewer assets.") % {"n": labels.MAX_LABELS})
        return render(request, "assets/labels.html", {"places": campus_places(request.campus)})
    content = labels.sheet_pdf(labels.sheet_pages(assets, request))
    return pdf_response(content, "asset-labels.pdf")
