
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required, user_has_roles
from campus.actions import post_action
from campus.dates import month_param
from campus.errors import service_call
from campus.history import history_entries
from campus.models import Classroom, Term
from campus.money import format_yuan
from campus.pdf import pdf_response
from campus.roles import Role
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus, visible_classrooms
from campus.workers import worker_running

from . import arrears, pdfs, services, tasks
from .choices import AccountStatus, ClaimStatus, CloseStatus
from .forms import (
    ClaimForm,
    CostLineForm,
    FeeItemFormSet,
    FeeStandardForm,
    MonthForm,
    PayClaimForm,
    PaymentForm,
    PostForm,
    ReasonForm,
    RefundForm,
    ReverseForm,
    SettingsForm,
    SettlementForm,
)
from .models import (
    ZERO,
    Bill,
    CanteenAccount,
    FeeStandard,
    FinanceSettings,
    LedgerEntry,
    MonthClose,
    ReceiptPhoto,
    Reimbursement,
    StatementsPrint,
    job_stall_minutes,
)
from .reports import build_report, canteen_context

FINANCE = [Role.DIRECTOR, Role.CASHIER]


# --- home, settings ----------------------------------------------------------------------------


@staff_required(roles=FINANCE)
def index(request):
    month = services.month_start(timezone.localdate())
    closes = list(in_current_campus(request, MonthClose).order_by("-month")[:6])
    accounts = list(in_current_campus(request, CanteenAccount).exclude(status=AccountStatus.SUPERSEDED).order_by("-month")[:4])
    claims_waiting = in_current_campus(request, Reimbursement).filter(
        status__in=[ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_SECOND, ClaimStatus.APPROVED]).count()
    settings_row = FinanceSettings.for_campus(request.campus)
    return render(request, "finance/index.html", {
        "month": month, "closes": closes, "accounts": accounts, "claims_waiting": claims_waiting,
        "settings_row": settings_row, "rule_text": services.refund_rule_text(settings_row),
        "form": MonthForm(initial={"month": month}), "is_director": user_has_roles(request.user, [Role.DIRECTOR]),
    })


@staff_required(perm="finance.change_financesettings")
def settings_edit(request):
    row = FinanceSettings.for_campus(request.campus)
    form = SettingsForm(request.POST or None, request.FILES or None, instance=row)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(row, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Finance settings saved."))
            return redirect("finance:settings")
    return render(request, "finance/settings.html", {"form": form, "rule_text": services.refund_rule_text(row),
                                                     "history": history_entries(row)})


# --- fee standards ------------------------------------------------------------------------------


@staff_required(perm="finance.view_feestandard")
def fee_list(request):
    standards = in_current_campus(request, FeeStandard).select_related("term").prefetch_related("items")
    return render(request, "finance/fee_list.html", {"standards": standards,
                                                     "rule_text": services.refund_rule_text(FinanceSettings.for_campus(request.campus))})


def _fee_form(request, standard):
    terms = in_current_campus(request, Term)
    form = FeeStandardForm(request.POST or None, instance=standard, terms=terms)
    formset = FeeItemFormSet(request.POST or None, instance=standard, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        standard = form.save(commit=False)
        standard.campus = request.campus
        with service_call(form) as call:
            services.save_fee_standard(standard, request.user, items=formset.save(commit=False),
                                       deleted=formset.deleted_objects)
        if call.ok:
            messages.success(request, _("Fee standard saved. Publish it to show it to parents."))
            return redirect(standard.get_absolute_url())
    return render(request, "finance/fee_form.html", {"form": form, "formset": formset, "standard": standard})


@staff_required(perm="finance.add_feestandard")
def fee_create(request):
    return _fee_form(request, FeeStandard(campus=request.campus))


@staff_required(perm="finance.change_feestandard")
def fee_edit(request, pk):
    standard = get_scoped_object_or_404(request, FeeStandard, pk=pk)
    if standard.is_published:
        messages.error(request, _("This fee standard is published to parents and can no longer be changed."))
        return redirect(standard.get_absolute_url())
    return _fee_form(request, standard)


@staff_required(perm="finance.view_feestandard")
def fee_detail(request, pk):
    standard = get_scoped_object_or_404(request, FeeStandard.objects.select_related("term"), pk=pk)
    return render(request, "finance/fee_detail.html", {
        "standard": standard, "items": standard.items.all(), "history": history_entries(standard),
        "rule_text": services.refund_rule_text(FinanceSettings.for_campus(standard.campus)),
        "may_publish": user_has_roles(request.user, [Role.DIRECTOR]),
    })


@staff_required(roles=[Role.DIRECTOR])
@require_POST
def fee_publish(request, pk):
    standard = get_scoped_object_or_404(request, FeeStandard, pk=pk)
    services.publish_fee_standard(standard, request.user)
    messages.success(request, _("The fee standard and the refund rule are now shown to parents."))
    return redirect(standard.get_absolute_url())


# --- bills and child accounts -------------------------------------------------------------------


@staff_required(perm="finance.view_bill")
def bill_list(request):
    """A month's bills (``month=all``: every month's) filtered by class, state and the child's name,
    with the totals of what is shown. Three queries whatever the filter: the bills, their ledger
    sums (``finance.arrears``) and the classes."""
    all_months = request.GET.get("month") == "all"
    month = services.month_start(timezone.localdate()) if all_months else month_param(request)
    state = request.GET.get("state", "")
    state = state if state in arrears.STATES else ""
    query = request.GET.get("q", "").strip()[:40]
    classes = list(visible_classrooms(request).order_by("grade", "name"))
    classroom = next((room for room in classes if str(room.pk) == request.GET.get("classroom", "")), None)
    bills = in_current_campus(request, Bill).select_related("child__classroom")
    if not all_months:
        bills = bills.filter(month=month)
    if classroom:
        bills = bills.filter(child__classroom=classroom)
    if query:
        bills = bills.filter(child__name__icontains=query)
    bills = arrears.annotate_bills(list(bills.order_by("child__classroom__name", "child__name", "-month")),
                                   timezone.localdate())
    if state == arrears.UNPAID:  # everything not paid, overdue or not
        bills = [bill for bill in bills if bill.state != arrears.PAID]
    elif state:
        bills = [bill for bill in bills if bill.state == state]
    return render(request, "finance/bill_list.html", {
        "bills": bills, "month": month, "all_months": all_months, "totals": arrears.bill_totals(bills),
        "classes": classes, "classroom": classroom, "state": state, "states": arrears.STATES, "q": query,
        "prev": services.previous_month(month), "next": services.next_month(month),
    })


@staff_required(perm="finance.view_bill")
@require_POST
def bills_print(request):
    """Every statement of the month in one PDF, for one class or the whole campus: what the cashier
    prints and hands to each class teacher. A job (a campus's statements take seconds to lay out):
    its page shows the progress, then offers the PDF."""
    month = month_param(request)
    classroom = None
    raw = request.POST.get("classroom", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        classroom = get_scoped_object_or_404(request, Classroom, pk=raw, campus=request.campus)
    return post_action(
        request, lambda: tasks.queue_statements_print(request.campus, month, classroom, request.user), None,
        lambda record: reverse("finance:print_detail", args=[record.pk]) if record is not None
        else f"{reverse('finance:bill_list')}?month={month:%Y-%m}",
    )


@staff_required(perm="finance.view_bill")
def print_detail(request, pk):
    record = get_scoped_object_or_404(request, StatementsPrint.objects.select_related("classroom"), pk=pk)
    template = "finance/_print_progress.html" if request.htmx else "finance/print_detail.html"
    return render(request, template, _job_context(record))


def _job_context(record) -> dict:
    """A job's progress page: a job still queued with no worker running says so (not "0%" forever)."""
    return {"job": record, "record": record, "stall_minutes": job_stall_minutes(),
            "worker_down": record.status == CloseStatus.QUEUED and not worker_running()}


@staff_required(perm="finance.view_bill")
def print_pdf(request, pk):
    record = get_scoped_object_or_404(request, StatementsPrint.objects.select_related("campus"), pk=pk)
    if record.status != CloseStatus.DONE or not record.pdf:
        raise Http404
    label = f"{record.campus.code}-{record.classroom_id}" if record.classroom_id else record.campus.code
    return FileResponse(record.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"statements-{record.month:%Y-%m}-{label}.pdf")


@staff_required(perm="finance.view_bill")
def bill_detail(request, pk):
    bill = get_scoped_object_or_404(request, Bill.objects.select_related("child__classroom", "campus"), pk=pk)
    return render(request, "finance/bill_detail.html", pdfs.statement_context(bill) | {"staff_view": True})


@staff_required(perm="finance.view_bill")
def bill_pdf(request, pk):
    bill = get_scoped_object_or_404(request, Bill.objects.select_related("child__classroom", "campus"), pk=pk)
    return _statement_pdf(request, bill)


def _statement_pdf(request, bill):
    if bill.pdf:
        try:
            return FileResponse(bill.pdf.open("rb"), content_type="application/pdf",
                                filename=pdfs.statement_filename(bill))
        except FileNotFoundError:
            pass
    return pdf_response(pdfs.render_statement(bill, request), pdfs.statement_filename(bill))


@staff_required(perm="finance.view_ledgerentry")
def child_account(request, pk):
    child = get_child_for_user(request, pk)
    entries = list(LedgerEntry.objects.filter(child=child).select_related("created_by__staff", "created_by__guardian", "reverses").order_by("created_at", "id"))
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    running = ZERO
    for entry in entries:
        running += entry.amount
        entry.running = running
        entry.is_reversed = entry.pk in reversed_ids
    bills = child.bills.order_by("-month")
    return render(request, "finance/child_account.html", {
        "child": child, "entries": entries, "balance": running, "credit": -running, "bills": bills,
        "payment_form": PaymentForm(), "refund_form": RefundForm(), "reverse_form": ReverseForm(),
        "may_write": request.user.has_perm("finance.add_ledgerentry"),
    })


def _account_action(request, pk, form_class, action):
    child = get_child_for_user(request, pk)
    form = form_class(request.POST)
    back = reverse("finance:child_account", args=[child.pk])
    if form.is_valid():  # the action returns the success message
        return post_action(request, lambda: action(child, form.cleaned_data), lambda message: message, back)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect(back)


@staff_required(perm="finance.add_ledgerentry")
@require_POST
def payment_add(request, pk):
    def action(child, data):
        entry = services.record_payment(child, data["amount"], data["method"], request.user, data["receipt_no"], data["note"])
        return _("Payment of ¥%(amount)s recorded, receipt %(no)s.") % {"amount": format_yuan(-entry.amount, symbol=False), "no": entry.receipt_label}

    return _account_action(request, pk, PaymentForm, action)


@staff_required(perm="finance.add_ledgerentry")
@require_POST
def refund_add(request, pk):
    def action(child, data):
        entry = services.record_refund(child, data["amount"], data["method"], request.user, data["note"])
        return _("Refund of ¥%(amount)s recorded.") % {"amount": format_yuan(entry.amount, symbol=False)}

    return _account_action(request, pk, RefundForm, action)


@staff_required(perm="finance.add_ledgerentry")
@require_POST
def entry_reverse(request, pk):
    entry = get_scoped_object_or_404(request, LedgerEntry, pk=pk)
    form = ReverseForm(request.POST)
    back = reverse("finance:child_account", args=[entry.child_id])
    if not form.is_valid():
        messages.error(request, _("Say why the entry is reversed."))
        return redirect(back)
    return post_action(request, lambda: services.reverse_entry(entry, form.cleaned_data["reason"], request.user),
                       _("The entry was reversed; both stay on the account."), back)


# --- term-end settlement -----------------------------------------------------------------------------


def _settlement_term(request):
    terms = Term.objects.filter(campus=request.campus).order_by("-starts_on")
    raw = request.GET.get("term") or request.POST.get("term")
    if raw:
        return get_object_or_404(terms, pk=raw) if raw.isdigit() else None, terms
    today = timezone.localdate()
    return terms.filter(starts_on__lte=today).first() or terms.last(), terms


@staff_required(perm="finance.view_ledgerentry")
def settlement(request):
    """Term-end settlement (学期末结算): credits to pay back, balances still owed."""
    term, terms = _settlement_term(request)
    if term is None:
        raise Http404
    return render(request, "finance/settlement.html", {
        "settlement": services.Settlement(request.campus, term), "terms": list(terms),
        "form": SettlementForm(), "may_write": request.user.has_perm("finance.add_ledgerentry"),
    })


@staff_required(perm="finance.add_ledgerentry")
@require_POST
def settlement_refund(request):
    term, _terms = _settlement_term(request)
    if term is None:
        raise Http404
    form = SettlementForm(request.POST)
    target = f"{reverse('finance:settlement')}?term={term.pk}"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(target)
    with service_call(request=request) as call:
        entries = services.refund_credits(request.campus, term, form.cleaned_data["child"], form.cleaned_data["method"],
                                          request.user)
    if not call.ok:
        return redirect(target)
    if entries:
        messages.success(request, _("Paid back %(count)d credits, ¥%(total)s in all.") % {
            "count": len(entries), "total": format_yuan(sum((e.amount for e in entries), ZERO), symbol=False)})
    else:
        messages.info(request, _("Nothing to pay back: the chosen children have no credit left."))
    return redirect(target)


# --- month close ---------------------------------------------------------------------------------


@staff_required(perm="finance.add_monthclose")
def close_start(request):
    """POST: queue the month's close. GET (a bookmark, a reload after the POST): the close page,
    with the form and the recent closes, rather than a bare 405."""
    if request.method != "POST":
        month = services.month_start(timezone.localdate())
        return render(request, "finance/close_start.html", {
            "form": MonthForm(initial={"month": month}), "month": month,
            "closes": list(in_current_campus(request, MonthClose).order_by("-month")[:12]),
            "worker_running": worker_running(),
        })
    form = MonthForm(request.POST)
    if not form.is_valid():  # malformed, or outside campus.dates' range (a year-1 close would never finish)
        messages.error(request, " ".join(form.errors["month"]))
        return redirect("finance:index")
    month = form.cleaned_data["month"]
    if month > services.month_start(timezone.localdate()):
        messages.error(request, _("A month can be closed from its first day on."))
        return redirect("finance:index")
    return post_action(
        request, lambda: tasks.queue_month_close(request.campus, month, request.user), None,
        lambda record: reverse("finance:close_detail", args=[record.pk]) if record is not None else reverse("finance:index"),
    )


@staff_required(perm="finance.view_monthclose")
def close_detail(request, pk):
    record = get_scoped_object_or_404(request, MonthClose, pk=pk)
    template = "finance/_close_progress.html" if request.htmx else "finance/close_detail.html"
    return render(request, template, _job_context(record))


# --- canteen account ------------------------------------------------------------------------------


@staff_required(perm="finance.view_canteenaccount")
def canteen_list(request):
    accounts = in_current_campus(request, CanteenAccount).order_by("-month", "-revision")
    return render(request, "finance/canteen_list.html", {
        "accounts": accounts, "form": CostLineForm(initial={"month": services.month_start(timezone.localdate())}),
        "may_add": request.user.has_perm("finance.add_canteencostline"),
    })


@staff_required(perm="finance.view_canteenaccount")
def canteen_detail(request, pk):
    account = get_scoped_object_or_404(request, CanteenAccount.objects.select_related("campus", "posted_by"), pk=pk)
    context = canteen_context(account)
    context.update({
        "history": history_entries(account), "cost_form": CostLineForm(initial={"month": account.month}),
        "post_form": PostForm(), "reason_form": ReasonForm(),
        "may_post": request.user.has_perm("finance.post_canteenaccount"),
        "may_add": request.user.has_perm("finance.add_canteencostline"),
        "is_latest": not CanteenAccount.objects.filter(campus=account.campus, month=account.month,
                                                        revision__gt=account.revision).exists(),
    })
    return render(request, "finance/canteen_detail.html", context)


@staff_required(perm="finance.view_canteenaccount")
def canteen_pdf(request, pk):
    account = get_scoped_object_or_404(request, CanteenAccount.objects.select_related("campus", "posted_by"), pk=pk)
    return pdf_response(pdfs.render_canteen(account, request), f"canteen-{account.month:%Y-%m}-r{account.revision}.pdf")


@staff_required(perm="finance.add_canteencostline")
@require_POST
def canteen_cost_add(request):
    form = CostLineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with service_call(request=request) as call:
            services.add_cost_line(request.campus, data["month"], data["kind"], data["description"], data["amount"],
                                   request.user, data["quantity"])
        if call.ok:
            posted = CanteenAccount.objects.filter(campus=request.campus, month=data["month"], status=AccountStatus.POSTED)
            if posted.exists() and not CanteenAccount.objects.filter(
                    campus=request.campus, month=data["month"], status=AccountStatus.DRAFT).exists():
                messages.warning(request, _("Cost line saved. The month is posted: start a correction to include it."))
            else:
                messages.success(request, _("Cost line saved."))
        account = services.current_account(request.campus, data["month"])
        if account:
            return redirect(account.get_absolute_url())
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}" if field in form.fields else " ".join(errors))
    return redirect("finance:canteen_list")


@staff_required(perm="finance.add_canteencostline")
@require_POST
def canteen_recalc(request, pk):
    account = get_scoped_object_or_404(request, CanteenAccount, pk=pk)
    if account.status != AccountStatus.DRAFT:
        messages.error(request, _("A posted month is frozen: start a correction instead."))
    else:
        services.refresh_canteen_draft(account.campus, account.month, request.user)
        messages.success(request, _("The draft was recalculated."))
    return redirect(account.get_absolute_url())


@staff_required(perm="finance.post_canteenaccount")
@require_POST
def canteen_post(request, pk):
    account = get_scoped_object_or_404(request, CanteenAccount, pk=pk)
    form = PostForm(request.POST)
    form.is_valid()
    return post_action(request, lambda: services.post_account(account, request.user, form.cleaned_data.get("note", "")),
                       _("Posted: parents can see this month's canteen account now."), account.get_absolute_url())


@staff_required(perm="finance.post_canteenaccount")
@require_POST
def canteen_correct(request, pk):
    account = get_scoped_object_or_404(request, CanteenAccount, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the correction is for."))
        return redirect(account.get_absolute_url())
    return post_action(
        request, lambda: services.start_correction(account.campus, account.month, form.cleaned_data["reason"], request.user),
        _("A new revision was started; the posted one stays visible until you post this one."),
        lambda draft: draft.get_absolute_url() if draft is not None else account.get_absolute_url(),
    )


# --- reimbursements ----------------------------------------------------------------------------------


def _claims_for(request):
    qs = in_current_campus(request, Reimbursement).select_related("claimant__staff", "claimant__guardian")
    if not user_has_roles(request.user, FINANCE) and not request.user.is_superuser:
        qs = qs.filter(claimant=request.user)
    return qs


@staff_required(perm="finance.add_reimbursement")
def claim_list(request):
    claims = list(_claims_for(request)[:200])
    return render(request, "finance/claim_list.html", {"claims": claims})


@staff_required(perm="finance.add_reimbursement")
def claim_create(request):
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        claim = form.save(commit=False)
        claim.campus = request.campus
        with service_call(form) as call:
            services.submit_claim(claim, form.cleaned_data["photos"], request.user)
        if call.ok:
            messages.success(request, _("Claim submitted for the director's approval."))
            return redirect(claim.get_absolute_url())
    return render(request, "finance/claim_form.html", {"form": form})


@staff_required(perm="finance.add_reimbursement")
def claim_detail(request, pk):
    claim = get_object_or_404(_claims_for(request).select_related("approved_by__staff", "second_approved_by__staff", "paid_by__staff"), pk=pk)
    limit = FinanceSettings.for_campus(claim.campus).second_approval_amount
    return render(request, "finance/claim_detail.html", {
        "claim": claim, "photos": claim.photos.all(), "history": history_entries(claim), "limit": limit,
        "may_approve": request.user.has_perm("finance.approve_reimbursement")
        and claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_SECOND),
        "may_pay": request.user.has_perm("finance.pay_reimbursement") and claim.status == ClaimStatus.APPROVED,
        "reason_form": ReasonForm(), "pay_form": PayClaimForm(),
    })


@staff_required(perm="finance.add_reimbursement")
def claim_photo(request, pk):
    photo = get_object_or_404(ReceiptPhoto.objects.filter(claim__in=_claims_for(request)), pk=pk)
    try:
        return FileResponse(photo.image.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


def _claim_action(request, pk, action, success):
    claim = get_scoped_object_or_404(request, Reimbursement, campus=request.campus, pk=pk)
    return post_action(request, lambda: action(claim), success, claim.get_absolute_url())


@staff_required(perm="finance.approve_reimbursement")
@require_POST
def claim_approve(request, pk):
    return _claim_action(request, pk, lambda c: services.approve_claim(c, request.user), _("Approval recorded."))


@staff_required(perm="finance.approve_reimbursement")
@require_POST
def claim_reject(request, pk):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        claim = get_scoped_object_or_404(request, Reimbursement, campus=request.campus, pk=pk)
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(claim.get_absolute_url())
    return _claim_action(request, pk, lambda c: services.reject_claim(c, request.user, form.cleaned_data["reason"]),
                         _("Claim rejected."))


@staff_required(perm="finance.pay_reimbursement")
@require_POST
def claim_pay(request, pk):
    form = PayClaimForm(request.POST)
    method = form.cleaned_data["method"] if form.is_valid() else "cash"
    return _claim_action(request, pk, lambda c: services.pay_claim(c, request.user, method), _("Payment recorded."))


# --- monthly report --------------------------------------------------------------------------------


@staff_required(roles=FINANCE)
def report(request):
    month = month_param(request)
    return render(request, "finance/report.html", {"report": build_report(request.campus, month),
                                                   "prev": services.previous_month(month), "next": services.next_month(month)})


@staff_required(roles=FINANCE)
def report_pdf(request):
    month = month_param(request)
    return pdf_response(pdfs.render_report(build_report(request.campus, month), request), f"finance-report-{month:%Y-%m}.pdf")


# --- parent portal -------------------------------------------------------------------------------------


def _parent_bill(request, pk):
    bill = get_object_or_404(Bill.objects.select_related("child__classroom", "campus"), pk=pk,
                             child__guardians=request.guardian)
    return bill


@parent_required
def parent_fees(request, pk):
    child = get_child_for_user(request, pk)
    standard = services.standard_for(child.campus, timezone.localdate())
    standards = FeeStandard.objects.filter(campus=child.campus, published_at__isnull=False).select_related("term")
    return render(request, "finance/parent_fees.html", {
        "child": child, "standard": standard, "standards": standards,
        "rule_text": services.refund_rule_text(FinanceSettings.for_campus(child.campus)),
    })


@parent_required
def parent_statements(request, pk):
    child = get_child_for_user(request, pk)
    bills = arrears.annotate_bills(list(child.bills.order_by("-month")), timezone.localdate())  # each bill paid or due
    payments = LedgerEntry.objects.filter(child=child).exclude(bill__isnull=False, kind__in=["charge", "absence_refund"]).order_by("-created_at")[:50]
    balance = LedgerEntry.objects.filter(child=child).balance()
    rules = FinanceSettings.for_campus(child.campus)  # how to pay: the campus's instructions and QR code
    return render(request, "finance/parent_statements.html", {"child": child, "bills": bills, "payments": payments,
                                                              "balance": balance, "credit": -balance,
                                                              "payment_instructions": rules.payment_instructions,
                                                              "payment_qr": pdfs.payment_qr_uri(rules)})


@parent_required
def parent_statement(request, pk):
    bill = _parent_bill(request, pk)
    return render(request, "finance/bill_detail.html", pdfs.statement_context(bill) | {"staff_view": False})


@parent_required
def parent_statement_pdf(request, pk):
    return _statement_pdf(request, _parent_bill(request, pk))


def _parent_accounts(child):
    return CanteenAccount.objects.filter(campus_id=child.campus_id).exclude(status=AccountStatus.DRAFT)


@parent_required
def parent_canteen_list(request, pk):
    child = get_child_for_user(request, pk)
    accounts = _parent_accounts(child).order_by("-month", "-revision")
    return render(request, "finance/parent_canteen_list.html", {"child": child, "accounts": accounts})


@parent_required
def parent_canteen(request, pk, account):
    child = get_child_for_user(request, pk)
    account = get_object_or_404(_parent_accounts(child).select_related("campus", "posted_by"), pk=account)
    return render(request, "finance/parent_canteen.html", canteen_context(account) | {"child": child})


@parent_required
def parent_canteen_pdf(request, pk, account):
    child = get_child_for_user(request, pk)
    account = get_object_or_404(_parent_accounts(child).select_related("campus", "posted_by"), pk=account)
    return pdf_response(pdfs.render_canteen(account, request), f"canteen-{account.month:%Y-%m}-r{account.revision}.pdf")
