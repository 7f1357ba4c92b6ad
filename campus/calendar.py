"""The school calendar: national holidays and adjusted working days (the ``chinesecalendar``
package), the campus's terms (days outside every term are breaks) and the campus's own exceptions.

For a year the package does not know, ``CalendarUnknown`` is raised unless the campus has entered
that year's calendar by hand (``CalendarYear`` + ``CalendarDay`` rows): we never guess holidays.
"""

import datetime as dt

import chinese_calendar
from django.utils.translation import gettext as _

from .choices import CalendarDayKind
from .models import CalendarDay, CalendarYear, Term


class CalendarUnknown(Exception):
    def __init__(self, campus, year):
        self.campus = campus
        self.year = year
        super().__init__(
            _(
                "The national holiday calendar for %(year)s is not known yet. Enter %(campus)s's "
                "holidays and make-up days for %(year)s under School calendar."
            )
            % {"year": year, "campus": campus}
        )


def national_workday(day: dt.date) -> bool | None:
    """True/False from the national calendar, None when the package has no data for that year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class SchoolCalendar:
    """A campus's school days between two dates, loaded with three queries."""

    def __init__(self, campus, first: dt.date, last: dt.date):
        self.campus = campus
        self.first, self.last = first, last
        self.exceptions = {
            row.date: row.kind for row in CalendarDay.objects.filter(campus=campus, date__range=(first, last))
        }
        self.terms = list(Term.objects.filter(campus=campus, starts_on__lte=last, ends_on__gte=first))
        self.hand_years = set(
            CalendarYear.objects.filter(campus=campus, year__range=(first.year, last.year)).values_list("year", flat=True)
        )

    def in_term(self, day: dt.date) -> bool:
        return any(term.starts_on <= day <= term.ends_on for term in self.terms)

    def is_calendar_workday(self, day: dt.date) -> bool:
        """A working day for the country (or the campus's own calendar), ignoring terms."""
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        national = national_workday(day)
        if national is not None:
            return national
        if day.year in self.hand_years:
            return day.weekday() < 5
        raise CalendarUnknown(self.campus, day.year)

    def is_school_day(self, day: dt.date) -> bool:
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        if not self.in_term(day):
            return False
        return self.is_calendar_workday(day)

    def school_days(self) -> list[dt.date]:
        days, day = [], self.first
        while day <= self.last:
            if self.is_school_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


def is_school_day(campus, day: dt.date) -> bool:
    return SchoolCalendar(campus, day, day).is_school_day(day)


def school_days(campus, first: dt.date, last: dt.date) -> list[dt.date]:
    return SchoolCalendar(campus, first, last).school_days()


def known_years() -> tuple[int, int]:
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)
