"""The test clock (conftest.py): every test starts at HOUQIN_TEST_NOW, Beijing time, and can move."""

import datetime as dt
import os
import time

import pytest
import time_machine
from django.utils import timezone

from campus.calendar import is_school_day
from campus.choices import CalendarDayKind
from campus.models import CalendarDay
from conftest import BEIJING, SESSION_NOW

IMPORTED_ON = timezone.localdate()  # module level: read while the tests are being collected


def test_every_test_starts_at_the_session_instant():
    now = timezone.now()
    assert dt.timedelta(0) <= now - SESSION_NOW < dt.timedelta(minutes=2)  # it ticks from there
    assert timezone.localdate() == SESSION_NOW.date()
    assert abs(time.time() - SESSION_NOW.timestamp()) < 120
    assert dt.datetime.fromisoformat(os.environ["HOUQIN_TEST_NOW"]) == SESSION_NOW.replace(tzinfo=None) or (
        dt.datetime.fromisoformat(os.environ["HOUQIN_TEST_NOW"]) == SESSION_NOW
    )


def test_module_level_code_reads_the_same_clock():
    assert IMPORTED_ON == SESSION_NOW.date()


def test_a_naive_instant_is_beijing_time(monkeypatch):
    import conftest

    monkeypatch.setenv("HOUQIN_TEST_NOW", "2026-12-13T23:30")
    assert conftest._session_instant() == dt.datetime(2026, 12, 13, 23, 30, tzinfo=BEIJING)
    monkeypatch.setenv("HOUQIN_TEST_NOW", "2026-12-13T15:30:00+00:00")
    assert conftest._session_instant() == dt.datetime(2026, 12, 13, 23, 30, tzinfo=BEIJING)


def test_the_clock_moves_to_an_hour_a_day_or_an_instant(clock):
    clock.at("23:30")
    assert timezone.localtime().time().replace(second=0, microsecond=0) == dt.time(23, 30)
    assert timezone.localdate() == SESSION_NOW.date()  # the same Beijing day, though UTC is 15:30
    clock.at(dt.date(2026, 10, 1))
    assert timezone.localtime().replace(second=0, microsecond=0) == dt.datetime(2026, 10, 1, 9, 0, tzinfo=BEIJING)
    clock.at(dt.datetime(2026, 12, 13, 0, 10))  # noqa: DTZ001 -- naive: Beijing; 16:10 on the 12th in UTC
    assert timezone.localdate() == dt.date(2026, 12, 13)
    assert timezone.now().astimezone(dt.UTC).date() == dt.date(2026, 12, 12)


@pytest.mark.django_db
def test_school_day_skips_weekends_holidays_and_the_campus_days_off(clock, world):
    clock.at(dt.datetime(2026, 9, 30, 22, 0, tzinfo=BEIJING))  # a Wednesday before National Day (1-7 October)
    assert clock.school_day(world.campus) == dt.date(2026, 9, 30)
    assert timezone.localtime().time().replace(second=0, microsecond=0) == dt.time(9, 0)
    assert clock.school_day(world.campus, after=1) == dt.date(2026, 10, 8)
    CalendarDay.objects.create(campus=world.campus, date=dt.date(2026, 10, 8), kind=CalendarDayKind.HOLIDAY)
    assert clock.school_day(world.campus, at="07:00") == dt.date(2026, 10, 9)  # from the 8th on
    assert timezone.localtime().hour == 7 and is_school_day(world.campus, timezone.localdate())
    clock.at(dt.datetime(2026, 10, 10, 6, 0, tzinfo=BEIJING))  # the make-up Saturday is a school day
    assert clock.school_day() == dt.date(2026, 10, 10)


@pytest.mark.slow
def test_slow_tests_keep_the_real_clock(clock):
    assert clock is None
    assert not time_machine.escape_hatch.is_travelling()  # time.time() is the real one
