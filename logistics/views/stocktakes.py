"""Stocktakes (盘点) on a phone: start one for a store (or from a checklist duty, ``?run=``), enter
the counts line by line, submit the variance list, the director approves and the adjustments post;
the stocktake sheet (盘点表) as a register."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.actions import post_action
from campus.errors import ServiceError, service_call
from campus.history import history_entries
from campus.registers import register_view
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import registers_flows as registers
from ..forms_flows import ReasonForm, StocktakeStartForm
from ..models.flows import Stocktake, StocktakeStatus
from ..services import stocktake as service

VIEW = "logistics.view_stocktake"
COUNT = "logistics.add_stocktake"
APPROVE = "logistics.approve_stocktake"

stocktake_sheet = register_view(registers.STOCKTAKE_SHEET)


@staff_required(perm=VIEW)
def stocktake_list(request):
    stocktakes = in_current_campus(request, Stocktake).select_related("store", "started_by__staff", "approved_by__staff")[:50]
    return render(request, "logistics/flows/stocktake_list.html", {"stocktakes": stocktakes,
                                                                   "may_start": request.user.has_perm(COUNT)})


def _run(request):
    """The checklist run that asked for this stocktake (``?run=``), if any, of this campus."""
    raw = request.GET.get("run") or request.POST.get("run")
    if not raw or not str(raw).isdigit():
        return None
    from checklists.models import Run

    return in_current_campus(request, Run).filter(pk=int(raw)).first()


@staff_required(perm=COUNT)
def stocktake_start(request):
    form = StocktakeStartForm(request.campus, request.POST or None)
    run = _run(request)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            stocktake = service.start_stocktake(form.cleaned_data["store"], user=request.user, run=run,
                                                note=form.cleaned_data["note"])
        if call.ok:
            messages.success(request, _("Stocktake started: the balances are copied as of now."))
            return redirect(stocktake)
    return render(request, "logistics/flows/stocktake_start.html", {"form": form, "run": run})


@staff_required(perm=VIEW)
def stocktake_detail(request, pk):
    stocktake = get_scoped_object_or_404(request, Stocktake.objects.select_related(
        "store", "started_by__staff", "submitted_by__staff", "approved_by__staff"), pk=pk)
    lines = list(stocktake.lines.select_related("item", "lot", "counted_by__staff"))
    user = request.user
    counting = stocktake.status == StocktakeStatus.COUNTING and user.has_perm(COUNT)
    return render(request, "logistics/flows/stocktake_detail.html", {
        "stocktake": stocktake, "lines": lines, "counting": counting,
        "counted": sum(1 for line in lines if line.counted is not None),
        "differing": [line for line in lines if line.variance],
        "total": sum((line.variance_value or 0 for line in lines), Decimal(0)),
        "may_approve": user.has_perm(APPROVE) and stocktake.status == StocktakeStatus.SUBMITTED
        and user.pk not in (stocktake.started_by_id, stocktake.submitted_by_id),
        "may_cancel": user.has_perm(COUNT) and stocktake.status in service.OPEN,
        "reason_form": ReasonForm(), "history": history_entries(stocktake),
    })


def _counts(post, lines):
    counts, notes = {}, {}
    for line in lines:
        raw = (post.get(f"count-{line.pk}") or "").strip()
        if raw:
            try:
                count = Decimal(raw)
            except InvalidOperation:
                count = None
            if count is None or not count.is_finite():  # NaN and Infinity parse, but are not numbers
                raise ServiceError({f"count-{line.pk}": _("Not a number.")})
            counts[line.pk] = count
        if f"note-{line.pk}" in post:
            notes[line.pk] = post.get(f"note-{line.pk}", "")
    return counts, notes


def _count_action(request, stocktake):
    counts, notes = _counts(request.POST, list(stocktake.lines.all()))
    service.record_counts(stocktake, counts, notes=notes, user=request.user)
    if request.POST.get("submit"):
        return service.submit_stocktake(stocktake, user=request.user)
    return stocktake


@require_POST
@staff_required(perm=COUNT)
def stocktake_count(request, pk):
    stocktake = get_scoped_object_or_404(request, Stocktake, campus=request.campus, pk=pk)
    done = _("Submitted for the director's approval.") if request.POST.get("submit") else _("Counts saved.")
    return post_action(request, lambda: _count_action(request, stocktake), done, stocktake.get_absolute_url())


@require_POST
@staff_required(perm=APPROVE)
def stocktake_approve(request, pk):
    stocktake = get_scoped_object_or_404(request, Stocktake, campus=request.campus, pk=pk)
    return post_action(request, lambda: service.approve_stocktake(stocktake, user=request.user),
                       _("Approved: the adjustments are posted."), stocktake.get_absolute_url())


@require_POST
@staff_required(perm=COUNT)
def stocktake_cancel(request, pk):
    stocktake = get_scoped_object_or_404(request, Stocktake, campus=request.campus, pk=pk)
    return post_action(request, lambda: service.cancel_stocktake(stocktake, user=request.user, reason=request.POST.get("reason", "")),
                       _("Stocktake cancelled."), stocktake.get_absolute_url())
