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
from ..choices import AssetStatus, TopCategory
from ..forms import AssetAddForm, AssetForm, PhotoForm, StatusForm, campus_places, campus_staff
from ..models import CENT, Asset, AssetPhoto, Category
from .common import MANAGE, VIEW

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


@staff_required(perm=VIEW)
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
    context = {
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


@staff_required(perm="assets.delete_assetphoto")
def photo_remove(request, pk):
    photo = get_scoped_object_or_404(request, AssetPhoto.objects.select_related("asset"), pk=pk, asset__campus=request.campus)
    return post_action(request, lambda: services.remove_photo(photo, user=request.user), _("Photo removed."), photo.asset)


@staff_required(perm=VIEW)
def place_list(request):
    places = in_current_campus(request, Place).filter(is_active=True).order_by("kind", "name")
    totals = (in_current_campus(request, Asset).on_register().values("place_id")
              .annotate(n=Count("id"), items=Sum("quantity"), value=Sum("value")).order_by())
    counts = {row["place_id"]: row for row in totals}
    return render(request, "assets/place_list.html", {"places": [(place, counts.get(place.pk)) for place in places]})


@staff_required(perm=VIEW)
def place_detail(request, pk):
    place = get_scoped_object_or_404(request, Place.objects.select_related("custodian", "classroom"), pk=pk, campus=request.campus)
    assets = in_current_campus(request, Asset).on_register().filter(place=place).for_lists().order_by("sequence")
    return render(request, "assets/place_detail.html", {"place": place, "assets": assets})
