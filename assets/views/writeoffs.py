"""Write-offs: ask (from an asset's page, from a count's lost asset, or a whole campus), approve or reject."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import services
from ..choices import WriteOffStatus
from ..forms import RejectForm, WriteOffForm
from ..models import Asset, WriteOff

APPROVE = "assets.approve_writeoff"


@staff_required(perm="assets.view_writeoff")
def writeoff_list(request):
    qs = in_current_campus(request, WriteOff).select_related("requested_by__staff").order_by("-requested_at", "-id")
    return render(request, "assets/writeoff_list.html", {
        "open": qs.filter(status__in=(WriteOffStatus.PENDING, WriteOffStatus.SECOND)), "decided": qs.exclude(status__in=(WriteOffStatus.PENDING, WriteOffStatus.SECOND))[:50],
    })


@staff_required(perm="assets.view_writeoff")
def writeoff_detail(request, pk):
    write_off = get_scoped_object_or_404(request, WriteOff.objects.select_related(
        "requested_by__staff", "approved_by__staff", "second_approved_by__staff", "rejected_by__staff"), pk=pk)
    may_decide = (request.user.has_perm(APPROVE) and write_off.campus_id == request.campus.pk and (
        write_off.status == WriteOffStatus.PENDING or (write_off.status == WriteOffStatus.SECOND and write_off.approved_by_id != request.user.pk)))
    return render(request, "assets/writeoff_detail.html", {
        "write_off": write_off, "lines": write_off.lines.select_related("asset", "asset__place", "asset__category")[:500],
        "line_count": write_off.lines.count(), "photos": write_off.photos.all(), "may_decide": may_decide,
        "needs_second": services.needs_second(write_off), "reject_form": RejectForm(), "history": history_entries(write_off),
    })


@staff_required(perm="assets.add_writeoff")
def writeoff_add(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    form = WriteOffForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            write_off = services.request_write_off(request.campus, assets=[asset], kind=data["kind"], reason=data["reason"],
                                                   photos=[data["photo"]] if data.get("photo") else [], user=request.user)
        if call.ok:
            messages.success(request, _("Sent to the director for approval."))
            return redirect(write_off)
    return render(request, "assets/form.html", {"form": form, "title": _("Write off %(asset)s") % {"asset": asset}, "back": asset.get_absolute_url()})


@staff_required(perm=APPROVE)
def writeoff_approve(request, pk):
    write_off = get_scoped_object_or_404(request, WriteOff, pk=pk, campus=request.campus)
    return post_action(request, lambda: services.approve_write_off(write_off, user=request.user),
                       lambda w: _("Approved: the assets are off the register.") if w.status == WriteOffStatus.APPROVED
                       else _("Approved: it now needs a second approver."), write_off)


@staff_required(perm=APPROVE)
def writeoff_reject(request, pk):
    write_off = get_scoped_object_or_404(request, WriteOff, pk=pk, campus=request.campus)
    return post_action(request, lambda: services.reject_write_off(write_off, user=request.user, reason=request.POST.get("reason", "")),
                       _("Rejected."), write_off)
