"""Every read of attendance, in one place. Kitchen meal counts, health checks and follow-ups,
finance refunds and the canteen account, the dashboard and the campus pages ask these functions
instead of writing their own queries on ``Attendance`` (writes stay in ``campus.services``).

Statuses are always ``AttendanceStatus`` members, never raw strings. Each function says how many
queries it makes; none makes a query per child or per class.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from . import calendar as school_calendar
from .choices import AttendanceStatus
from .models import Attendance, Classroom

PRESENT = AttendanceStatus.PRESENT
# Every status that means the child was not there (kept explicit: a new status such as "late" or
# "half day" must be added here on purpose, not become an absence by default).
ABSENT_STATUSES = frozenset({AttendanceStatus.SICK, AttendanceStatus.PERSONAL, AttendanceStatus.ABSENT})


@dataclass(frozen=True)
class Counts:
    """Child-days recorded, present and on sick leave (``other`` = the remaining absences)."""

    recorded: int = 0
    present: int = 0
    sick: int = 0

    @property
    def other(self) -> int:
        return self.recorded - self.present - self.sick

    @property
    def absent(self) -> int:
        return self.recorded - self.present

    @property
    def rate(self) -> str:
        return f"{self.present * 100 / self.recorded:.1f}%" if self.recorded else "—"


def _count_fields(prefix: str = "", condition: Q | None = None, distinct: bool = False) -> dict:
    """``recorded``, ``present`` and ``sick`` counts of attendance rows (``prefix`` reaches them from
    another model, e.g. ``"attendance__"`` from a class)."""
    condition = condition or Q()
    field = f"{prefix}id"
    return {
        "recorded": Count(field, filter=condition, distinct=distinct),
        "present": Count(field, filter=condition & Q(**{f"{prefix}status": PRESENT}), distinct=distinct),
        "sick": Count(field, filter=condition & Q(**{f"{prefix}status": AttendanceStatus.SICK}), distinct=distinct),
    }


# --- counts ----------------------------------------------------------------------------------------


def with_counts(classrooms: QuerySet, first: dt.date, last: dt.date) -> QuerySet:
    """The classes annotated with ``recorded``, ``present`` and ``sick`` child-days between two
    dates (the classes and their counts in one query)."""
    return classrooms.annotate(
        **_count_fields("attendance__", Q(attendance__date__range=(first, last)), distinct=True)
    )


def counts_by_class(campus, first: dt.date, last: dt.date) -> dict[int, Counts]:
    """{classroom id: Counts} of the campus between two dates (one query)."""
    rows = (Attendance.objects.filter(campus=campus, date__range=(first, last))
            .values("classroom").annotate(**_count_fields()))
    return {row.pop("classroom"): Counts(**row) for row in rows}


def counts_by_class_day_and_month(campus, day: dt.date) -> tuple[dict[int, Counts], dict[int, Counts]]:
    """``({classroom id: Counts of the day}, {classroom id: Counts of the month up to the day})`` of
    the campus, both in one query (the dashboard's two attendance cards)."""
    today = Q(date=day)
    rows = (Attendance.objects.filter(campus=campus, date__range=(day.replace(day=1), day)).values("classroom")
            .annotate(**_count_fields(), **{f"day_{name}": value for name, value in _count_fields(condition=today).items()}))
    on_day, month = {}, {}
    for row in rows:
        room = row.pop("classroom")
        on_day[room] = Counts(**{name: row.pop(f"day_{name}") for name in ("recorded", "present", "sick")})
        month[room] = Counts(**row)
    return on_day, month


def counts_by_class_and_day(campus, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], Counts]:
    """{(classroom id, day): Counts} of the campus between two dates (one query)."""
    rows = (Attendance.objects.filter(campus=campus, date__range=(first, last))
            .values("classroom", "date").annotate(**_count_fields()))
    return {(row.pop("classroom"), row.pop("date")): Counts(**row) for row in rows}


def present_counts(campus, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], int]:
    """{(classroom id, day): children present} of the campus between two dates (one query)."""
    return {key: counts.present for key, counts in counts_by_class_and_day(campus, first, last).items()}


def present_child_days(campus, first: dt.date, last: dt.date) -> int:
    """Child-days present on the campus between two dates: the meals children ate (one query)."""
    return Attendance.objects.filter(campus=campus, date__range=(first, last), status=PRESENT).count()


def recorded_classes(classrooms, day: dt.date) -> set[int]:
    """The ids of those classes whose attendance of the day is recorded (one query)."""
    return set(Attendance.objects.filter(classroom__in=classrooms, date=day)
               .values_list("classroom", flat=True).distinct())


# --- children --------------------------------------------------------------------------------------


def present_children(campus, day: dt.date, classroom: Classroom | None = None) -> set[int]:
    """The ids of the children recorded present on a day (one query)."""
    return set(present_children_ids(campus, day, classroom))


def present_children_ids(campus, day: dt.date, classroom: Classroom | None = None):
    """The same ids as a lazy query, to filter children by inside one query
    (``Child.objects.filter(pk__in=present_children_ids(...))``): the count of queries is then the
    same on a day with no attendance as on a full one."""
    rows = Attendance.objects.filter(campus=campus, date=day, status=PRESENT)
    if classroom is not None:
        rows = rows.filter(classroom=classroom)
    return rows.values_list("child_id", flat=True)


def day_records(child_ids, day: dt.date, statuses=None) -> dict[int, Attendance]:
    """{child id: the day's record} of those children, optionally only records with one of
    ``statuses`` (one query)."""
    rows = Attendance.objects.filter(child_id__in=list(child_ids), date=day)
    if statuses is not None:
        rows = rows.filter(status__in=list(statuses))
    return {row.child_id: row for row in rows}


def with_day_record(children: QuerySet, day: dt.date) -> QuerySet:
    """``children`` annotated with the day's record as ``day_status`` and ``day_reason`` (None when
    there is none): no query of its own (the parent's today page loads the child with it)."""
    record = Attendance.objects.filter(child=OuterRef("pk"), date=day).order_by("pk")
    return children.annotate(day_status=Subquery(record.values("status")[:1]), day_reason=Subquery(record.values("reason")[:1]))


def class_day_records(classroom: Classroom, day: dt.date) -> dict[int, Attendance]:
    """{child id: record} of a class's day, as recorded for that class (one query)."""
    return {row.child_id: row for row in Attendance.objects.filter(classroom=classroom, date=day)}


def absent_on(child_ids, day: dt.date) -> dict[int, Attendance]:
    """{child id: record} of those children recorded absent on a day, whatever the kind (one query)."""
    return day_records(child_ids, day, ABSENT_STATUSES)


def last_present(child_ids, before: dt.date) -> dict[int, dt.date]:
    """{child id: the last day before ``before`` each child was present} (one query)."""
    return dict(
        Attendance.objects.filter(child_id__in=list(child_ids), date__lt=before, status=PRESENT)
        .values_list("child_id").annotate(last=Max("date"))
    )


def statuses_between(child_ids, first: dt.date, last: dt.date, statuses=None) -> dict[int, dict[dt.date, str]]:
    """{child id: {day: status}} of the records of those children between two dates, only those
    whose status is one of ``statuses`` when given (one query). Finance passes its refundable
    statuses."""
    result = defaultdict(dict)
    rows = Attendance.objects.filter(child_id__in=list(child_ids), date__range=(first, last))
    if statuses is not None:
        rows = rows.filter(status__in=list(statuses))
    for child_id, day, status in rows.values_list("child_id", "date", "status"):
        result[child_id][day] = AttendanceStatus(status) if status in AttendanceStatus.values else status
    return result


def recorded_after(child_ids, periods) -> list[tuple[int, dt.date, dt.datetime]]:
    """``(child id, day, recorded at)`` of the records of those children saved (by
    ``campus.services``) after a moment: ``periods`` lists ``(first, last, since)``, records of a day
    between ``first`` and ``last`` saved after ``since``. Finance finds corrections of months it has
    already refunded this way (one query, none without periods)."""
    condition = Q()
    for first, last, since in periods:
        condition |= Q(date__range=(first, last), recorded_at__gt=since)
    if not periods:
        return []
    return list(Attendance.objects.filter(condition, child_id__in=list(child_ids))
                .values_list("child_id", "date", "recorded_at"))


def child_absences(child, first: dt.date, last: dt.date) -> dict[AttendanceStatus, list[dt.date]]:
    """A child's absences between two dates by kind: {status: [days]} (one query)."""
    result = defaultdict(list)
    rows = (Attendance.objects.filter(child=child, date__range=(first, last), status__in=list(ABSENT_STATUSES))
            .order_by("date").values_list("date", "status"))
    for day, status in rows:
        result[AttendanceStatus(status)].append(day)
    return dict(result)


def recent_records(child, limit: int = 30) -> QuerySet:
    """A child's latest records, newest first (one query when evaluated)."""
    return child.attendance.order_by("-date")[:limit]


# --- the calendar ----------------------------------------------------------------------------------


def school_days(campus, first: dt.date, last: dt.date) -> list[dt.date]:
    """The campus's school days between two dates (``campus.calendar``; three queries). Raises
    ``CalendarUnknown`` for a year without a known calendar."""
    return school_calendar.school_days(campus, first, last)
