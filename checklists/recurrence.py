"""When a template is due: the dates of its runs between two days.

School-day rules follow the campus calendar (``campus.calendar.SchoolCalendar``: national holidays
skipped, adjusted working days included, days outside every term are breaks). A custom rule is an
RFC 5545 RRULE read by python-dateutil.
"""

import datetime as dt

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campus.calendar import CalendarUnknown, SchoolCalendar
from campus.dates import month_end, month_starts

from .choices import Recurrence

PAD = dt.timedelta(days=62)  # the calendar is loaded this much wider, for month scans and term offsets


def calendar_for(campus, first: dt.date, last: dt.date) -> SchoolCalendar:
    """One calendar (three queries) that serves every template of the campus for [first, last]."""
    return MemoCalendar(SchoolCalendar(campus, first - PAD, last + PAD))


class MemoCalendar:
    """A ``SchoolCalendar`` that answers each day once: many templates ask about the same days."""

    def __init__(self, calendar: SchoolCalendar):
        self.calendar = calendar
        self.terms = calendar.terms
        self._days: dict = {}

    def is_school_day(self, day: dt.date) -> bool:
        try:
            return self._days[day]
        except KeyError:
            result = self._days[day] = self.calendar.is_school_day(day)
            return result


def calendars_for(campuses, first: dt.date, last: dt.date) -> dict:
    """``{campus id: SchoolCalendar}`` for many campuses in three queries (instead of three each).
    Builds the same object ``SchoolCalendar(campus, first - PAD, last + PAD)`` would."""
    from campus.models import CalendarDay, CalendarYear, Term

    first, last = first - PAD, last + PAD
    ids = [campus.pk for campus in campuses]
    exceptions: dict = {pk: {} for pk in ids}
    for row in CalendarDay.objects.filter(campus_id__in=ids, date__range=(first, last)).only("campus_id", "date", "kind"):
        exceptions[row.campus_id][row.date] = row.kind
    terms: dict = {pk: [] for pk in ids}
    for term in Term.objects.filter(campus_id__in=ids, starts_on__lte=last, ends_on__gte=first):
        terms[term.campus_id].append(term)
    years: dict = {pk: set() for pk in ids}
    for campus_id, year in CalendarYear.objects.filter(campus_id__in=ids, year__range=(first.year, last.year)).values_list(
        "campus_id", "year"
    ):
        years[campus_id].add(year)
    result = {}
    for campus in campuses:
        calendar = SchoolCalendar.__new__(SchoolCalendar)
        calendar.campus, calendar.first, calendar.last = campus, first, last
        calendar.exceptions, calendar.terms, calendar.hand_years = exceptions[campus.pk], terms[campus.pk], years[campus.pk]
        result[campus.pk] = MemoCalendar(calendar)
    return result


def parse_rrule(text: str, starts_on: dt.date):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter a rule, e.g. FREQ=WEEKLY;BYDAY=MO."))
    if "DTSTART" in text.upper():
        raise ValidationError(_("Leave DTSTART out: the template's first day is the start."))
    if not text.upper().startswith("RRULE:") and "FREQ=" not in text.upper():
        raise ValidationError(_("A rule needs FREQ, e.g. FREQ=MONTHLY;BYMONTHDAY=1."))
    try:
        rule = rrulestr(text, dtstart=dt.datetime.combine(starts_on, dt.time()), forceset=False)  # noqa: DTZ001
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValidationError(_("This is not a valid RFC 5545 RRULE (%(error)s).") % {"error": exc}) from None
    return rule


def validate_rrule(text: str, starts_on: dt.date | None = None) -> None:
    start = dt.datetime.combine(starts_on or dt.date(2000, 1, 1), dt.time())  # noqa: DTZ001
    rule = parse_rrule(text, start.date())
    try:  # within ten years, so that a rule that never matches is not searched to the year 9999
        first = rule.replace(count=None, until=start.replace(year=start.year + 10)).after(start, inc=True)
    except (ValueError, OverflowError):
        first = None
    if first is None:
        raise ValidationError(_("This rule never gives a date."))


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _first_school_day(calendar: SchoolCalendar, first: dt.date, last: dt.date) -> dt.date | None:
    for day in _days(first, last):
        if calendar.is_school_day(day):
            return day
    return None


def occurrences(template, first: dt.date, last: dt.date, calendar: SchoolCalendar) -> list[dt.date]:
    """The dates in [first, last] on which ``template`` is due (never before its first day)."""
    first = max(first, template.starts_on)
    if template.ends_on:
        last = min(last, template.ends_on)
    if first > last:
        return []
    kind = template.recurrence
    result: list[dt.date] = []
    if kind == Recurrence.NONE:
        return []
    if kind == Recurrence.SCHOOL_DAY:
        return [day for day in _days(first, last) if calendar.is_school_day(day)]
    if kind == Recurrence.DAILY:
        result = list(_days(first, last))
    elif kind == Recurrence.WEEKLY:
        weekdays = set(template.weekday_list) or {template.starts_on.weekday()}
        result = [day for day in _days(first, last) if day.weekday() in weekdays]
    elif kind == Recurrence.EVERY_N_WEEKS:
        weekdays = set(template.weekday_list) or {template.starts_on.weekday()}
        anchor = template.starts_on - dt.timedelta(days=template.starts_on.weekday())
        interval = max(template.interval, 1)
        result = [
            day for day in _days(first, last)
            if day.weekday() in weekdays and ((day - anchor).days // 7) % interval == 0
        ]
    elif kind == Recurrence.MONTHLY_DAY:
        wanted = template.day_of_month or 1
        for month in month_starts(first, last):
            day = month.replace(day=min(wanted, month_end(month).day))
            if first <= day <= last:
                result.append(day)
    elif kind == Recurrence.MONTHLY_FIRST_SCHOOL_DAY:
        for month in month_starts(first, last):
            day = _first_school_day(calendar, month, month_end(month))
            if day and first <= day <= last:
                result.append(day)
        return result
    elif kind == Recurrence.SEMI_MONTHLY:
        for month in month_starts(first, last):
            for start, end in ((month, month.replace(day=15)), (month.replace(day=16), month_end(month))):
                day = _first_school_day(calendar, start, end)
                if day and first <= day <= last:
                    result.append(day)
        return result
    elif kind in (Recurrence.TERM_START, Recurrence.TERM_END):
        offset = dt.timedelta(days=template.offset_days)
        for term in calendar.terms:
            day = (term.starts_on if kind == Recurrence.TERM_START else term.ends_on) + offset
            if first <= day <= last:
                result.append(day)
        result.sort()
    elif kind == Recurrence.YEARLY:
        for year in range(first.year, last.year + 1):
            try:
                day = dt.date(year, template.month or 1, template.day_of_month or 1)
            except ValueError:  # 29 February in a common year: the 28th
                day = dt.date(year, template.month or 1, 28)
            if first <= day <= last:
                result.append(day)
    elif kind == Recurrence.RRULE:
        rule = parse_rrule(template.rrule, template.starts_on)
        start = dt.datetime.combine(first, dt.time())  # noqa: DTZ001 - dates, not instants
        end = dt.datetime.combine(last, dt.time(23, 59, 59))  # noqa: DTZ001
        result = sorted({moment.date() for moment in rule.between(start, end, inc=True)})
    if template.only_school_days:
        result = [day for day in result if calendar.is_school_day(day)]
    return result


def next_dates(template, campus, start: dt.date, count: int = 10, horizon_days: int = 800) -> tuple[list[dt.date], str]:
    """The next ``count`` due dates from ``start`` (for the preview), and a warning when the
    calendar stops us (a year whose holidays are not known yet)."""
    found: list[dt.date] = []
    window = dt.timedelta(days=92)
    first = start
    end = start + dt.timedelta(days=horizon_days)
    while len(found) < count and first <= end:
        last = min(first + window, end)
        try:
            calendar = calendar_for(campus, first, last)
            found.extend(occurrences(template, first, last, calendar))
        except CalendarUnknown as exc:
            known_until = dt.date(exc.year - 1, 12, 31)
            if first <= known_until < last:
                try:
                    found.extend(occurrences(template, first, known_until, calendar_for(campus, first, known_until)))
                except CalendarUnknown:
                    pass
            return found[:count], str(exc)
        first = last + dt.timedelta(days=1)
    return found[:count], ""
