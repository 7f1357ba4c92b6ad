"""The refund rules at their edges (pure functions, no database)."""

import datetime as dt

import pytest

from finance.choices import RefundRule
from finance.refunds import absence_runs, refundable_days

# Mon 2025-03-03 .. Fri 2025-03-14: two school weeks (a weekend in between).
DAYS = [dt.date(2025, 3, d) for d in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14)]
FIRST, LAST = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def absent(*days, status="personal"):
    return {dt.date(2025, 3, d): status for d in days}


def refund(rule, n, absences, first=FIRST, last=LAST, days=DAYS):
    return [d.day for d in refundable_days(rule, n, days, absences, first, last)]


def test_weekend_does_not_break_a_run_but_a_present_day_does():
    assert [[d.day for d in run] for run in absence_runs(DAYS, absent(6, 7, 10))] == [[6, 7, 10]]
    assert [[d.day for d in run] for run in absence_runs(DAYS, absent(6, 10) | {dt.date(2025, 3, 7): "present"})] == [[6], [10]]


def test_every_day():
    assert refund(RefundRule.EVERY_DAY, 2, absent(4, 12)) == [4, 12]
    assert refund(RefundRule.EVERY_DAY, 2, {}) == []


@pytest.mark.parametrize(("run", "expected"), [
    ((3,), []),  # 1 day, N=2: nothing beyond 2
    ((3, 4), []),  # exactly N: nothing
    ((3, 4, 5), [5]),  # N+1: the third day
    ((6, 7, 10, 11), [10, 11]),  # across the weekend
])
def test_beyond_n(run, expected):
    assert refund(RefundRule.BEYOND_N, 2, absent(*run)) == expected


@pytest.mark.parametrize(("n", "run", "expected"), [
    (2, (3,), []),  # one day of leave: below N, nothing
    (2, (3, 4), [4]),  # exactly N=2: N-1 = 1 day (the second)
    (2, (3, 4, 5, 6), [4, 5, 6]),
    (3, (3, 4), []),  # Putian-like N=3: two days are not enough
    (3, (3, 4, 5), [4, 5]),
    (1, (3,), []),  # N=1: a single day refunds N-1 = 0 days
])
def test_n_minus_one_shenzhen(n, run, expected):
    assert refund(RefundRule.N_MINUS_ONE, n, absent(*run)) == expected


def test_sick_only_counts_sick_leave_only():
    absences = absent(3, 4) | absent(12, status="sick") | absent(13, status="absent")
    assert refund(RefundRule.SICK_ONLY, 2, absences) == [12]


def test_none_refunds_nothing():
    assert refund(RefundRule.NONE, 2, absent(3, 4, 5, 6, 7)) == []


def test_a_run_that_began_last_month_counts_its_first_day_there():
    # Leave from Fri 28 Feb to Tue 4 Mar. Only March days are refunded; the run's first day was in February.
    days = [dt.date(2025, 2, 27), dt.date(2025, 2, 28)] + DAYS
    absences = {dt.date(2025, 2, 28): "sick"} | absent(3, 4, status="sick")
    assert refund(RefundRule.N_MINUS_ONE, 2, absences, days=days) == [3, 4]
    assert refund(RefundRule.BEYOND_N, 2, absences, days=days) == [4]
    # February alone (the run cut at the month's end) refunded nothing: 1 day < N.
    assert refund(RefundRule.N_MINUS_ONE, 2, absences, dt.date(2025, 2, 1), dt.date(2025, 2, 28), days=days) == []


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        refundable_days("weekly", 2, DAYS, {}, FIRST, LAST)


@pytest.mark.parametrize("rule", [RefundRule.EVERY_DAY, RefundRule.BEYOND_N, RefundRule.N_MINUS_ONE])
def test_a_status_outside_the_refundable_set_is_never_refunded_and_breaks_a_run(rule):
    """A status added later ("late", "half day": the child ate) is not refunded by default."""
    assert refund(rule, 1, absent(3, 4, 5, status="late")) == []
    assert refund(RefundRule.EVERY_DAY, 1, absent(3, 5) | absent(4, status="half_day")) == [3, 5]
    assert [[d.day for d in run] for run in absence_runs(DAYS, absent(3, 5) | absent(4, status="late"))] == [[3], [5]]


def test_the_refundable_statuses_are_the_kinds_of_leave_and_absence_without_notice():
    from campus.choices import AttendanceStatus
    from finance.refunds import REFUNDABLE_STATUSES

    assert REFUNDABLE_STATUSES == {AttendanceStatus.SICK, AttendanceStatus.PERSONAL, AttendanceStatus.ABSENT}
    assert AttendanceStatus.PRESENT not in REFUNDABLE_STATUSES
