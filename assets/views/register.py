"""The register pages: the list (filters, search), an asset's page, add and edit, photos, status."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.models import Place
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import depreciation, services
from ..choices import AssetStatus, TopCategory, TransferStatus
from ..forms import (
    AssetAddForm,
    AssetForm,
    CategoryForm,
    PhotoForm,
    SettingsForm,
    StatusForm,
    campus_places,
    campus_staff,
)
from ..models import CENT, Asset, Category
from .common import BOOKS, MANAGE, VIEW
from .counts import active_count, scan_from_asset_page

PAGE_SIZE = 50


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def filtered_assets(request, qs=None):
    """The register's rows for the query string: ``q`` (code or name), ``top``, ``category``, ``place``,
    ``status`` (``all`` includes the written-off), ``custodian``, ``low`` (1 fixed assets only / 2 low-value only)."""
    params = request.GET
    qs = in_current_campus(request, qs if qs is not None else Asset.objects.all())
    status = params.get("status", "")
    if status in AssetStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.on_register()
    if params.get("top") in TopCategory.values:
        qs = qs.filter(category__top=params["top"])
    for name, lookup in (("category", "category_id"), ("place", "place_id"), ("custodian", "custodian_id")):
        if _int(params.get(name)):
            qs = qs.filter(**{lookup: int(params[name])})
    if params.get("low") == "1":
        qs = qs.filter(is_low_value=False)
    elif params.get("low") == "2":
        qs = qs.filter(is_low_value=True)
    text = params.get("q", "").strip()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text) | Q(specification__icontains=text))
    return qs


@staff_required(perm=BOOKS)
def asset_list(request):
    qs = filtered_assets(request).for_lists().order_by("sequence")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    campus = request.campus
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "assets/asset_list.html", {
        "page": page, "query": query.urlencode(), "params": request.GET,
        "categories": Category.objects.filter(campus=campus), "places": campus_places(campus),
        "staff": campus_staff(campus), "statuses": AssetStatus.choices, "tops": TopCategory.choices,
    })


def asset_facts(asset: Asset) -> dict:
    """Net book value and depreciation of ``asset`` today, for its page and its card."""
    rules = services.settings_for(asset.campus)
    today = timezone.localdate()
    years = 0 if asset.is_low_value else asset.category.years(rules)
    accumulated = depreciation.accumulated(asset, rules, today)
    return {
        "years": years, "accumulated": accumulated, "net_value": asset.value - accumulated,
        "monthly": (asset.value / (years * 12)).quantize(CENT) if years else None,
        "rules": rules, "today": today,
    }


@staff_required(perm=VIEW)
def asset_detail(request, pk):
    asset = get_scoped_object_or_404(request, Asset.objects.select_related("category", "place", "custodian", "campus"), pk=pk)
    if request.GET.get("count"):
        counted = scan_from_asset_page(request, asset, request.GET["count"])
        if counted is not None:
            return counted
    context = {
        "open_loan": asset.loans.filter(returned_on__isnull=True).select_related("borrower").first(),
        "pending_transfer": asset.transfers.filter(status=TransferStatus.PENDING).select_related("to_place").first(),
        "counting": active_count(request) if asset.campus_id == request.campus.pk else None,
        "asset": asset, "photos": asset.photos.all(), "history": history_entries(asset),
        "may_manage": request.user.has_perm(MANAGE) and asset.campus_id == request.campus.pk,
        "status_form": StatusForm(initial={"status": asset.status}), "photo_form": PhotoForm(),
        **asset_facts(asset),
    }
    return render(request, "assets/asset_detail.html", context)


@staff_required(perm="assets.add_asset")
def asset_add(request):
    campus = request.campus
    form = AssetAddForm(request.POST or None, request.FILES or None, campus=campus)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        with service_call(form) as call:
            asset = services.register_asset(campus, user=request.user, **data)
            if photo:
                services.add_photo(asset, photo, user=request.user)
        if call.ok:
            messages.success(request, _("Asset %(code)s registered.") % {"code": asset.code})
            return redirect(asset)
    return render(request, "assets/form.html", {"form": form, "title": _("Register an asset"), "back": reverse("assets:index")})


@staff_required(perm=MANAGE)
def asset_edit(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    form = AssetForm(request.POST or None, instance=asset, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_asset(asset, form.cleaned_data, user=request.user, reason=request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Asset saved."))
            return redirect(asset)
    return render(request, "assets/form.html", {
        "form": form, "title": asset, "obj": asset, "history": history_entries(asset), "back": asset.get_absolute_url(),
        "ask_reason": True,
    })


@staff_required(perm=MANAGE)
def asset_status(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    data = request.POST
    return post_action(request, lambda: services.set_status(asset, data.get("status", ""), user=request.user, reason=data.get("reason", "")),
                       _("Status changed."), asset)


@staff_required(perm="assets.add_assetphoto")
def photo_add(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.add_photo(asset, form.cleaned_data["image"], user=request.user, caption=form.cleaned_data["caption"])
        if call.ok:
            messages.success(request, _("Photo added."))
            return redirect(asset)
    return render(request, "assets/form.html", {"form": form, "title": _("Add a photo"), "back": asset.get_absolute_url()})


@staff_required(perm=BOOKS)
def place_list(request):
    places = in_current_campus(request, Place).filter(is_active=True).order_by("kind", "name")
    totals = (in_current_campus(request, Asset).on_register().values("place_id")
              .annotate(n=Count("id"), items=Sum("quantity"), value=Sum("value")).order_by())
    counts = {row["place_id"]: row for row in totals}
    return render(request, "assets/place_list.html", {"places": [(place, counts.get(place.pk)) for place in places]})


@staff_required(perm=BOOKS)
def place_detail(request, pk):
    place = get_scoped_object_or_404(request, Place.objects.select_related("custodian", "classroom"), pk=pk, campus=request.campus)
    assets = (in_current_campus(request, Asset).on_register().filter(place=place).select_related("category", "custodian")
              .only("id", "code", "name", "quantity", "unit", "status", "category__name", "custodian__name").order_by("sequence"))
    return render(request, "assets/place_detail.html", {"place": place, "assets": assets})


# --- settings and categories ----------------------------------------------------------------------------


@staff_required(perm="assets.change_assetsettings")
def settings_edit(request):
    row = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(row, form.cleaned_data, user=request.user, reason=request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Asset settings saved."))
            return redirect("assets:settings")
    return render(request, "assets/form.html", {"form": form, "title": _("Asset settings"), "obj": row, "ask_reason": True,
                                                "history": history_entries(row), "back": reverse("assets:index")})


@staff_required(perm="assets.view_category")
def category_list(request):
    categories = in_current_campus(request, Category).annotate(n=Count("assets")).order_by("top", "name")
    return render(request, "assets/category_list.html", {"categories": categories, "rules": services.settings_for(request.campus)})


@staff_required(perm="assets.add_category")
def category_add(request):
    return _category_form(request, Category(campus=request.campus))


@staff_required(perm="assets.change_category")
def category_edit(request, pk):
    return _category_form(request, get_scoped_object_or_404(request, Category, pk=pk, campus=request.campus))


def _category_form(request, category):
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_category(form.instance, user=request.user, reason=request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Category saved."))
            return redirect("assets:category_list")
    return render(request, "assets/form.html", {"form": form, "title": _("Asset category"), "obj": category if category.pk else None,
                                                "history": history_entries(category) if category.pk else [],
                                                "back": reverse("assets:category_list"), "ask_reason": bool(category.pk)})
