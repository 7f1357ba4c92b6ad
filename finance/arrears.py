"""What families still owe, bill by bill, and what of it is overdue (欠费).

A child's balance is the sum of its ledger entries (``models.LedgerEntry``). Payments are not tied to
a bill: they pay the oldest charges first. So of a child's balance, the part that belongs to the
bills issued after a given bill is the sum of those bills' entries, and the rest is still owed on
that bill and the ones before it (a bill's amount due carries the earlier balance forward).

- a bill's **outstanding** amount: ``balance now − entries of later bills``, between 0 and the bill's
  own charges (``total``; the balance it brought forward is outstanding on the earlier bills), so
  the outstanding amounts of all a child's bills add up to what the child owes;
- a bill is **paid** when nothing is outstanding, **overdue** when something is and its ``due_on`` has
  passed, otherwise **unpaid** (issued, not yet due);
- a child's **arrears**: the balance less the (positive) entries of bills not yet due, when positive.

Every function here is a fixed number of queries.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ZERO, Bill, LedgerEntry
from .money import fen

PAID, UNPAID, OVERDUE = "paid", "unpaid", "overdue"
STATES = {UNPAID: _("Unpaid"), OVERDUE: pgettext_lazy("bill", "Overdue"), PAID: pgettext_lazy("bill", "Paid")}


def _clamp(value, high) -> Decimal:
    return fen(max(ZERO, min(value, max(high, ZERO))))


def annotate_bills(bills: list[Bill], today: dt.date) -> list[Bill]:
    """Set ``billed``, ``outstanding``, ``paid``, ``state`` and ``state_label`` on bills (one query)."""
    if not bills:
        return bills
    rows = (LedgerEntry.objects.filter(child_id__in={bill.child_id for bill in bills})
            .values("child_id", "bill__month").annotate(total=Sum("amount")).order_by())
    by_child = defaultdict(list)
    for row in rows:
        by_child[row["child_id"]].append((row["bill__month"], row["total"]))
    for bill in bills:
        sums = by_child.get(bill.child_id, [])
        balance = sum((total for _month, total in sums), ZERO)
        later = sum((total for month, total in sums if month is not None and month > bill.month), ZERO)
        bill.billed = fen(max(bill.total, ZERO))
        bill.outstanding = _clamp(balance - later, bill.total)
        bill.paid = bill.billed - bill.outstanding
        if bill.outstanding <= 0:
            bill.state = PAID
        else:
            bill.state = OVERDUE if bill.due_on < today else UNPAID
        bill.state_label = STATES[bill.state]
    return bills


def bill_totals(bills) -> dict:
    return {
        "billed": sum((bill.billed for bill in bills), ZERO),
        "paid": sum((bill.paid for bill in bills), ZERO),
        "outstanding": sum((bill.outstanding for bill in bills), ZERO),
    }


@dataclass
class Owed:
    """A campus's money owed today: all unpaid, and the part past its due date (arrears)."""

    unpaid_total: Decimal = ZERO
    unpaid_children: int = 0
    overdue_total: Decimal = ZERO
    overdue_children: int = 0
    overdue: list = None  # rows: child_id, child__name, child__classroom__name, total (largest first)
    accounts: int = 0  # children with any bill or payment: none means nothing is known, not "all paid"


def owed(campus, today: dt.date) -> Owed:
    """What the campus's families owe today, and what of it is overdue (one query)."""
    rows = (
        LedgerEntry.objects.filter(campus=campus).values("child_id", "child__name", "child__classroom__name")
        .annotate(balance=Sum("amount"), pending=Sum("amount", filter=Q(bill__due_on__gte=today)))
        .order_by()
    )
    result = Owed(overdue=[])
    for row in rows:
        result.accounts += 1
        balance = fen(row.pop("balance"))
        if balance <= 0:
            continue
        overdue = fen(balance - max(row.pop("pending") or ZERO, ZERO))
        result.unpaid_total += balance
        result.unpaid_children += 1
        if overdue > 0:
            row["total"] = overdue
            result.overdue.append(row)
            result.overdue_total += overdue
    result.overdue_children = len(result.overdue)
    result.overdue.sort(key=lambda row: (-row["total"], row["child__name"]))
    return result
