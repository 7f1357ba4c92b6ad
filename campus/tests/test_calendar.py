import datetime as dt

import pytest

from campus.calendar import CalendarUnknown, SchoolCalendar, is_school_day, school_days
from campus.choices import CalendarDayKind
from campus.models import CalendarDay, CalendarYear, Term
from tests.factories import make_campus

pytestmark = pytest.mark.django_db


@pytest.fixture
def campus():
    campus = make_campus()
    Term.objects.all().delete()
    CalendarYear.objects.all().delete()  # make_campus enters the years the package does not know
    Term.objects.create(campus=campus, name="2026秋", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 1, 20))
    Term.objects.create(campus=campus, name="2026春", starts_on=dt.date(2026, 2, 24), ends_on=dt.date(2026, 7, 10))
    return campus


def test_national_holidays_and_adjusted_working_days(campus):
    assert not is_school_day(campus, dt.date(2026, 10, 1))  # National Day
    assert not is_school_day(campus, dt.date(2026, 10, 3))  # Saturday inside the holiday
    assert is_school_day(campus, dt.date(2026, 9, 30))  # an ordinary Wednesday
    assert not is_school_day(campus, dt.date(2026, 11, 28))  # an ordinary Saturday


def test_adjusted_saturday_is_a_school_day(campus):
    # 2026-10-10 (Saturday) is a make-up working day for the National Day holiday.
    assert is_school_day(campus, dt.date(2026, 10, 10))


def test_days_between_terms_are_breaks(campus):
    assert not is_school_day(campus, dt.date(2026, 8, 3))  # a Monday in the summer break
    assert not is_school_day(campus, dt.date(2026, 2, 23))  # a Monday before the spring term


def test_campus_exceptions_win(campus):
    CalendarDay.objects.create(campus=campus, date=dt.date(2026, 11, 25), kind=CalendarDayKind.HOLIDAY, note="园庆")
    CalendarDay.objects.create(campus=campus, date=dt.date(2026, 11, 28), kind=CalendarDayKind.WORKDAY, note="补课")
    assert not is_school_day(campus, dt.date(2026, 11, 25))
    assert is_school_day(campus, dt.date(2026, 11, 28))


def test_unknown_year_is_refused_not_guessed(campus):
    with pytest.raises(CalendarUnknown) as info:
        is_school_day(campus, dt.date(2027, 1, 4))
    assert info.value.year == 2027
    assert "2027" in str(info.value)


def test_year_entered_by_hand_uses_weekdays_and_the_campus_holidays(campus):
    CalendarYear.objects.create(campus=campus, year=2027)
    CalendarDay.objects.create(campus=campus, date=dt.date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY)
    assert is_school_day(campus, dt.date(2027, 1, 4))
    assert not is_school_day(campus, dt.date(2027, 1, 1))
    assert not is_school_day(campus, dt.date(2027, 1, 2))  # Saturday


def test_school_days_of_a_month_with_three_queries(campus, django_assert_num_queries):
    with django_assert_num_queries(3):
        days = school_days(campus, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    # October 2026: 22 weekdays, minus 1-2 and 5-7 (holiday), plus Saturday the 10th.
    assert len(days) == 22 - 5 + 1
    assert dt.date(2026, 10, 10) in days
    assert SchoolCalendar(campus, dt.date(2026, 10, 1), dt.date(2026, 10, 31)).school_days() == days


def test_calendar_page_asks_for_an_unknown_year_and_the_director_enters_it(world, client_as):
    Term.objects.filter(campus=world.campus).delete()
    CalendarYear.objects.all().delete()  # make_campus enters the years the package does not know
    Term.objects.create(campus=world.campus, name="2026秋", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 1, 20))
    client = client_as(world.user("director"))
    page = client.get("/calendar/").content.decode()
    assert "2027" in page and "不会自动推测" in page
    response = client.post("/calendar/", {"day-date": "2027-01-01", "day-kind": "holiday", "day-note": "元旦"})
    assert response.status_code == 302
    response = client.post("/calendar/", {"year-year": "2027"})  # not confirmed: refused
    assert response.status_code == 200 and not CalendarYear.objects.exists()
    response = client.post("/calendar/", {"year-year": "2027", "year-confirm": "on"})
    assert response.status_code == 302
    assert is_school_day(world.campus, dt.date(2027, 1, 4))
    assert not is_school_day(world.campus, dt.date(2027, 1, 1))


def test_only_the_director_changes_the_calendar(world, client_as):
    client = client_as(world.user("teacher"))
    assert client.get("/calendar/").status_code == 200
    assert client.post("/calendar/", {"day-date": "2026-12-01", "day-kind": "holiday"}).status_code == 403
    assert not CalendarDay.objects.exists()
