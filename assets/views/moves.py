"""Transfers (ask, answer, cancel; a branch closing), loans (lend, return) and their lists."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.scoping import campuses_for, get_scoped_object_or_404, in_current_campus

from .. import services
from ..choices import TransferStatus
from ..forms import AnswerForm, CampusClosingForm, LoanForm, ReturnForm, TransferForm
from ..models import Asset, Loan, Transfer
from .common import VIEW

MOVE = "assets.add_transfer"
VIEW_MOVES = "assets.view_transfer"


def _transfers(request):
    """Transfers of the user's campuses, sent or received; a member of staff who does not keep the assets
    sees only those coming to them (as the new custodian, or the custodian of the place)."""
    campuses = campuses_for(request.user)
    qs = Transfer.objects.filter(Q(campus__in=campuses) | Q(to_campus__in=campuses))
    if not request.user.has_perm(VIEW_MOVES):
        user = request.user
        qs = qs.filter(Q(to_custodian__user=user) | Q(to_custodian__isnull=True, to_place__custodian__user=user))
    return qs.select_related(
        "asset", "from_place", "to_place", "to_campus", "to_custodian", "from_custodian", "requested_by__staff")


@staff_required(perm=VIEW)
def transfer_list(request):
    campus = request.campus
    qs = _transfers(request).filter(Q(campus=campus) | Q(to_campus=campus))
    pending = [t for t in qs.filter(status=TransferStatus.PENDING).order_by("requested_at")[:200] if services.may_answer(t, request.user)]
    return render(request, "assets/transfer_list.html", {"pending": pending, "transfers": qs.order_by("-requested_at", "-id")[:100]})


@staff_required(perm=VIEW)
def transfer_detail(request, pk):
    transfer = get_object_or_404(_transfers(request), pk=pk)
    batch = list(_transfers(request).filter(batch=transfer.batch).order_by("asset__sequence")) if transfer.batch else [transfer]
    return render(request, "assets/transfer_detail.html", {
        "transfer": transfer, "batch": batch, "may_answer": transfer.status == TransferStatus.PENDING and services.may_answer(transfer, request.user),
        "may_cancel": transfer.status == TransferStatus.PENDING and not transfer.batch and request.user.has_perm(MOVE)
        and transfer.campus_id == request.campus.pk, "form": AnswerForm(), "history": history_entries(transfer),
    })


@staff_required(perm=VIEW)
def transfer_answer(request, pk):
    transfer = get_object_or_404(_transfers(request), pk=pk)
    accept = request.POST.get("answer") == "accept"
    return post_action(request, lambda: services.answer_transfer(transfer, accept=accept, user=request.user, note=request.POST.get("note", "")),
                       _("Received: the register now says where it is.") if accept else _("Refused."), transfer)


@staff_required(perm=MOVE)
def transfer_cancel(request, pk):
    transfer = get_scoped_object_or_404(request, Transfer, pk=pk, campus=request.campus)
    return post_action(request, lambda: services.cancel_transfer(transfer, user=request.user), _("Transfer cancelled."), transfer)


@staff_required(perm=MOVE)
def transfer_add(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    form = TransferForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            transfer = services.request_transfer(asset, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Sent: it moves when the receiver confirms."))
            return redirect(transfer)
    return render(request, "assets/form.html", {"form": form, "title": _("Transfer %(asset)s") % {"asset": asset}, "back": asset.get_absolute_url()})


@staff_required(perm="assets.add_writeoff")
def campus_closing(request):
    """A branch closing: move every asset to another campus, or write everything off, in one action."""
    campus = request.campus
    form = CampusClosingForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            if data["action"] == "move":
                result = services.transfer_campus(campus, to_campus=data["to_place"].campus, to_place=data["to_place"], user=request.user, reason=data["reason"])[0]
                result = Transfer.objects.filter(batch=result.batch).order_by("pk").first()
            else:
                result = services.write_off_campus(campus, reason=data["reason"], user=request.user)
        if call.ok:
            messages.success(request, _("Done: the receiving campus or the director now confirms it."))
            return redirect(result)
    on_register = in_current_campus(request, Asset).on_register().count()
    return render(request, "assets/campus_closing.html", {"form": form, "on_register": on_register})


# --- loans ---------------------------------------------------------------------------------------------


@staff_required(perm="assets.view_loan")
def loan_list(request):
    today = timezone.localdate()
    qs = in_current_campus(request, Loan).select_related("asset", "borrower").order_by("returned_on", "due_on", "-id")
    return render(request, "assets/loan_list.html", {"open": list(qs.filter(returned_on__isnull=True)), "recent": qs.filter(returned_on__isnull=False)[:50], "today": today})


@staff_required(perm="assets.view_loan")
def loan_detail(request, pk):
    loan = get_scoped_object_or_404(request, Loan.objects.select_related("asset", "borrower"), pk=pk)
    return render(request, "assets/loan_detail.html", {"loan": loan, "today": timezone.localdate(), "form": ReturnForm(), "history": history_entries(loan)})


@staff_required(perm="assets.add_loan")
def loan_add(request, pk):
    asset = get_scoped_object_or_404(request, Asset, pk=pk, campus=request.campus)
    form = LoanForm(request.POST or None, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            loan = services.lend_asset(asset, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Lent until %(date)s.") % {"date": f"{loan.due_on:%Y-%m-%d}"})
            return redirect(loan)
    return render(request, "assets/form.html", {"form": form, "title": _("Lend %(asset)s") % {"asset": asset}, "back": asset.get_absolute_url()})


@staff_required(perm="assets.change_loan")
def loan_return(request, pk):
    loan = get_scoped_object_or_404(request, Loan, pk=pk, campus=request.campus)
    return post_action(request, lambda: services.return_asset(loan, user=request.user, note=request.POST.get("note", "")), _("Returned."), loan)
