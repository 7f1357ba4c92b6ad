"""Purchase requests (申购): the list, a request on a phone, its page with the approval, order and
receipt actions, the check on receipt, and the printable approval form (申购审批单)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import service_call
from campus.history import history_entries
from campus.pdf import pdf_response, render_pdf
from campus.registers import register_view
from campus.scoping import get_scoped_object_or_404

from .. import registers_flows as registers
from ..forms_flows import (
    OrderForm,
    PurchaseLineFormSet,
    PurchaseRequestForm,
    ReasonForm,
    ReceiptForm,
    ReceiptLineFormSet,
)
from ..models.flows import OPEN_ORDER, PurchaseLine, PurchaseRequest, PurchaseStatus
from ..services import purchasing
from .flows_common import line_errors

VIEW = "logistics.view_purchaserequest"
ADD = "logistics.add_purchaserequest"
APPROVE = purchasing.APPROVE_PERMISSION
RECEIVE = "logistics.add_purchasereceipt"

purchase_list = register_view(registers.PURCHASES)


@staff_required(perm=ADD)
def purchase_add(request):
    campus = request.campus
    form = PurchaseRequestForm(campus, request.POST or None)
    formset = PurchaseLineFormSet(request.POST or None, prefix="lines", campus=campus)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with service_call(form) as call:
            purchase = purchasing.request_purchase(campus, user=request.user, lines=formset.filled(), **form.cleaned_data)
        if not call.ok:
            line_errors(form, formset, call.error)
        else:
            messages.success(request, _("Purchase request sent to the director for approval."))
            return redirect(purchase)
    return render(request, "logistics/flows/purchase_form.html", {"form": form, "formset": formset})


def _purchase(request, pk):
    return get_scoped_object_or_404(request, PurchaseRequest.objects.select_related(
        "store", "requested_by__staff", "approved_by__staff", "second_approved_by__staff", "ordered_by__staff"), pk=pk)


@staff_required(perm=VIEW)
def purchase_detail(request, pk):
    purchase = _purchase(request, pk)
    user = request.user
    lines = list(purchase.lines.select_related("item"))
    receipts = list(purchase.receipts.select_related("received_by__staff", "finance_claim").prefetch_related("lines__line__item"))
    limit = purchasing.settings_for(purchase.campus).purchase_second_approval_amount
    may_approve = (user.has_perm(APPROVE) and purchase.waiting_approval and purchase.requested_by_id != user.pk
                   and not (purchase.status == PurchaseStatus.NEEDS_SECOND and purchase.approved_by_id == user.pk))
    return render(request, "logistics/flows/purchase_detail.html", {
        "purchase": purchase, "lines": lines, "receipts": receipts, "limit": limit,
        "total": sum((line.estimated_total for line in lines), 0),
        "may_approve": may_approve, "reason_form": ReasonForm(),
        "may_order": user.has_perm(RECEIVE) and purchase.status == PurchaseStatus.APPROVED,
        "may_receive": user.has_perm(RECEIVE) and purchase.status in OPEN_ORDER,
        "order_form": OrderForm(initial={"supplier": purchase.supplier}),
        "history": history_entries(purchase),
    })


def _action(request, pk, action, success):
    purchase = get_scoped_object_or_404(request, PurchaseRequest, campus=request.campus, pk=pk)
    return post_action(request, lambda: action(purchase), success, purchase.get_absolute_url())


@require_POST
@staff_required(perm=APPROVE)
def purchase_approve(request, pk):
    return _action(request, pk, lambda p: purchasing.approve_purchase(p, request.user),
                   lambda p: _("Approved; a second approver is asked.") if p.status == PurchaseStatus.NEEDS_SECOND
                   else _("Approved: it can be ordered."))


@require_POST
@staff_required(perm=APPROVE)
def purchase_reject(request, pk):
    return _action(request, pk, lambda p: purchasing.reject_purchase(p, request.user, request.POST.get("reason", "")),
                   _("Request rejected."))


@require_POST
@staff_required(perm=RECEIVE)
def purchase_order(request, pk):
    return _action(request, pk, lambda p: purchasing.order_purchase(p, request.user, request.POST.get("supplier", "")),
                   _("Marked as ordered."))


@require_POST
@staff_required(perm=RECEIVE)
def purchase_line_close(request, pk, line_pk):
    purchase = get_scoped_object_or_404(request, PurchaseRequest, campus=request.campus, pk=pk)
    line = get_scoped_object_or_404(request, PurchaseLine.objects.filter(request=purchase), pk=line_pk)
    return post_action(request, lambda: purchasing.close_line_short(line, request.user, request.POST.get("reason", "")),
                       _("Line closed: nothing more is expected."), purchase.get_absolute_url())


@staff_required(perm=RECEIVE)
def purchase_receive(request, pk):
    """The check at the door, one line per ordered line: received, sent back and why, price, lot."""
    purchase = get_scoped_object_or_404(request, PurchaseRequest.objects.select_related("store"), campus=request.campus, pk=pk)
    lines = [line for line in purchase.lines.select_related("item") if not line.closed]
    initial = [{"line": line.pk, "quantity": line.outstanding, "unit_price": line.estimated_price, "item": line.item_id}
               for line in lines]
    form = ReceiptForm(request.POST or None)
    formset = ReceiptLineFormSet(request.POST or None, prefix="lines", campus=request.campus, initial=initial)
    if purchase.status not in OPEN_ORDER:
        messages.error(request, _("Only an ordered purchase can be received."))
        return redirect(purchase)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        by_pk = {line.pk: line for line in lines}
        data = [{**row, "line": by_pk.get(row.get("line"))} for row in (f.cleaned_data for f in formset.forms)]
        with service_call(form) as call:
            receipt = purchasing.receive_purchase(purchase, lines=data, user=request.user, note=form.cleaned_data["note"])
        if not call.ok:
            line_errors(form, formset, call.error)
        else:
            if receipt.finance_claim_id:
                messages.success(request, _("Received into %(store)s; %(amount)s handed to finance for payment.") % {
                    "store": purchase.store, "amount": f"¥{receipt.amount:,.2f}"})
            else:
                messages.success(request, _("Received into %(store)s.") % {"store": purchase.store})
            return redirect(purchase)
    return render(request, "logistics/flows/purchase_receive.html", {
        "purchase": purchase, "form": form, "rows": list(zip(formset.forms, lines, strict=False)), "formset": formset})


@staff_required(perm=VIEW)
def purchase_print(request, pk):
    """The approval form (申购审批单) of one request, on A4 with the signatures."""
    purchase = _purchase(request, pk)
    lines = list(purchase.lines.select_related("item"))
    content = render_pdf("logistics/flows/print_purchase.html", {
        "purchase": purchase, "lines": lines, "campus": purchase.campus, "printed": timezone.localtime(),
        "total": sum((line.estimated_total for line in lines), 0),
    })
    return pdf_response(content, f"{purchase.number}.pdf")
