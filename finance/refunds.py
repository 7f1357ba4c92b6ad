"""Which absent days give meal money back, under each campus's rule (pure functions, no database).

Runs of leave are counted over consecutive *school* days (a weekend does not break a run, a day
present does). A run that started last month still counts: the caller passes the attendance of a
look-back window, and only days inside the billed period are returned.
"""

import datetime as dt

from campus.choices import AttendanceStatus

from .choices import RefundRule

# The attendance statuses whose meal fee can be refunded (the campus's rule then says which days of
# them are): the kinds of leave, and a day away without notice. Any other status (present, or a
# status added later such as "late" or "half day": the child ate) is never refunded and breaks a run.
REFUNDABLE_STATUSES = frozenset({AttendanceStatus.SICK, AttendanceStatus.PERSONAL, AttendanceStatus.ABSENT})


def absence_runs(school_days: list[dt.date], absences: dict) -> list[list[dt.date]]:
    """Runs of consecutive school days with a refundable absence. ``absences`` maps a date to a
    status; days with any other status (or none) break a run."""
    runs, current = [], []
    for day in school_days:
        if absences.get(day) in REFUNDABLE_STATUSES:
            current.append(day)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def refundable_days(rule: str, threshold: int, school_days: list[dt.date], absences: dict,
                    first: dt.date, last: dt.date) -> list[dt.date]:
    """The days between ``first`` and ``last`` whose meal fee is refunded.

    - every day: each absent school day;
    - beyond N: in a run of leave, the days after the first N;
    - N−1 (Shenzhen): a run of N days or more refunds all its days but the first;
    - sick only: each day of sick leave;
    - none: nothing.
    """
    threshold = max(int(threshold), 1)
    if rule == RefundRule.NONE:
        return []
    if rule == RefundRule.SICK_ONLY:
        chosen = [day for day in school_days if absences.get(day) == AttendanceStatus.SICK]
    elif rule == RefundRule.EVERY_DAY:
        chosen = [day for run in absence_runs(school_days, absences) for day in run]
    elif rule == RefundRule.BEYOND_N:
        chosen = [day for run in absence_runs(school_days, absences) for day in run[threshold:]]
    elif rule == RefundRule.N_MINUS_ONE:
        chosen = [day for run in absence_runs(school_days, absences) if len(run) >= threshold for day in run[1:]]
    else:
        raise ValueError(f"Unknown refund rule {rule!r}")
    return [day for day in chosen if first <= day <= last]
