"""Requisitions (领用): asked on a phone (a class teacher for her own classes), approved where the
category needs it, issued by the store keeper against the request, signed for by the receiver; the
new-term class kits; the requisition register and the per-class consumption report."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import ServiceError, service_call
from campus.history import history_entries
from campus.models import StaffMember
from campus.registers import register_view
from campus.scoping import get_scoped_object_or_404, in_current_campus, limited_to_classes, visible_classrooms

from .. import registers_flows as registers
from .. import services
from ..forms_flows import KitForm, KitIssueForm, ReasonForm, RequisitionForm, RequisitionLineFormSet
from ..models.flows import TO_ISSUE, Kit, Requisition, RequisitionIssue, RequisitionStatus
from ..models.ledger import Balance
from ..services import needs_witness as ledger_needs_witness
from ..services import requisitions as service
from .flows_common import line_errors

VIEW = "logistics.view_requisition"
ADD = "logistics.add_requisition"
APPROVE = "logistics.approve_requisition"
ISSUE = "logistics.issue_requisition"
KITS = "logistics.add_kit"

requisition_list = register_view(registers.REQUISITIONS)
issue_register = register_view(registers.ISSUES)
consumption = register_view(registers.CONSUMPTION)


@staff_required(perm=ADD)
def requisition_add(request):
    campus = request.campus
    classes_only = limited_to_classes(request)
    classrooms = list(visible_classrooms(request).by_grade())
    form = RequisitionForm(campus, visible_classrooms(request), request.POST or None, classes_only=classes_only)
    formset = RequisitionLineFormSet(request.POST or None, prefix="lines", campus=campus)
    if classes_only and not classrooms:
        raise Http404
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with service_call(form) as call:
            requisition = service.request_requisition(campus, user=request.user, lines=formset.filled(), **form.cleaned_data)
        if not call.ok:
            line_errors(form, formset, call.error)
        else:
            if requisition.status == RequisitionStatus.SUBMITTED:
                messages.success(request, _("Requisition sent: it waits for the director's approval."))
            else:
                messages.success(request, _("Requisition sent to the store keeper."))
            return redirect(requisition)
    return render(request, "logistics/flows/requisition_form.html", {"form": form, "formset": formset})


def _requisition(request, pk):
    return get_scoped_object_or_404(request, Requisition.objects.select_related(
        "store", "classroom", "requested_by__staff", "approved_by__staff", "kit"), pk=pk)


@staff_required(perm=VIEW)
def requisition_detail(request, pk):
    requisition = _requisition(request, pk)
    user = request.user
    lines = list(requisition.lines.select_related("item"))
    may_issue = user.has_perm(ISSUE) and requisition.status in TO_ISSUE
    held = {}
    if may_issue:
        for item_id, quantity in Balance.objects.filter(store=requisition.store, item__in=[line.item_id for line in lines]).values_list(
                "item_id", "quantity"):
            held[item_id] = held.get(item_id, Decimal(0)) + quantity
    for line in lines:
        line.held = held.get(line.item_id)
    settings = services.settings_for(request.campus)
    witnessed = may_issue and any(ledger_needs_witness(line.item, settings) for line in lines)
    kept = may_issue and any(services.kept_by_keeper(line.item, settings) for line in lines)
    issues = list(requisition.issues.select_related("issued_by__staff", "receiver__staff").prefetch_related("lines__item"))
    return render(request, "logistics/flows/requisition_detail.html", {
        "requisition": requisition, "lines": lines, "issues": issues, "may_issue": may_issue, "witnessed": witnessed,
        "kept": kept, "keeper": settings.chemicals_keeper if kept else None,
        "is_keeper": kept and services.is_keeper(request.campus, user),
        "may_override": kept and services.may_override_keeper(user),
        "witnesses": witnesses_of(request.campus, request.user) if witnessed else [],
        "may_approve": user.has_perm(APPROVE) and requisition.status == RequisitionStatus.SUBMITTED
        and requisition.requested_by_id != user.pk,
        "may_cancel": requisition.status in (RequisitionStatus.SUBMITTED, RequisitionStatus.READY)
        and (requisition.requested_by_id == user.pk or user.has_perm(ISSUE)),
        "reason_form": ReasonForm(), "history": history_entries(requisition),
    })


def _action(request, pk, action, success):
    requisition = get_scoped_object_or_404(request, Requisition, campus=request.campus, pk=pk)
    return post_action(request, lambda: action(requisition), success, requisition.get_absolute_url())


@require_POST
@staff_required(perm=APPROVE)
def requisition_approve(request, pk):
    return _action(request, pk, lambda r: service.approve_requisition(r, request.user), _("Approved: the store keeper can issue it."))


@require_POST
@staff_required(perm=APPROVE)
def requisition_reject(request, pk):
    return _action(request, pk, lambda r: service.reject_requisition(r, request.user, request.POST.get("reason", "")),
                   _("Requisition rejected."))


@require_POST
@staff_required(perm=ADD)
def requisition_cancel(request, pk):
    requisition = get_scoped_object_or_404(request, Requisition, campus=request.campus, pk=pk)
    if requisition.requested_by_id != request.user.pk and not request.user.has_perm(ISSUE):
        raise Http404
    return post_action(request, lambda: service.cancel_requisition(requisition, request.user), _("Requisition cancelled."),
                       requisition.get_absolute_url())


def witnesses_of(campus, user):
    """Who may be named as the second person present at an issue: the campus's other active staff."""
    return StaffMember.objects.filter(campuses=campus, is_active=True).exclude(user=user).order_by("name")


def _quantities(post, lines) -> dict:
    result = {}
    for line in lines:
        raw = (post.get(f"line-{line.pk}") or "").strip()
        if not raw:
            continue
        try:
            quantity = Decimal(raw)
        except InvalidOperation:
            quantity = None
        if quantity is None or not quantity.is_finite():  # NaN and Infinity parse, but are not numbers
            raise ServiceError({f"line-{line.pk}": _("Not a number.")})
        result[line.pk] = quantity
    return result


@require_POST
@staff_required(perm=ISSUE)
def requisition_issue(request, pk):
    """Issue what the keeper hands over now (each line's quantity from the requisition page)."""
    requisition = get_scoped_object_or_404(request, Requisition, campus=request.campus, pk=pk)
    lines = list(requisition.lines.all())
    raw = request.POST.get("witness", "")
    witness = witnesses_of(request.campus, request.user).filter(pk=int(raw)).first() if raw.isdigit() else None
    return post_action(
        request, lambda: service.issue_requisition(requisition, quantities=_quantities(request.POST, lines), user=request.user,
                                                   witness=witness, purpose=request.POST.get("purpose", ""),
                                                   keeper_override=request.POST.get("keeper_override", "")),
        _("Issued; the receiver signs for it on their phone."), requisition.get_absolute_url())


@require_POST
@staff_required(perm=VIEW)
def issue_sign(request, pk):
    issue = get_scoped_object_or_404(request, RequisitionIssue.objects.select_related("requisition"), pk=pk)
    return post_action(request, lambda: service.sign_issue(issue, request.user), _("Signed for. Thank you."),
                       issue.requisition.get_absolute_url())


@staff_required(perm=VIEW)
def to_sign(request):
    """The receiver's list of goods handed to them and not signed for yet."""
    issues = (in_current_campus(request, RequisitionIssue).filter(receiver=request.user, signed_at__isnull=True)
              .select_related("requisition__classroom", "issued_by__staff").prefetch_related("lines__item"))
    return render(request, "logistics/flows/to_sign.html", {"issues": issues})


# --- class kits -----------------------------------------------------------------------------------


@staff_required(perm="logistics.view_kit")
def kit_list(request):
    kits = in_current_campus(request, Kit).prefetch_related("lines__item")
    return render(request, "logistics/flows/kit_list.html", {"kits": kits, "may_add": request.user.has_perm(KITS)})


@staff_required(perm=KITS)
def kit_add(request):
    return _kit_form(request, Kit(campus=request.campus))


@staff_required(perm="logistics.change_kit")
def kit_edit(request, pk):
    return _kit_form(request, get_scoped_object_or_404(request, Kit, campus=request.campus, pk=pk))


def _kit_form(request, kit):
    initial = {"name": kit.name, "note": kit.note}
    lines = [{"item": line.item_id, "quantity": line.quantity} for line in kit.lines.all()] if kit.pk else []
    form = KitForm(request.POST or None, initial=initial)
    formset = RequisitionLineFormSet(request.POST or None, prefix="lines", campus=request.campus, initial=lines)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kit.name, kit.note = form.cleaned_data["name"], form.cleaned_data["note"]
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("item") or f.cleaned_data.get("quantity")]
        with service_call(form) as call:
            service.save_kit(kit, lines=rows, user=request.user)
        if not call.ok:
            line_errors(form, formset, call.error)
        else:
            messages.success(request, _("Kit saved."))
            return redirect(kit)
    return render(request, "logistics/flows/kit_form.html", {"form": form, "formset": formset, "kit": kit})


@staff_required(perm="logistics.view_kit")
def kit_detail(request, pk):
    kit = get_scoped_object_or_404(request, Kit, pk=pk)
    classrooms = visible_classrooms(request).by_grade()
    form = KitIssueForm(request.campus, classrooms, request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(ISSUE):
            raise Http404
        if form.is_valid():
            with service_call(form) as call:
                made = service.issue_kit(kit, store=form.cleaned_data["store"], classrooms=form.cleaned_data["classrooms"],
                                         user=request.user)
            if call.ok:
                messages.success(request, _("Issued to %(n)d classes; each head teacher signs for it.") % {"n": len(made)})
                return redirect(kit)
    shortages = []
    store = form.fields["store"].queryset.first()
    if store is not None and request.user.has_perm(ISSUE):
        shortages = service.kit_shortages(kit, store, list(classrooms))
    return render(request, "logistics/flows/kit_detail.html", {
        "kit": kit, "lines": kit.lines.select_related("item"), "form": form, "shortages": shortages, "store": store,
        "may_issue": request.user.has_perm(ISSUE), "may_edit": request.user.has_perm("logistics.change_kit"),
        "history": history_entries(kit)})
