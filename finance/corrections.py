"""Attendance corrected after its month's refunds were billed reaches the child's next bill.

A month's absences are refunded on the next month's bill. When a day of a month already refunded
is corrected afterwards (through ``campus.services``, which stamps ``recorded_at``), the bill that
refunded it is never edited: the next bill gets adjustment lines, a refund added (a day now on
leave) or withdrawn (a day now present), naming the child, the days and what they are now.

Nothing is stored on the side: at bill time the refunds a child got for the months before (refund
lines and earlier adjustment lines) are compared with what the refund rule gives on today's
attendance, for the children with a record saved after the bill that refunded its month. So a
rerun adds nothing twice (the adjustment already billed is counted as refunded), and a correction
reversed before the next bill cancels out. A month is refunded again under the rule it was billed
under (the settings' history), so changing the rule later changes no past month.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from campus import attendance
from campus.calendar import SchoolCalendar
from campus.choices import AttendanceStatus

from .choices import BillLineKind
from .models import Bill, BillLine, FinanceSettings
from .money import fen, month_end, month_start, next_month, previous_month
from .refunds import REFUNDABLE_STATUSES, refundable_days

LOOKBACK_MONTHS = 6  # corrections of months older than this (before the billed month) are not billed
RUN_LOOKBACK = dt.timedelta(days=45)  # as BillingContext: a run of leave may start before the month
DESCRIPTION_LENGTH = 200


def _day_text(day: dt.date, status) -> str:
    if status is None:
        label = _("not recorded")
    elif status in AttendanceStatus.values:
        label = AttendanceStatus(status).label
    else:
        label = str(status)
    return _("%(day)s (%(status)s)") % {"day": day.isoformat(), "status": label}


def _description(template: str, child, days: list[dt.date], statuses: dict) -> str:
    text = template % {"child": child.name, "days": _(", ").join(_day_text(d, statuses.get(d)) for d in days)}
    return text if len(text) <= DESCRIPTION_LENGTH else text[:DESCRIPTION_LENGTH - 1] + "…"


def _rules(ctx):
    """``rule_at(moment) -> (rule, threshold)``: the campus's refund rule as it was at a moment (its
    settings' history, one query), so a month is refunded again under the rule it was billed under."""
    rows = list(FinanceSettings.history.filter(campus_id=ctx.campus.pk).order_by("history_date", "history_id")
                .values_list("history_date", "refund_rule", "refund_threshold_days"))

    def rule_at(moment):
        chosen = rows[0][1:] if rows else (ctx.settings.refund_rule, ctx.settings.refund_threshold_days)
        for since, rule, threshold in rows:
            if since > moment:
                break
            chosen = (rule, threshold)
        return chosen

    return rule_at


def adjustment_lines(ctx, children) -> dict[int, list[dict]]:
    """{child id: adjustment lines (dicts, as ``plan_bill``'s)} for the bill of ``ctx.month``
    (a constant number of queries: 2 when nothing was corrected, 8 otherwise)."""
    ids = [child.pk for child in children]
    last_refunded = previous_month(ctx.prev_first)  # the regular refund of this bill covers prev_first
    oldest = ctx.first
    for _n in range(LOOKBACK_MONTHS + 1):
        oldest = previous_month(oldest)
    if not ids:
        return {}
    refund_bills = {
        (child_id, month): created
        for child_id, month, created in Bill.objects.filter(
            child_id__in=ids, month__range=(next_month(oldest), ctx.prev_first)
        ).values_list("child_id", "month", "created_at")
    }
    since = {}
    for (_child, month), created in refund_bills.items():
        refunded = previous_month(month)
        since[refunded] = min(since.get(refunded, created), created)
    periods = [(month, month_end(month), moment) for month, moment in sorted(since.items())]
    earliest = {}
    for child_id, day, recorded_at in attendance.recorded_after(ids, periods):
        month = month_start(day)
        created = refund_bills.get((child_id, next_month(month)))
        if created is not None and recorded_at > created:
            earliest[child_id] = min(earliest.get(child_id, month), month)
    if not earliest:
        return {}

    # A correction can change the refund of the month before too (a run of leave across months).
    first_month = max(previous_month(min(earliest.values())), oldest)
    end = month_end(last_refunded)
    changed = sorted(earliest)
    statuses = attendance.statuses_between(changed, first_month - RUN_LOOKBACK, end)
    school_days = SchoolCalendar(ctx.campus, first_month - RUN_LOOKBACK, end).school_days()
    charged = defaultdict(dict)
    for child_id, days, price in BillLine.objects.filter(
        bill__child_id__in=changed, kind=BillLineKind.MEAL, bill__month__range=(first_month, last_refunded)
    ).values_list("bill__child_id", "days", "unit_price"):
        for day in days:
            charged[child_id][dt.date.fromisoformat(day)] = price
    refunded = defaultdict(set)
    for child_id, kind, amount, days in BillLine.objects.filter(
        bill__child_id__in=changed, kind__in=[BillLineKind.MEAL_REFUND, BillLineKind.REFUND_ADJUSTMENT],
    ).order_by("bill__month", "pk").values_list("bill__child_id", "kind", "amount", "days"):
        days = {dt.date.fromisoformat(day) for day in days}
        if kind == BillLineKind.REFUND_ADJUSTMENT and amount > 0:
            refunded[child_id] -= days
        else:
            refunded[child_id] |= days

    rule_at = _rules(ctx)
    by_id = {child.pk: child for child in children}
    result = {}
    for child_id in changed:
        months, month = [], max(previous_month(earliest[child_id]), first_month)
        while month <= last_refunded:
            if (child_id, next_month(month)) in refund_bills:
                months.append(month)
            month = next_month(month)
        child_statuses = statuses.get(child_id, {})
        absences = {day: status for day, status in child_statuses.items() if status in REFUNDABLE_STATUSES}
        now = set()
        for month in months:
            rule, threshold = rule_at(refund_bills[(child_id, next_month(month))])
            now |= {day for day in refundable_days(rule, threshold, school_days, absences, month, month_end(month))
                    if day in charged[child_id]}
        before = {day for day in refunded[child_id] if month_start(day) in months}
        lines = []
        for days, sign, template in (
            (sorted(now - before), -1, _("Meal fee refund added, attendance of %(child)s corrected: %(days)s")),
            (sorted(before - now), 1, _("Meal fee refund withdrawn, attendance of %(child)s corrected: %(days)s")),
        ):
            by_price = defaultdict(list)
            for day in days:
                if day in charged[child_id]:
                    by_price[charged[child_id][day]].append(day)
            for price, price_days in sorted(by_price.items()):
                lines.append({
                    "kind": BillLineKind.REFUND_ADJUSTMENT,
                    "description": _description(template, by_id[child_id], price_days, child_statuses),
                    "quantity": Decimal(len(price_days)), "unit_price": price, "amount": sign * fen(price * len(price_days)),
                    "period": ctx.prev_first, "days": [day.isoformat() for day in price_days],
                })
        if lines:
            result[child_id] = lines
    return result
