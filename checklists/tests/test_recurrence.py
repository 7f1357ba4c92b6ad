"""Recurrence rules: school days follow the campus calendar; every kind of rule; RRULE validation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campus.choices import CalendarDayKind
from campus.models import CalendarDay, CalendarYear, Term
from checklists.choices import Recurrence
from checklists.models import ChecklistTemplate
from checklists.recurrence import calendar_for, next_dates, occurrences, validate_rrule
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def campus():
    campus = factories.make_campus("rec", "测试园")
    Term.objects.filter(campus=campus).delete()
    CalendarYear.objects.filter(campus=campus).delete()  # make_campus enters the years the package does not know
    Term.objects.create(campus=campus, name="2026秋", starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31))
    return campus


def dates(campus, first, last, **fields):
    fields.setdefault("starts_on", D(2026, 1, 1))
    template = ChecklistTemplate(campus=campus, code="t", title="t", department="logistics", assignee_role="teacher", **fields)
    return occurrences(template, first, last, calendar_for(campus, first, last))


def test_school_days_skip_holidays_and_include_adjusted_working_days(campus):
    result = dates(campus, D(2026, 9, 18), D(2026, 10, 11), recurrence=Recurrence.SCHOOL_DAY)
    assert D(2026, 9, 20) in result  # a Sunday made a working day
    assert D(2026, 10, 10) in result  # a Saturday made a working day
    assert D(2026, 9, 25) not in result  # Mid-Autumn festival
    assert not [day for day in result if D(2026, 10, 1) <= day <= D(2026, 10, 7)]  # National Day
    assert D(2026, 9, 19) not in result  # an ordinary Saturday


def test_school_days_follow_term_and_campus_exceptions(campus):
    CalendarDay.objects.create(campus=campus, date=D(2026, 9, 2), kind=CalendarDayKind.HOLIDAY, note="停电")
    result = dates(campus, D(2026, 8, 28), D(2026, 9, 4), recurrence=Recurrence.SCHOOL_DAY)
    assert result == [D(2026, 9, 1), D(2026, 9, 3), D(2026, 9, 4)]  # August is a break


def test_every_day_and_weekly(campus):
    assert len(dates(campus, D(2026, 9, 1), D(2026, 9, 30), recurrence=Recurrence.DAILY)) == 30
    mondays = dates(campus, D(2026, 9, 1), D(2026, 10, 31), recurrence=Recurrence.WEEKLY, weekdays="0")
    assert all(day.weekday() == 0 for day in mondays) and len(mondays) == 8
    mon_thu = dates(campus, D(2026, 9, 28), D(2026, 10, 11), recurrence=Recurrence.WEEKLY, weekdays="0,3",
                    only_school_days=True)
    assert mon_thu == [D(2026, 9, 28), D(2026, 10, 8)]  # 1 Oct and 5 Oct are holidays


def test_every_n_weeks_is_anchored_on_the_first_day(campus):
    result = dates(campus, D(2026, 9, 1), D(2026, 10, 31), recurrence=Recurrence.EVERY_N_WEEKS, weekdays="2",
                   interval=2, starts_on=D(2026, 9, 2))
    assert result == [D(2026, 9, 2), D(2026, 9, 16), D(2026, 9, 30), D(2026, 10, 14), D(2026, 10, 28)]


def test_monthly_rules(campus):
    assert dates(campus, D(2026, 9, 1), D(2026, 12, 31), recurrence=Recurrence.MONTHLY_DAY, day_of_month=31) == [
        D(2026, 9, 30), D(2026, 10, 31), D(2026, 11, 30), D(2026, 12, 31)]
    first = dates(campus, D(2026, 9, 1), D(2026, 11, 30), recurrence=Recurrence.MONTHLY_FIRST_SCHOOL_DAY)
    assert first == [D(2026, 9, 1), D(2026, 10, 8), D(2026, 11, 2)]  # October starts with the holiday week


def test_semi_monthly(campus):
    result = dates(campus, D(2026, 9, 1), D(2026, 10, 31), recurrence=Recurrence.SEMI_MONTHLY)
    assert result == [D(2026, 9, 1), D(2026, 9, 16), D(2026, 10, 8), D(2026, 10, 16)]


def test_term_start_and_end_with_offsets(campus):
    assert dates(campus, D(2026, 8, 1), D(2026, 12, 31), recurrence=Recurrence.TERM_START, offset_days=-3) == [D(2026, 8, 29)]
    assert dates(campus, D(2026, 8, 1), D(2026, 12, 31), recurrence=Recurrence.TERM_END, offset_days=-7) == [D(2026, 12, 24)]


def test_yearly_before_winter(campus):
    assert dates(campus, D(2025, 1, 1), D(2026, 12, 31), recurrence=Recurrence.YEARLY, month=11, day_of_month=1,
                 starts_on=D(2025, 1, 1)) == [D(2025, 11, 1), D(2026, 11, 1)]


def test_rrule(campus):
    result = dates(campus, D(2026, 1, 1), D(2026, 12, 31), recurrence=Recurrence.RRULE,
                   rrule="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=WE;BYSETPOS=2")
    assert result == [D(2026, 3, 11), D(2026, 6, 10), D(2026, 9, 9), D(2026, 12, 9)]


def test_no_runs_before_the_first_day_or_for_hand_opened_templates(campus):
    assert dates(campus, D(2026, 9, 1), D(2026, 9, 30), recurrence=Recurrence.DAILY, starts_on=D(2026, 9, 29)) == [
        D(2026, 9, 29), D(2026, 9, 30)]
    assert dates(campus, D(2026, 9, 1), D(2026, 9, 30), recurrence=Recurrence.NONE) == []


@pytest.mark.parametrize("bad", ["", "FREQ=SOMETIMES", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=XX", "DTSTART:20260101\nFREQ=DAILY",
                                 "FREQ=MONTHLY;BYMONTHDAY=40"])
def test_invalid_rrules_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_rrule(bad)


def test_valid_rrule():
    validate_rrule("FREQ=WEEKLY;BYDAY=MO,TH")
    validate_rrule("RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")


def test_next_ten_dates_preview(campus):
    template = ChecklistTemplate(campus=campus, code="t", title="t", department="logistics", assignee_role="teacher",
                                 recurrence=Recurrence.WEEKLY, weekdays="0", starts_on=D(2026, 9, 1))
    found, warning = next_dates(template, campus, D(2026, 9, 1))
    assert len(found) == 10 and found[0] == D(2026, 9, 7) and warning == ""


def test_preview_stops_at_an_unknown_calendar_year(campus):
    template = ChecklistTemplate(campus=campus, code="t", title="t", department="logistics", assignee_role="teacher",
                                 recurrence=Recurrence.SCHOOL_DAY, starts_on=D(2026, 9, 1))
    Term.objects.create(campus=campus, name="2027春", starts_on=D(2027, 2, 20), ends_on=D(2027, 7, 1))
    found, warning = next_dates(template, campus, D(2026, 12, 1), count=200)
    assert found and max(found) <= D(2026, 12, 31)
    assert "2027" in warning
