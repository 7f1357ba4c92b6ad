"""Repair pages: report (from any page, an asset's label or a place), the list (managers: every
request; everyone else: their own), a request's page with its next step, the 维修登记 register."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.models import Place
from campus.registers import register_view
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import repair_registers
from ..choices import RepairUrgency
from ..models import Asset
from ..models.repairs import OPEN_STATUSES, RepairRequest, RepairStatus
from ..repair_forms import AssignForm, CloseForm, FinanceForm, ReopenForm, ReportForm
from ..services import repairs as services

REPORT = "assets.add_repairrequest"


def _repairs(request):
    qs = in_current_campus(request, RepairRequest).select_related(
        "asset", "place", "run", "reported_by__staff", "assignee__staff", "closed_by__staff", "verified_by__staff",
    )
    return services.visible_repairs(request.user, qs)


def _repair(request, pk) -> RepairRequest:
    repair = _repairs(request).filter(pk=pk).first()
    if repair is None:
        raise Http404
    return repair


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@staff_required(perm=REPORT)
def repair_report(request):
    """报修: from the layout's button (choose the place), an asset's page or label (?asset=), a place (?place=)."""
    asset = None
    asset_pk = _int(request.GET.get("asset") or request.POST.get("asset"))
    if asset_pk:
        asset = get_scoped_object_or_404(request, Asset.objects.select_related("place"), campus=request.campus, pk=asset_pk)
    initial = {}
    place_pk = _int(request.GET.get("place"))
    if place_pk:
        initial["place"] = get_scoped_object_or_404(request, Place, campus=request.campus, pk=place_pk)
    form = ReportForm(request.POST or None, request.FILES or None, campus=request.campus, asset=asset, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            repair = services.report_repair(
                request.campus, user=request.user, problem=data["problem"], urgency=data["urgency"], asset=asset,
                place=data.get("place"), photo=data.get("photo"),
            )
        if call.ok:
            return redirect(repair)
    return render(request, "assets/repairs/report.html", {"form": form, "asset": asset})


@staff_required(perm=REPORT)
def repair_list(request):
    status = request.GET.get("status", "open")
    qs = _repairs(request)
    now = timezone.now()
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        qs = qs.overdue(now)
    elif status in RepairStatus.values:
        qs = qs.filter(status=status)
    else:
        status = "all"
    urgency = request.GET.get("urgency", "")
    if urgency in RepairUrgency.values:
        qs = qs.filter(urgency=urgency)
    repairs = list(qs.order_by("due_at", "id")[:300] if status in ("open", "overdue") else qs[:300])
    return render(request, "assets/repairs/list.html", {
        "repairs": repairs, "status": status, "urgency": urgency, "now": now, "urgencies": RepairUrgency.choices,
        "statuses": [("open", _("Open")), ("overdue", _("Overdue")), (RepairStatus.CLOSED.value, _("Waiting for verification")),
                     (RepairStatus.VERIFIED.value, _("Verified")), ("all", _("All"))],
        "sees_all": services.may_see_all(request.user), "may_manage": services.may_manage(request.user),
    })


def _detail(request, repair, **forms):
    user = request.user
    context = {
        "repair": repair, "history": history_entries(repair), "now": timezone.now(),
        "may_manage": services.may_manage(user) and repair.is_open,
        "may_close": services.may_close(user, repair),
        "may_verify": services.may_verify(user, repair),
        "may_hand_over": services.may_manage(user) and repair.status in (RepairStatus.CLOSED, RepairStatus.VERIFIED)
        and repair.cost > 0 and not repair.expense_claim_id,
        "assign_form": forms.get("assign_form") or AssignForm(campus=request.campus, initial={
            "assignee": repair.assignee_id, "contractor": repair.contractor}),
        "close_form": forms.get("close_form") or CloseForm(initial={"cost": repair.cost or None, "parts": repair.parts}),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "finance_form": forms.get("finance_form") or FinanceForm(),
    }
    return render(request, "assets/repairs/detail.html", context)


@staff_required(perm=REPORT)
def repair_detail(request, pk):
    return _detail(request, _repair(request, pk))


@staff_required(perm="assets.manage_repairrequest")
@require_POST
def repair_assign(request, pk):
    repair = _repair(request, pk)
    form = AssignForm(request.POST, campus=request.campus)
    if form.is_valid():
        with service_call(form) as call:
            services.assign_repair(repair, user=request.user, assignee=form.cleaned_data["assignee"],
                                   contractor=form.cleaned_data["contractor"])
        if call.ok:
            return redirect(repair)
    return _detail(request, repair, assign_form=form)


@staff_required(perm=REPORT)
@require_POST
def repair_close(request, pk):
    repair = _repair(request, pk)
    if not (services.may_manage(request.user) or repair.assignee_id == request.user.pk):
        raise PermissionDenied
    form = CloseForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            services.close_repair(repair, user=request.user, note=data["note"], parts=data["parts"], cost=data["cost"],
                                  photo=data.get("photo"))
        if call.ok:
            return redirect(repair)
    return _detail(request, repair, close_form=form)


@staff_required(perm=REPORT)
@require_POST
def repair_verify(request, pk):
    repair = _repair(request, pk)
    return post_action(request, lambda: services.verify_repair(repair, user=request.user), _("Verified."), repair)


@staff_required(perm=REPORT)
@require_POST
def repair_reopen(request, pk):
    repair = _repair(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        with service_call(form) as call:
            services.reopen_repair(repair, user=request.user, note=form.cleaned_data["note"])
        if call.ok:
            return redirect(repair)
    return _detail(request, repair, reopen_form=form)


@staff_required(perm="assets.manage_repairrequest")
@require_POST
def repair_finance(request, pk):
    repair = _repair(request, pk)
    form = FinanceForm(request.POST, request.FILES)
    if form.is_valid():
        with service_call(form) as call:
            services.hand_to_finance(repair, user=request.user, photos=form.cleaned_data["photos"])
        if call.ok:
            return redirect(repair)
    return _detail(request, repair, finance_form=form)


repair_register = register_view(repair_registers.REPAIRS)
