"""Read-only figures: the canteen disclosure's context and the monthly finance report."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .arrears import owed
from .choices import AccountStatus, BillLineKind, ClaimStatus, CostKind, EntryKind, PaymentMethod
from .models import ZERO, Bill, BillLine, CanteenAccount, LedgerEntry, Reimbursement
from .money import fen, local_range, month_end


def canteen_context(account: CanteenAccount) -> dict:
    lines = list(account.lines.all())
    groups = []
    for kind in (CostKind.FOOD, CostKind.OTHER, CostKind.STAFF_MEALS):
        rows = [line for line in lines if line.kind == kind]
        if rows:
            # food lines come from the kitchen or the food store as well as by hand: the group is just "Food"
            label = _("Food") if kind == CostKind.FOOD else kind.label
            groups.append({"kind": kind, "label": label, "rows": rows, "total": sum((r.amount for r in rows), ZERO)})
    revisions = list(
        CanteenAccount.objects.filter(campus_id=account.campus_id, month=account.month).exclude(pk=account.pk)
        .exclude(status=AccountStatus.DRAFT).order_by("revision")
    )
    return {"account": account, "campus": account.campus, "groups": groups, "revisions": revisions,
            "printed_on": timezone.localdate()}


@dataclass
class MonthlyReport:
    campus: object
    month: object
    billed: dict = field(default_factory=dict)  # line kind -> amount
    billed_total: Decimal = ZERO
    refunds_credited: Decimal = ZERO
    refund_days: int = 0
    bills: int = 0
    received: list = field(default_factory=list)  # (method label, count, amount)
    received_total: Decimal = ZERO
    refunds_paid: Decimal = ZERO
    reversals: Decimal = ZERO
    reversal_count: int = 0
    outstanding: list = field(default_factory=list)
    outstanding_total: Decimal = ZERO
    claims: list = field(default_factory=list)  # (category label, count, amount)
    claims_total: Decimal = ZERO
    canteen: object = None
    printed_on: object = None

    @property
    def spending_total(self) -> Decimal:
        return self.claims_total + self.refunds_paid


def build_report(campus, month) -> MonthlyReport:
    """Income, spending, outstanding fees and refunds of a campus for a month (a fixed number of queries)."""
    first, last = month, month_end(month)
    report = MonthlyReport(campus=campus, month=month, printed_on=timezone.localdate())
    labels = dict(BillLineKind.choices)
    rows = (BillLine.objects.filter(bill__campus=campus, bill__month=month).values("kind")
            .annotate(total=Sum("amount"), n=Count("id"), q=Sum("quantity")))
    for row in rows:
        if row["kind"] == BillLineKind.MEAL_REFUND:
            report.refunds_credited = -fen(row["total"])
            report.refund_days = int(row["q"] or 0)
        else:
            report.billed[labels[row["kind"]]] = fen(row["total"])
    report.billed_total = sum(report.billed.values(), ZERO)
    report.bills = Bill.objects.filter(campus=campus, month=month).count()
    start, end = local_range(first, last)
    entries = LedgerEntry.objects.filter(campus=campus, created_at__gte=start, created_at__lt=end)
    methods = dict(PaymentMethod.choices)
    by_method = defaultdict(lambda: [0, ZERO])
    for row in entries.filter(kind=EntryKind.PAYMENT).values("method").annotate(n=Count("id"), total=Sum("amount")):
        by_method[row["method"]] = [row["n"], -fen(row["total"])]
    for row in entries.filter(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.PAYMENT).values("method").annotate(
            n=Count("id"), total=Sum("amount")):
        by_method[row["method"]][1] -= fen(row["total"])
    report.received = [(methods.get(m, m), v[0], v[1]) for m, v in sorted(by_method.items())]
    report.received_total = sum((v[1] for v in by_method.values()), ZERO)
    report.refunds_paid = fen(entries.filter(kind=EntryKind.REFUND_PAID).aggregate(s=Sum("amount"))["s"] or ZERO)
    reversal = entries.filter(kind=EntryKind.REVERSAL).aggregate(s=Sum("amount"), n=Count("id"))
    report.reversals, report.reversal_count = fen(reversal["s"] or ZERO), reversal["n"]
    report.outstanding = owed(campus, report.printed_on).overdue  # arrears: unpaid past the due date
    report.outstanding_total = sum((row["total"] for row in report.outstanding), ZERO)
    categories = dict(Reimbursement._meta.get_field("category").choices)
    claims = (Reimbursement.objects.filter(campus=campus, status=ClaimStatus.PAID, paid_at__gte=start, paid_at__lt=end)
              .values("category").annotate(n=Count("id"), total=Sum("amount")).order_by("category"))
    report.claims = [(categories.get(row["category"], row["category"]), row["n"], fen(row["total"])) for row in claims]
    report.claims_total = sum((row[2] for row in report.claims), ZERO)
    report.canteen = (CanteenAccount.objects.filter(campus=campus, month=month).exclude(status=AccountStatus.SUPERSEDED)
                      .order_by("-revision").first())
    return report
