"""Counts by scanning (盘点): start one for a place (or the whole campus; a checklist run's button opens
it with ``?run=``), scan labels (type or paste the code, open a label's page while the count is on, or
the asset page with ``?count=<id>``), see what is missing, in the wrong place or extra, finish it and
resolve each difference."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import services
from ..choices import CountStatus, DifferenceKind, Resolution
from ..forms import CountStartForm, ScanForm
from ..models import Count, CountDifference

COUNT = "assets.add_countscan"
SESSION_KEY = "asset_count"


def active_count(request):
    """The open count the user is walking (kept in the session while its page is open), or None."""
    pk = request.session.get(SESSION_KEY)
    if not pk or not request.user.has_perm(COUNT):
        return None
    return in_current_campus(request, Count).filter(pk=pk, status=CountStatus.OPEN).select_related("place").first()


@staff_required(perm="assets.view_count")
def count_list(request):
    counts = in_current_campus(request, Count).select_related("place").order_by("-started_at", "-id")
    run = request.GET.get("run", "")
    form = CountStartForm(campus=request.campus)
    return render(request, "assets/count_list.html", {
        "open": counts.filter(status=CountStatus.OPEN), "finished": counts.filter(status=CountStatus.FINISHED)[:30],
        "form": form, "run": run if run.isdigit() else "",
    })


@staff_required(perm="assets.add_count")
def count_start(request):
    form = CountStartForm(request.POST or None, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        run = request.POST.get("run", "")
        with service_call(form) as call:
            count = services.start_count(request.campus, place=form.cleaned_data["place"], user=request.user,
                                         run_id=int(run) if run.isdigit() and len(run) < 10 else None)
        if call.ok:
            return redirect(count)
    return render(request, "assets/form.html", {"form": form, "title": _("Start a count"), "back": reverse("assets:count_list")})


@staff_required(perm="assets.view_count")
def count_detail(request, pk):
    count = get_scoped_object_or_404(request, Count.objects.select_related("place", "started_by__staff"), pk=pk)
    context = {"count": count, "history": history_entries(count)}
    if count.status == CountStatus.OPEN:
        if request.user.has_perm(COUNT) and request.session.get(SESSION_KEY) != count.pk:
            request.session[SESSION_KEY] = count.pk  # once: rewriting it saved the session on every scan's reload
        context.update({"result": services.reconcile(count), "form": ScanForm()})
    else:
        if request.session.get(SESSION_KEY) == count.pk:
            request.session.pop(SESSION_KEY)
        differences = count.differences.select_related("asset", "registered_place", "found_place", "resolved_by__staff")
        context.update({"differences": differences, "resolutions": Resolution.choices, "kinds": DifferenceKind})
    return render(request, "assets/count_detail.html", context)


@staff_required(perm=COUNT)
def count_scan(request, pk):
    count = get_scoped_object_or_404(request, Count, pk=pk, campus=request.campus)

    def done(result):
        record, new = result
        return (_("Counted: %(asset)s") if new else _("Already counted: %(asset)s")) % {"asset": record.asset}

    return post_action(request, lambda: services.scan(count, request.POST.get("code", ""), user=request.user), done, count)


def scan_from_asset_page(request, asset, count_pk):
    """The asset page opened with ``?count=<id>`` by someone counting: the asset is counted, then back to
    the count. None when that is not a count the user may add to (the page shows as usual)."""
    if not request.user.has_perm(COUNT) or not str(count_pk).isdigit():
        return None
    count = in_current_campus(request, Count).filter(pk=int(count_pk), status=CountStatus.OPEN).first()
    if count is None:
        return None
    with service_call(request=request) as call:
        _record, new = services.scan(count, asset.code, user=request.user)
    if call.ok:
        messages.success(request, (_("Counted: %(asset)s") if new else _("Already counted: %(asset)s")) % {"asset": asset})
    return redirect(count)


@staff_required(perm=COUNT)
def count_finish(request, pk):
    count = get_scoped_object_or_404(request, Count, pk=pk, campus=request.campus)
    return post_action(request, lambda: services.finish_count(count, user=request.user), _("Count finished: resolve its differences."), count)


@staff_required(perm="assets.resolve_count")
def difference_resolve(request, pk):
    difference = get_scoped_object_or_404(request, CountDifference.objects.select_related("count"), pk=pk, count__campus=request.campus)
    return post_action(request, lambda: services.resolve_difference(
        difference, resolution=request.POST.get("resolution", ""), user=request.user, note=request.POST.get("note", "")),
        _("Resolved."), difference.count)
