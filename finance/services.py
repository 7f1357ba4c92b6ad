"""Every write of the finance app. Views, the Celery task and the ``close_month`` command call these.

Money is Decimal yuan rounded to the fen with ROUND_HALF_UP. Ledger entries are only ever added.
"""

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from campus import attendance
from campus.calendar import SchoolCalendar
from campus.history import save_tracked, update_tracked
from campus.models import Campus, Child, Term
from campus.money import format_yuan
from kitchen import services as kitchen_services
from logistics import services as stores

from . import corrections, refunds
from .choices import (
    AccountStatus,
    BillLineKind,
    ClaimCategory,
    ClaimStatus,
    CloseStatus,
    CostKind,
    EntryKind,
    FeeItemPeriod,
    FoodCostBasis,
    PaymentMethod,
)
from .models import (
    ZERO,
    Bill,
    BillLine,
    CanteenAccount,
    CanteenAccountLine,
    CanteenCostLine,
    FeeStandard,
    FinanceSettings,
    LedgerEntry,
    MonthClose,
    ReceiptPhoto,
    Reimbursement,
)
from .money import (  # noqa: F401 - re-exported: services.fen, services.month_start, ...
    FEN,
    FinanceError,
    fen,
    local_range,
    month_end,
    month_start,
    next_month,
    parse_month,
    previous_month,
)

log = logging.getLogger(__name__)
# Bill lines that give meal money back: the month's refund and adjustments of earlier months' refunds.
REFUND_KINDS = [BillLineKind.MEAL_REFUND, BillLineKind.REFUND_ADJUSTMENT]


# --- fee standards -------------------------------------------------------------------------------


@transaction.atomic
def save_fee_standard(standard: FeeStandard, user, items=None, deleted=()) -> FeeStandard:
    """Create or change a fee standard; a published one is frozen (publish a new term's instead)."""
    if standard.pk:
        current = FeeStandard.objects.select_for_update().get(pk=standard.pk)
        if current.published_at:
            raise FinanceError(_("This fee standard is published to parents and can no longer be changed."))
    save_tracked(standard, user, clean=True)
    for item in deleted:
        if item.pk:
            item._history_user = user
            item.delete()
    for item in items or []:
        item.standard = standard
        save_tracked(item, user, clean=True)
    return standard


@transaction.atomic
def publish_fee_standard(standard: FeeStandard, user) -> FeeStandard:
    standard = FeeStandard.objects.select_for_update().get(pk=standard.pk)
    if standard.published_at:
        return standard
    standard.published_at, standard.published_by = timezone.now(), user
    save_tracked(standard, user, gettext_noop("published"))  # a key, translated when shown
    return standard


def update_settings(row: FinanceSettings, data: dict, user, reason="") -> FinanceSettings:
    """Change the campus's finance settings (refund rule, approval limit) to ``data``, with who changed them."""
    return update_tracked(row, data, user, reason)


def refund_rule_text(settings_row: FinanceSettings) -> str:
    """The refund rule in words, as posted for parents."""
    n = settings_row.refund_threshold_days
    rule = settings_row.refund_rule
    texts = {
        "every_day": _("The meal fee of every school day of absence is refunded on the next month's bill."),
        "beyond_n": _("For leave of more than %(n)d consecutive school days, the meal fee of the days beyond the "
                      "first %(n)d is refunded on the next month's bill.") % {"n": n},
        "n_minus_one": _("For leave of %(n)d or more consecutive school days, the meal fee of every day but the "
                         "first is refunded on the next month's bill.") % {"n": n},
        "sick_only": _("The meal fee of days of sick leave is refunded on the next month's bill."),
        "none": _("Meal fees are not refunded for absences."),
    }
    return texts[rule]


def standard_for(campus, day: dt.date, published_only=True) -> FeeStandard | None:
    qs = FeeStandard.objects.filter(campus=campus, term__starts_on__lte=day, term__ends_on__gte=day)
    if published_only:
        qs = qs.filter(published_at__isnull=False)
    return qs.select_related("term").prefetch_related("items").first()


# --- bills ----------------------------------------------------------------------------------------


class BillingContext:
    """Everything a month's bills need, loaded once for the campus (a constant number of queries)."""

    def __init__(self, campus: Campus, month: dt.date):
        self.campus, self.month = campus, month
        self.first, self.last = month, month_end(month)
        self.prev_first, self.prev_last = previous_month(month), month - dt.timedelta(days=1)
        self.settings = FinanceSettings.for_campus(campus)
        lookback = self.prev_first - dt.timedelta(days=45)
        calendar = SchoolCalendar(campus, lookback, self.last)
        all_days = calendar.school_days()
        self.window_days = [d for d in all_days if d <= self.prev_last]
        self.days = [d for d in all_days if self.first <= d <= self.last]
        standards = list(
            FeeStandard.objects.filter(campus=campus, term__starts_on__lte=self.last, term__ends_on__gte=lookback,
                                       published_at__isnull=False).select_related("term").prefetch_related("items")
        )
        self.standard_by_term = {s.term_id: s for s in standards}
        self.standards = standards

    def standard_on(self, day):
        for standard in self.standards:
            if standard.term.starts_on <= day <= standard.term.ends_on:
                return standard
        return None

    def load_children(self, child_ids=None):
        qs = Child.objects.filter(campus=self.campus).enrolled_between(self.prev_first, self.last)
        if child_ids is not None:
            qs = qs.filter(pk__in=child_ids)
        return list(qs.select_related("classroom").order_by("classroom__name", "name", "pk"))

    def load_absences(self, child_ids) -> dict:
        """child id -> {day: status} of the refundable absences of the look-back window and last month."""
        first = self.window_days[0] if self.window_days else self.prev_first
        return attendance.statuses_between(child_ids, first, self.prev_last, refunds.REFUNDABLE_STATUSES)

    def load_charged_meals(self, child_ids) -> dict:
        """child id -> {day: unit price} of the meal days charged on last month's bill."""
        result = defaultdict(dict)
        lines = BillLine.objects.filter(
            bill__child_id__in=child_ids, bill__month=self.prev_first, kind=BillLineKind.MEAL
        ).values_list("bill__child_id", "days", "unit_price")
        for child_id, days, price in lines:
            for day in days:
                result[child_id][dt.date.fromisoformat(day)] = price
        return result

    def load_term_items_billed(self, child_ids) -> set:
        """(child id, standard id, item name) already billed for once-a-term items."""
        lines = BillLine.objects.filter(
            bill__child_id__in=child_ids, kind=BillLineKind.OTHER, bill__month__lt=self.first,
            bill__month__gte=month_start(self.first - dt.timedelta(days=200)),
        ).values_list("bill__child_id", "description")
        return {(child_id, description) for child_id, description in lines}


def plan_bill(ctx: BillingContext, child: Child, absences: dict, charged: dict, term_items_billed: set,
              adjustments=()) -> list[dict]:
    """The lines of a child's bill for the month (dicts), nothing saved. ``adjustments`` are the
    lines of earlier months' corrected refunds (``corrections.adjustment_lines``)."""
    lines = []
    month_label = ctx.first.strftime("%Y-%m")
    enrolled = [d for d in ctx.days if child.enrolled_on <= d and (child.left_on is None or d <= child.left_on)]
    if enrolled:
        standard = ctx.standard_on(enrolled[0])
        if standard is None:
            raise FinanceError(
                _("No published fee standard covers %(day)s for %(campus)s: publish the term's fees first.")
                % {"day": enrolled[0], "campus": ctx.campus}
            )
        month_days = [d for d in ctx.days if standard.term.starts_on <= d <= standard.term.ends_on]
        if len(enrolled) == len(month_days):
            care = standard.care_fee_month
            care_text = _("Care fee %(month)s") % {"month": month_label}
        else:
            care = fen(standard.care_fee_month * len(enrolled) / len(month_days))
            care_text = _("Care fee %(month)s, %(days)d of %(all)d school days") % {
                "month": month_label, "days": len(enrolled), "all": len(month_days)}
        if care:
            lines.append({"kind": BillLineKind.CARE, "description": care_text, "quantity": Decimal(len(enrolled)),
                          "unit_price": standard.care_fee_month, "amount": care, "period": ctx.first, "days": []})
        meal = fen(standard.meal_fee_day * len(enrolled))
        if meal:
            lines.append({"kind": BillLineKind.MEAL,
                          "description": _("Meal fee %(month)s, %(days)d school days") % {"month": month_label,
                                                                                        "days": len(enrolled)},
                          "quantity": Decimal(len(enrolled)), "unit_price": standard.meal_fee_day, "amount": meal,
                          "period": ctx.first, "days": [d.isoformat() for d in enrolled]})
        for item in standard.items.all():
            if item.period == FeeItemPeriod.TERM:
                if (child.pk, item.name) in term_items_billed:
                    continue
                description = item.name
            else:
                description = item.name
            lines.append({"kind": BillLineKind.OTHER, "description": description, "quantity": Decimal(1),
                          "unit_price": item.amount, "amount": item.amount, "period": ctx.first, "days": []})
    # Last month's absences, under the campus's rule, only for days whose meal fee was charged.
    days = refunds.refundable_days(ctx.settings.refund_rule, ctx.settings.refund_threshold_days, ctx.window_days,
                                   absences, ctx.prev_first, ctx.prev_last)
    days = [d for d in days if d in charged]
    if days:
        by_price = defaultdict(list)
        for day in days:
            by_price[charged[day]].append(day)
        for price, price_days in sorted(by_price.items()):
            lines.append({
                "kind": BillLineKind.MEAL_REFUND,
                "description": _("Meal fee refund %(month)s, %(days)d days of absence") % {
                    "month": ctx.prev_first.strftime("%Y-%m"), "days": len(price_days)},
                "quantity": Decimal(len(price_days)), "unit_price": price, "amount": -fen(price * len(price_days)),
                "period": ctx.prev_first, "days": [d.isoformat() for d in price_days],
            })
    lines.extend(adjustments)
    return lines


def create_bill(ctx: BillingContext, child: Child, lines: list[dict], user=None) -> Bill | None:
    """One child's bill with its ledger entries, in its own transaction; None when it exists already."""
    if not lines:
        return None
    enrolled = sum(1 for d in ctx.days if child.enrolled_on <= d and (child.left_on is None or d <= child.left_on))
    try:
        with transaction.atomic():
            opening = LedgerEntry.objects.filter(child=child).balance()
            total = sum((line["amount"] for line in lines), ZERO)
            bill = Bill(
                campus=ctx.campus, child=child, month=ctx.first, school_days=len(ctx.days), enrolled_days=enrolled,
                opening_balance=opening, total=total, amount_due=opening + total,
                due_on=timezone.localdate() + dt.timedelta(days=ctx.settings.days_to_pay), is_settlement=enrolled == 0,
            )
            save_tracked(bill, user)
            bill_lines = BillLine.objects.bulk_create([BillLine(bill=bill, **line) for line in lines])
            entries = [
                LedgerEntry(
                    campus=ctx.campus, child=child, bill=bill, bill_line=line,
                    kind=EntryKind.ABSENCE_REFUND if line.kind == BillLineKind.MEAL_REFUND or (
                        line.kind == BillLineKind.REFUND_ADJUSTMENT and line.amount < 0) else EntryKind.CHARGE,
                    amount=line.amount, note=line.description, created_by=user,
                )
                for line in bill_lines
                if line.amount
            ]
            bulk_create_with_history(entries, LedgerEntry, default_user=user)
    except IntegrityError:
        if Bill.objects.filter(child=child, month=ctx.first).exists():
            return None  # another run made it first
        raise
    return bill


def bill_child(child: Child, month: dt.date, user=None) -> Bill | None:
    """The bill of one child for a month (used by tests and for a child joining after the close)."""
    ctx = BillingContext(child.campus, month)
    if Bill.objects.filter(child=child, month=month).exists():
        return None
    return create_bill(
        ctx, child, plan_bill(ctx, child, ctx.load_absences([child.pk])[child.pk], ctx.load_charged_meals([child.pk])[child.pk],
                              ctx.load_term_items_billed([child.pk]),
                              corrections.adjustment_lines(ctx, [child]).get(child.pk, ())),
        user,
    )


# --- payments, refunds, reversals ----------------------------------------------------------------


def _positive(amount) -> Decimal:
    try:
        value = fen(amount)
    except Exception:  # noqa: BLE001 - decimal.InvalidOperation and friends
        raise FinanceError(_("Enter an amount in yuan, e.g. 350.00.")) from None
    if value <= 0:
        raise FinanceError(_("The amount must be more than zero."))
    return value


RECEIPT_COUNTER_SQL = (
    "INSERT INTO finance_receiptcounter (campus_id, day, last) VALUES (%s, %s, %s) "
    "ON CONFLICT (campus_id, day) DO UPDATE SET last = finance_receiptcounter.last + 1 RETURNING last"
)


def _take_receipt_number(campus_id: int, day: dt.date, start: int) -> int:
    """The next number of the campus's day from its counter row, in a transaction of its own on
    PostgreSQL (like a sequence: the row is locked for a moment, not until the payment commits, so
    concurrent payments of one campus never wait on each other; a payment that fails afterwards
    leaves a gap). SQLite writes one transaction at a time anyway: there it is counted in place."""
    params = [campus_id, day, start]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(RECEIPT_COUNTER_SQL, params)
            return cursor.fetchone()[0]
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:  # autocommit: this statement is its own transaction
            cursor.execute(RECEIPT_COUNTER_SQL, params)
            return cursor.fetchone()[0]
    finally:
        side.close()


def next_receipt_no(campus, day: dt.date) -> str:
    """``CODE-YYYYMMDD-NNN``: the campus's receipts of the day in order, as a cashier reads them."""
    prefix = f"{campus.code.upper()}-{day:%Y%m%d}-"
    # A counter row's first number follows the receipts written before counters existed.
    start = LedgerEntry.objects.filter(campus=campus, receipt_no__startswith=prefix).count() + 1
    while True:
        receipt_no = f"{prefix}{_take_receipt_number(campus.pk, day, start):03d}"
        # A number the cashier typed by hand is skipped, not given twice.
        if not LedgerEntry.objects.filter(campus=campus, receipt_no=receipt_no, kind=EntryKind.PAYMENT).exists():
            return receipt_no


def _lock_child(child: Child) -> None:
    """One money movement at a time per child: the child's row only (no ordering join that would
    also lock its class or campus and make every payment of the campus queue behind this one)."""
    list(Child.objects.select_for_update(of=("self",)).filter(pk=child.pk).order_by().values_list("pk"))


@transaction.atomic
def record_payment(child: Child, amount, method: str, user, receipt_no: str = "", note: str = "") -> LedgerEntry:
    value = _positive(amount)
    _lock_child(child)
    receipt_no = receipt_no.strip()
    # A number typed as pages show it (20250303001) is the generated one it stands for.
    same = [receipt_no] + ([f"{child.campus.code.upper()}-{receipt_no[:8]}-{receipt_no[8:]}"]
                           if len(receipt_no) >= 11 and receipt_no.isdigit() else [])
    if receipt_no and LedgerEntry.objects.filter(campus_id=child.campus_id, receipt_no__in=same,
                                                 kind=EntryKind.PAYMENT).exists():
        raise FinanceError(_("Receipt number %(no)s is already used.") % {"no": receipt_no})
    receipt_no = receipt_no or next_receipt_no(child.campus, timezone.localdate())
    entry = LedgerEntry(campus_id=child.campus_id, child=child, kind=EntryKind.PAYMENT, amount=-value, method=method,
                        receipt_no=receipt_no, note=note, created_by=user)
    save_tracked(entry, user)
    return entry


@transaction.atomic
def record_refund(child: Child, amount, method: str, user, note: str = "") -> LedgerEntry:
    """Money paid back to the family, at most what the kindergarten owes them."""
    value = _positive(amount)
    _lock_child(child)
    credit = -LedgerEntry.objects.filter(child=child).balance()
    if value > credit:
        raise FinanceError(_("The refund is more than the family's credit of ¥%(credit)s.") % {"credit": format_yuan(max(credit, ZERO), symbol=False)})
    entry = LedgerEntry(campus_id=child.campus_id, child=child, kind=EntryKind.REFUND_PAID, amount=value, method=method,
                        note=note, created_by=user)
    save_tracked(entry, user)
    return entry


@transaction.atomic
def reverse_entry(entry: LedgerEntry, reason: str, user) -> LedgerEntry:
    """Correct a mistake: a new entry of the opposite amount, with the reason; the original stays."""
    reason = (reason or "").strip()
    if not reason:
        raise FinanceError(_("Say why the entry is reversed."))
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise FinanceError(_("A reversal cannot be reversed; record a new entry instead."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise FinanceError(_("This entry has already been reversed."))
    reversal = LedgerEntry(campus_id=entry.campus_id, child_id=entry.child_id, kind=EntryKind.REVERSAL, amount=-entry.amount,
                           bill_id=entry.bill_id, method=entry.method, reverses=entry, reason=reason,
                           note=_("Reversal of %(entry)s") % {"entry": entry.get_kind_display()}, created_by=user)
    save_tracked(reversal, user)
    return reversal


# --- term-end settlement ---------------------------------------------------------------------------


class Settlement:
    """Where a term's accounts stand: the children enrolled in it with a credit to pay back or a
    balance still owed, and whether the settlement month (the one after the term's last month,
    whose close credits the last absences) has been closed."""

    def __init__(self, campus, term: Term):
        self.campus, self.term = campus, term
        self.month = next_month(month_start(term.ends_on))
        self.closed = MonthClose.objects.filter(campus=campus, month=self.month, status=CloseStatus.DONE).exists()
        children = list(
            Child.objects.filter(campus=campus).enrolled_between(term.starts_on, term.ends_on)
            .select_related("classroom").order_by("classroom__name", "name", "pk")
        )
        totals = balances([child.pk for child in children])
        for child in children:
            child.balance = totals[child.pk]
            child.credit = -child.balance
        self.credits = [child for child in children if child.balance < 0]
        self.owed = [child for child in children if child.balance > 0]
        self.credit_total = sum((child.credit for child in self.credits), ZERO)
        self.owed_total = sum((child.balance for child in self.owed), ZERO)


@transaction.atomic
def refund_credits(campus, term: Term, child_ids, method: str, user) -> list[LedgerEntry]:
    """Pay back, in one go, what the kindergarten owes each chosen child at term end: one
    "refund paid out" entry of exactly the credit. A child without credit (already paid back,
    another campus) gets nothing, so a second submit refunds nothing twice."""
    if method not in PaymentMethod.values:
        raise FinanceError(_("Choose how the money is paid back."))
    children = list(Child.objects.select_for_update(of=("self",)).filter(campus=campus, pk__in=list(child_ids))
                    .order_by("pk"))
    totals = balances([child.pk for child in children])
    note = _("Term-end settlement: %(term)s") % {"term": term.name}
    entries = [
        LedgerEntry(campus=campus, child=child, kind=EntryKind.REFUND_PAID, amount=-totals[child.pk], method=method,
                    note=note, created_by=user)
        for child in children
        if totals[child.pk] < 0
    ]
    bulk_create_with_history(entries, LedgerEntry, default_user=user, default_change_reason=note)
    return entries


def balances(child_ids) -> dict:
    rows = LedgerEntry.objects.filter(child_id__in=child_ids).values("child_id").annotate(total=Sum("amount"))
    result = dict.fromkeys(child_ids, ZERO)
    result.update({row["child_id"]: fen(row["total"]) for row in rows})
    return result


# --- canteen account -----------------------------------------------------------------------------


def food_lines(campus, first: dt.date, last: dt.date, basis: str = FoodCostBasis.ACCEPTED) -> list[dict]:
    """The month's food cost lines (each with its ``source``), never counting a delivery twice.

    ``accepted``: food accepted in the kitchen (the kitchen app's acceptance records). ``issued``: what the
    food store issued to the kitchen per day (``logistics.services.food_issued_value``, net of reversals),
    plus the accepted lines that never went into the food store (fresh food cooked the day it came): a
    line kept in the store is counted when it is issued, not when it was accepted."""
    accepted = list(kitchen_services.accepted_food_lines(campus, first, last))  # Acceptance rows with supplier_name
    if basis == FoodCostBasis.ISSUED:
        stocked = stores.stocked_acceptance_ids(accepted)
        accepted = [line for line in accepted if line.pk not in stocked]
    result = []
    for line in accepted:
        description = f"{line.item}（{line.supplier_name}）" if line.supplier_name else str(line.item)
        result.append({"day": line.date, "description": description, "quantity": f"{line.quantity.normalize():f}{line.unit}",
                       "amount": fen(line.amount), "source": "kitchen"})
    if basis == FoodCostBasis.ISSUED:
        for day, value in stores.food_issued_value(campus, first, last).items():
            if value:
                result.append({"day": day, "description": _("Issued from the food store"), "quantity": "",
                               "amount": fen(value), "source": "store"})
        result.sort(key=lambda x: (x["day"], x["source"] != "store"))
    return result


def _term_for_month(campus, month: dt.date):
    return Term.objects.filter(campus=campus, starts_on__lte=month_end(month), ends_on__gte=month).order_by("starts_on").first()


def calculate_account(campus, month: dt.date) -> tuple[dict, list[dict]]:
    """The canteen account's figures and lines for a month, from the bills, attendance and costs."""
    first, last = month, month_end(month)
    settings_row = FinanceSettings.for_campus(campus)
    meal_income = BillLine.objects.filter(bill__campus=campus, kind=BillLineKind.MEAL, period=month).aggregate(
        s=Sum("amount"))["s"] or ZERO
    # Refund adjustments (attendance corrected after an earlier month's bill) count in the month they are billed.
    refunded = -(BillLine.objects.filter(bill__campus=campus, kind__in=REFUND_KINDS, period=month).aggregate(
        s=Sum("amount"))["s"] or ZERO)
    # Meal charges or refunds reversed in the ledger (a wrong bill line) come out of the income too.
    reversed_meal = LedgerEntry.objects.filter(
        campus=campus, kind=EntryKind.REVERSAL, reverses__bill_line__period=month,
        reverses__bill_line__kind__in=[BillLineKind.MEAL, *REFUND_KINDS],
    ).aggregate(s=Sum("amount"))["s"] or ZERO
    meal_income, refunded, reversed_meal = fen(meal_income), fen(refunded), fen(reversed_meal)
    income = meal_income - refunded + reversed_meal
    lines = []
    basis = settings_row.food_cost_basis
    for line in food_lines(campus, first, last, basis):
        lines.append({"kind": CostKind.FOOD, **line})
    for cost in CanteenCostLine.objects.filter(campus=campus, month=month).order_by("id"):
        lines.append({"kind": cost.kind, "source": "manual", "day": None, "description": cost.description,
                      "quantity": cost.quantity, "amount": cost.amount})
    claims = Reimbursement.objects.filter(campus=campus, category=ClaimCategory.CANTEEN, status=ClaimStatus.PAID,
                                          spent_on__range=(first, last))
    for claim in claims:
        lines.append({"kind": CostKind.OTHER, "source": "claim", "day": claim.spent_on, "description": claim.title,
                      "quantity": "", "amount": claim.amount})
    food = sum((x["amount"] for x in lines if x["kind"] == CostKind.FOOD), ZERO)
    other = sum((x["amount"] for x in lines if x["kind"] == CostKind.OTHER), ZERO)
    staff = sum((x["amount"] for x in lines if x["kind"] == CostKind.STAFF_MEALS), ZERO)
    spending = food + other - staff
    meal_days = attendance.present_child_days(campus, first, last)
    figures = {
        "meal_income": meal_income, "refunds": refunded, "income": income, "food_cost": food, "other_cost": other,
        "staff_meals": staff, "spending": spending, "balance": income - spending, "child_meal_days": meal_days,
        "cost_per_meal_day": fen(spending / meal_days) if meal_days else ZERO,
        "warning_limit": settings_row.surplus_warning_percent, "food_basis": basis,
    }
    term = _term_for_month(campus, month)
    figures["term"] = term
    term_income, term_spending = income, spending
    if term:
        earlier = CanteenAccount.objects.filter(campus=campus, month__gte=month_start(term.starts_on), month__lt=month).exclude(
            status=AccountStatus.SUPERSEDED)
        latest = {}
        for account in earlier.order_by("month", "revision"):
            latest[account.month] = account  # the newest revision of each month
        term_income += sum((a.income for a in latest.values()), ZERO)
        term_spending += sum((a.spending for a in latest.values()), ZERO)
    figures["term_income"] = term_income
    figures["term_balance"] = term_income - term_spending
    figures["term_percent"] = fen(figures["term_balance"] * 100 / term_income) if term_income else ZERO
    return figures, lines


def _write_account(account: CanteenAccount, figures: dict, lines: list[dict], user) -> None:
    for key, value in figures.items():
        setattr(account, key, value)
    account.calculated_at = timezone.now()
    save_tracked(account, user)
    account.lines.all().delete()
    CanteenAccountLine.objects.bulk_create([
        CanteenAccountLine(account=account, kind=x["kind"], day=x.get("day"), description=x["description"][:200],
                           quantity=x.get("quantity") or "", amount=x["amount"], source=x["source"])
        for x in lines
    ])


@transaction.atomic
def refresh_canteen_draft(campus, month: dt.date, user=None) -> CanteenAccount | None:
    """Create or recalculate the month's draft. A posted month is left alone (a correction is a new
    revision the director starts on purpose)."""
    accounts = list(CanteenAccount.objects.select_for_update().filter(campus=campus, month=month))
    draft = next((a for a in accounts if a.status == AccountStatus.DRAFT), None)
    if draft is None:
        if accounts:
            return None
        draft = CanteenAccount(campus=campus, month=month, revision=1)
    figures, lines = calculate_account(campus, month)
    _write_account(draft, figures, lines, user)
    return draft


@transaction.atomic
def start_correction(campus, month: dt.date, reason: str, user) -> CanteenAccount:
    """A new draft revision of a posted month; the posted one stays visible until this is posted."""
    reason = (reason or "").strip()
    if not reason:
        raise FinanceError(_("Say what the correction is for."))
    accounts = list(CanteenAccount.objects.select_for_update().filter(campus=campus, month=month))
    if any(a.status == AccountStatus.DRAFT for a in accounts):
        raise FinanceError(_("A draft of this month is already open."))
    if not accounts:
        raise FinanceError(_("This month has no canteen account yet."))
    revision = max(a.revision for a in accounts) + 1
    draft = CanteenAccount(campus=campus, month=month, revision=revision, correction_reason=reason)
    figures, lines = calculate_account(campus, month)
    _write_account(draft, figures, lines, user)
    return draft


@transaction.atomic
def post_account(account: CanteenAccount, user, note: str = "") -> CanteenAccount:
    account = CanteenAccount.objects.select_for_update().get(pk=account.pk)
    if account.status != AccountStatus.DRAFT:
        raise FinanceError(_("Only a draft can be posted."))
    for old in CanteenAccount.objects.select_for_update().filter(campus=account.campus, month=account.month,
                                                                status=AccountStatus.POSTED):
        old.status = AccountStatus.SUPERSEDED
        save_tracked(old, user, _("superseded by revision %(n)d") % {"n": account.revision})
    account.status, account.posted_at, account.posted_by = AccountStatus.POSTED, timezone.now(), user
    if note:
        account.note = note
    save_tracked(account, user, gettext_noop("posted"))  # a key, translated when shown
    return account


@transaction.atomic
def add_cost_line(campus, month: dt.date, kind: str, description: str, amount, user, quantity: str = "") -> CanteenCostLine:
    try:
        value = fen(amount)
    except Exception:  # noqa: BLE001
        raise FinanceError(_("Enter an amount in yuan, e.g. 350.00.")) from None
    if not value:
        raise FinanceError(_("The amount must not be zero."))
    line = CanteenCostLine(campus=campus, month=month_start(month), kind=kind, description=description, amount=value,
                           quantity=quantity, entered_by=user)
    save_tracked(line, user)
    refresh_canteen_draft(campus, line.month, user)
    return line


def current_account(campus, month):
    """The account shown for a month: the open draft for staff, else the posted revision."""
    return CanteenAccount.objects.filter(campus=campus, month=month).order_by("-revision").first()


# --- reimbursements --------------------------------------------------------------------------------


@transaction.atomic
def submit_claim(claim: Reimbursement, photos, user) -> Reimbursement:
    if not photos:
        raise FinanceError(_("Add at least one photo of the receipt."), field="photos")
    claim.claimant = user
    claim.status = ClaimStatus.SUBMITTED
    save_tracked(claim, user, clean=True)
    for photo in photos:
        ReceiptPhoto.objects.create(claim=claim, image=photo)
    return claim


@transaction.atomic
def approve_claim(claim: Reimbursement, user) -> Reimbursement:
    claim = Reimbursement.objects.select_for_update().get(pk=claim.pk)
    if claim.claimant_id == user.pk:
        raise FinanceError(_("You cannot approve your own claim."))
    limit = FinanceSettings.for_campus(claim.campus).second_approval_amount
    now = timezone.now()
    if claim.status == ClaimStatus.SUBMITTED:
        claim.approved_by, claim.approved_at = user, now
        claim.status = ClaimStatus.NEEDS_SECOND if claim.amount > limit else ClaimStatus.APPROVED
    elif claim.status == ClaimStatus.NEEDS_SECOND:
        if claim.approved_by_id == user.pk:
            raise FinanceError(_("The second approval must come from another person."))
        claim.second_approved_by, claim.second_approved_at = user, now
        claim.status = ClaimStatus.APPROVED
    else:
        raise FinanceError(_("This claim is not waiting for approval."))
    save_tracked(claim, user)
    return claim


@transaction.atomic
def reject_claim(claim: Reimbursement, user, reason: str) -> Reimbursement:
    claim = Reimbursement.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_SECOND):
        raise FinanceError(_("This claim is not waiting for approval."))
    if not (reason or "").strip():
        raise FinanceError(_("Say why the claim is rejected."))
    claim.status, claim.rejection_reason = ClaimStatus.REJECTED, reason.strip()
    save_tracked(claim, user)
    return claim


@transaction.atomic
def pay_claim(claim: Reimbursement, user, method: str) -> Reimbursement:
    claim = Reimbursement.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED:
        raise FinanceError(_("Only an approved claim can be paid."))
    claim.status, claim.paid_by, claim.paid_at, claim.method = ClaimStatus.PAID, user, timezone.now(), method
    save_tracked(claim, user)
    if claim.category == ClaimCategory.CANTEEN:
        refresh_canteen_draft(claim.campus, month_start(claim.spent_on), user)
    return claim


def month_payments(campus, first, last):
    start, end = local_range(first, last)
    return LedgerEntry.objects.filter(campus=campus, created_at__gte=start, created_at__lt=end)



@transaction.atomic
def claim_for_purchase(campus, *, title: str, amount, spent_on, claimant, approved_by, approved_at,
                       second_approved_by=None, second_approved_at=None, category=ClaimCategory.OTHER,
                       user=None) -> Reimbursement:
    """A claim for goods bought on an approved purchase request and received into stock (logistics):
    the amount comes from the receipt, the approvals from the request, so nobody types it again. It
    waits for the cashier to pay it (``pay_claim``); no receipt photo is asked (the receipt note and
    the request are its papers)."""
    amount = fen(amount)
    if amount <= 0:
        raise FinanceError(_("The amount must be above zero."), field="amount")
    if approved_by is None:
        raise FinanceError(_("Only an approved purchase can be handed to finance."))
    claim = Reimbursement(
        campus=campus, claimant=claimant, title=title[:120], category=category, amount=amount, spent_on=spent_on,
        status=ClaimStatus.APPROVED, approved_by=approved_by, approved_at=approved_at,
        second_approved_by=second_approved_by, second_approved_at=second_approved_at,
    )
    return save_tracked(claim, user or claimant, gettext_noop("from a purchase received into stock"), clean=True)
