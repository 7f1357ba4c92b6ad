"""Leave requests (请假) from a parent's phone: confirmed by the class teacher with one tap into
attendance, so the kitchen's meal count, the health teacher's sick-absence follow-up and the refund
follow; a request before the cut-off counts for its day at once. The parent's today page."""

import datetime as dt

import pytest
from django.urls import reverse

from campus.choices import AttendanceStatus, LeaveKind, LeaveStatus, NoticeKind
from campus.family import services
from campus.models import Attendance, LeaveRequest, NotificationRecipient
from campus.roles import Role
from health.models import SickFollowUp
from kitchen.analysis import meal_counts
from tests import factories

pytestmark = pytest.mark.django_db


def status_of(child, day):
    row = Attendance.objects.filter(child=child, date=day).first()
    return row and row.status


def test_a_sick_day_before_the_cut_off_drops_the_meal_count_at_once_and_opens_the_follow_up(
        world, clock, django_capture_on_commit_callbacks):
    day = clock.school_day(world.campus, at="07:40")
    factories.make_all_present([world.child, world.other_child], [day])
    assert meal_counts(world.campus, day).children_total == 2
    with django_capture_on_commit_callbacks(execute=True):
        leave = factories.make_leave_request(world.child, symptoms="发烧 38.5，咳嗽")
    assert leave.in_time and leave.status == LeaveStatus.PENDING
    assert meal_counts(world.campus, day).children_total == 1
    follow_up = SickFollowUp.objects.get(child=world.child, date=day)
    assert "发烧" in follow_up.symptoms
    told = NotificationRecipient.objects.get(notification__kind=NoticeKind.LEAVE_REQUEST)
    assert told.user == world.user(Role.TEACHER) and told.read_at is None
    services.confirm_leave(leave, user=world.user(Role.TEACHER))
    assert status_of(world.child, day) == AttendanceStatus.SICK
    assert meal_counts(world.campus, day).children_total == 1
    told.refresh_from_db()
    assert told.read_at is not None  # answered: off the teacher's bell


def test_after_the_cut_off_it_counts_once_the_teacher_confirms(world, clock, django_capture_on_commit_callbacks):
    day = clock.school_day(world.campus, at="09:15")
    factories.make_all_present([world.child], [day])
    leave = factories.make_leave_request(world.child, kind=LeaveKind.PERSONAL, note="回老家")
    assert not leave.in_time and status_of(world.child, day) == AttendanceStatus.PRESENT
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_leave(leave, user=world.user(Role.TEACHER))
    assert status_of(world.child, day) == AttendanceStatus.PERSONAL
    assert not SickFollowUp.objects.exists()  # personal leave: no health follow-up


def test_later_days_are_written_on_the_morning_of_each_day(world, clock):
    day = clock.school_day(world.campus, at="16:00")
    tomorrow = clock.school_day(world.campus, at="16:00", after=1)
    clock.at(dt.datetime.combine(day, dt.time(16, 0)))
    leave = factories.make_leave_request(world.child, first_day=tomorrow, last_day=tomorrow)
    assert leave.in_time and status_of(world.child, tomorrow) is None
    clock.at(dt.datetime.combine(tomorrow, dt.time(6, 0)))
    assert services.apply_leave() == 1  # before the teacher has even looked: made before the cut-off
    assert status_of(world.child, tomorrow) == AttendanceStatus.SICK
    assert services.apply_leave() == 0  # idempotent


def test_declined_or_withdrawn_the_day_is_present_again(world, clock):
    day = clock.school_day(world.campus, at="07:00")
    leave = factories.make_leave_request(world.child)
    assert status_of(world.child, day) == AttendanceStatus.SICK
    services.decline_leave(leave, user=world.user(Role.TEACHER))
    assert status_of(world.child, day) == AttendanceStatus.PRESENT
    with pytest.raises(services.FamilyError):
        services.confirm_leave(leave, user=world.user(Role.TEACHER))


@pytest.mark.parametrize("change, field", [
    ({"symptoms": ""}, "symptoms"),
    ({"first_day": -1}, "first_day"),
    ({"last_day": 40}, "last_day"),
])
def test_requests_that_make_no_sense_are_refused(world, clock, change, field):
    day = clock.school_day(world.campus, at="07:00")
    values = {"kind": LeaveKind.SICK, "first_day": day, "last_day": day, "symptoms": "发烧"}
    for key in ("first_day", "last_day"):
        if isinstance(change.get(key), int):
            change = {**change, key: day + dt.timedelta(days=change[key])}
    with pytest.raises(services.FamilyError) as error:
        services.request_leave(world.child, user=world.parent.user, **{**values, **change})
    assert field in error.value.error_dict


def test_overlapping_requests_are_refused(world, clock):
    clock.school_day(world.campus, at="07:00")
    factories.make_leave_request(world.child)
    with pytest.raises(services.FamilyError):
        factories.make_leave_request(world.child)


def test_phone_flow_parent_asks_teacher_confirms(world, clock, client_as):
    day = clock.school_day(world.campus, at="07:30")
    parent = client_as(world.parent.user)
    response = parent.post(reverse("campus:parent_leave", args=[world.child.pk]), {
        "kind": "sick", "first_day": day.isoformat(), "last_day": day.isoformat(), "symptoms": "呕吐"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert parent.get(reverse("campus:parent_leave", args=[world.other_child.pk])).status_code == 404
    teacher = client_as(world.user(Role.TEACHER))
    assert "张小明" in teacher.get(reverse("campus:family_leave_list")).content.decode()
    teacher.post(reverse("campus:family_leave_decide", args=[leave.pk]), {"decision": "confirm"})
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.CONFIRMED
    neighbour = client_as(world.neighbour().user)
    assert neighbour.get(reverse("campus:family_leave_detail", args=[leave.pk])).status_code == 404


def test_today_page_in_a_constant_number_of_queries(world, clock, client_as, django_assert_num_queries):
    day = clock.school_day(world.campus, at="10:00")
    factories.make_all_present([world.child], [day])
    factories.make_leave_request(world.other_child, first_day=day + dt.timedelta(days=1))
    client = client_as(world.parent.user)
    client.get(reverse("campus:parent_today", args=[world.child.pk]))  # settings rows made once
    with django_assert_num_queries(12):
        page = client.get(reverse("campus:parent_today", args=[world.child.pk]))
    assert page.status_code == 200 and "出勤" in page.content.decode()
    other = client_as(world.other_parent.user)
    other.get(reverse("campus:parent_today", args=[world.other_child.pk]))
    with django_assert_num_queries(12):
        other.get(reverse("campus:parent_today", args=[world.other_child.pk]))
    assert client_as(world.parent.user).get(reverse("campus:parent_today", args=[world.other_child.pk])).status_code == 404
