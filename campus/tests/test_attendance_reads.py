"""campus.attendance: the one module every app reads attendance through (one query each)."""

import datetime as dt

import pytest
from django.utils import timezone

from campus import attendance
from campus.choices import AttendanceStatus, CalendarDayKind
from campus.models import Attendance, CalendarDay, Classroom
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(world, clock):
    """Three past days of two classes: 小一班 (张小明, 李小红) and 小二班 (one child)."""
    clock.at("10:00")
    today = timezone.localdate()
    d1, d2, d3 = (today - dt.timedelta(days=n) for n in (3, 2, 1))
    room2 = factories.make_classroom(world.campus, "小二班")
    third = factories.make_child(room2, "赵小刚")
    rows = {
        (world.child, d1): AttendanceStatus.PRESENT, (world.child, d2): AttendanceStatus.SICK,
        (world.child, d3): AttendanceStatus.PERSONAL,
        (world.other_child, d1): AttendanceStatus.PRESENT, (world.other_child, d2): AttendanceStatus.PRESENT,
        (third, d1): AttendanceStatus.ABSENT, (third, d2): AttendanceStatus.PRESENT,
        (world.far_child, d1): AttendanceStatus.PRESENT,  # another campus: never counted here
    }
    Attendance.objects.bulk_create([
        Attendance(campus=child.campus, classroom=child.classroom, child=child, date=day, status=status)
        for (child, day), status in rows.items()
    ])
    return type("Days", (), {"d1": d1, "d2": d2, "d3": d3, "room2": room2, "third": third})


def test_present_counts_by_class_and_day_in_one_query(world, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = attendance.present_counts(world.campus, days.d1, days.d3)
    assert counts == {
        (world.classroom.pk, days.d1): 2, (world.classroom.pk, days.d2): 1, (world.classroom.pk, days.d3): 0,
        (days.room2.pk, days.d1): 0, (days.room2.pk, days.d2): 1,
    }


def test_counts_by_class_over_a_range(world, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = attendance.counts_by_class(world.campus, days.d1, days.d3)
    mine = counts[world.classroom.pk]
    assert (mine.recorded, mine.present, mine.sick, mine.other, mine.rate) == (5, 3, 1, 1, "60.0%")
    assert counts[days.room2.pk].other == 1
    assert attendance.Counts().rate == "—"
    with django_assert_num_queries(1):
        rooms = {room.pk: room for room in attendance.with_counts(Classroom.objects.filter(campus=world.campus),
                                                                 days.d2, days.d2)}
    assert (rooms[world.classroom.pk].recorded, rooms[world.classroom.pk].present, rooms[world.classroom.pk].sick) == (2, 1, 1)


def test_the_children_present_on_a_day(world, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert attendance.present_children(world.campus, days.d2) == {world.other_child.pk, days.third.pk}
    assert attendance.present_children(world.campus, days.d2, classroom=days.room2) == {days.third.pk}
    assert attendance.present_child_days(world.campus, days.d1, days.d3) == 4


def test_a_childs_absences_by_kind(world, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        absences = attendance.child_absences(world.child, days.d1, days.d3)
    assert absences == {AttendanceStatus.SICK: [days.d2], AttendanceStatus.PERSONAL: [days.d3]}
    assert attendance.child_absences(world.other_child, days.d1, days.d3) == {}


def test_absent_on_a_day_last_present_and_statuses(world, days):
    ids = [world.child.pk, world.other_child.pk, days.third.pk]
    assert set(attendance.absent_on(ids, days.d1)) == {days.third.pk}
    assert attendance.last_present(ids, days.d3) == {world.child.pk: days.d1, world.other_child.pk: days.d2,
                                                     days.third.pk: days.d2}
    assert attendance.statuses_between(ids, days.d1, days.d3, [AttendanceStatus.SICK]) == {world.child.pk: {days.d2: "sick"}}
    assert attendance.recorded_classes([world.classroom, days.room2], days.d3) == {world.classroom.pk}


def test_school_days_use_the_campus_calendar(world, clock):
    day = clock.school_day(world.campus)
    week = attendance.school_days(world.campus, day, day + dt.timedelta(days=6))
    assert day in week
    CalendarDay.objects.create(campus=world.campus, date=day, kind=CalendarDayKind.HOLIDAY, note="园庆")
    assert attendance.school_days(world.campus, day, day + dt.timedelta(days=6)) == [d for d in week if d != day]


def test_a_day_and_its_month_by_class_in_one_query(world, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        on_day, month = attendance.counts_by_class_day_and_month(world.campus, days.d2)
    assert (on_day[world.classroom.pk].recorded, on_day[world.classroom.pk].present) == (2, 1)
    expected = attendance.counts_by_class(world.campus, days.d2.replace(day=1), days.d2)
    assert month == expected
