import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from campus.services import AttendanceError, mark_present, record_class_attendance, set_attendance
from campus.signals import attendance_recorded
from tests import factories

pytestmark = pytest.mark.django_db


def test_whole_class_in_one_go_everyone_present_but_the_exceptions(world):
    kids = [factories.make_child(world.classroom) for _ in range(5)]
    today = timezone.localdate()
    record_class_attendance(world.classroom, today, {kids[0].pk: (AttendanceStatus.SICK, "发烧")}, world.user("teacher"))
    rows = {row.child_id: row for row in Attendance.objects.filter(date=today)}
    assert len(rows) == 7  # world.child, world.other_child and five more
    assert rows[kids[0].pk].status == AttendanceStatus.SICK and rows[kids[0].pk].reason == "发烧"
    assert all(r.status == AttendanceStatus.PRESENT for pk, r in rows.items() if pk != kids[0].pk)
    assert rows[kids[1].pk].recorded_by == world.user("teacher")


def test_constant_queries_whatever_the_class_size(world, django_assert_num_queries):
    today = timezone.localdate()
    small = factories.make_classroom(world.campus, "小班A")
    large = factories.make_classroom(world.campus, "大班A")
    for _ in range(3):
        factories.make_child(small)
    for _ in range(30):
        factories.make_child(large)
    # savepoint, children, existing rows, bulk insert, history bulk insert, release
    with django_assert_num_queries(6):
        record_class_attendance(small, today, {}, world.user("teacher"))
    with django_assert_num_queries(6):
        record_class_attendance(large, today, {}, world.user("teacher"))
    # A correction of 2 of 30: savepoint, children, existing rows, one bulk update, history insert, release.
    sick = list(large.children.values_list("pk", flat=True)[:2])
    with django_assert_num_queries(6):
        record_class_attendance(large, today, dict.fromkeys(sick, (AttendanceStatus.SICK, "")), world.user("teacher"))


def test_corrections_keep_history_and_unchanged_rows_are_not_touched(world):
    today = timezone.localdate()
    teacher = world.user("teacher")
    record_class_attendance(world.classroom, today, {}, teacher)
    row = Attendance.objects.get(child=world.child, date=today)
    record_class_attendance(world.classroom, today, {world.child.pk: (AttendanceStatus.PERSONAL, "家中有事")}, teacher,
                            reason_for_change="家长补充请假")
    history = list(row.history.order_by("history_date"))
    assert [h.status for h in history] == [AttendanceStatus.PRESENT, AttendanceStatus.PERSONAL]
    assert history[-1].history_user == teacher
    assert history[-1].history_change_reason == "家长补充请假"
    other = Attendance.objects.get(child=world.other_child, date=today)
    assert other.history.count() == 1


def test_future_days_and_strangers_are_refused(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(AttendanceError):
        record_class_attendance(world.classroom, tomorrow, {}, world.user("teacher"))
    with pytest.raises(AttendanceError):
        record_class_attendance(world.classroom, timezone.localdate(), {world.far_child.pk: ("sick", "")}, world.user("teacher"))
    assert not Attendance.objects.exists()


def test_mark_present_only_touches_the_children_named(world, django_assert_num_queries):
    today = timezone.localdate()
    set_attendance(world.other_child, today, AttendanceStatus.SICK, world.user("teacher"))
    with django_assert_num_queries(6):
        mark_present(world.classroom, today, [world.child.pk], world.user("health_teacher"))
    assert Attendance.objects.get(child=world.child).status == AttendanceStatus.PRESENT
    assert Attendance.objects.get(child=world.other_child).status == AttendanceStatus.SICK


def test_signal_sent_after_commit_with_the_records(world, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    attendance_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record_class_attendance(world.classroom, timezone.localdate(), {world.child.pk: ("sick", "咳嗽")}, world.user("teacher"))
    finally:
        attendance_recorded.disconnect(listener)
    assert len(received) == 1
    assert {r.child_id for r in received[0]["records"]} == {world.child.pk, world.other_child.pk}


def test_teacher_submits_the_class_screen(world, client_as, django_assert_num_queries):
    client = client_as(world.user("teacher"))
    url = reverse("campus:attendance_take", args=[world.classroom.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "病假" in page.content.decode()
    data = {f"status_{world.child.pk}": "sick", f"reason_{world.child.pk}": "发烧",
            f"status_{world.other_child.pk}": "present", f"reason_{world.other_child.pk}": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.get(child=world.child).status == "sick"
    assert Attendance.objects.get(child=world.other_child).status == "present"


def test_attendance_submit_for_30_children_is_a_constant_number_of_queries(world, client_as, django_assert_num_queries):
    for _ in range(28):
        factories.make_child(world.classroom)
    client = client_as(world.user("teacher"))
    url = reverse("campus:attendance_take", args=[world.classroom.pk])
    children = list(world.classroom.children.all())
    assert len(children) == 30
    data = {f"status_{c.pk}": "present" for c in children}
    data[f"status_{children[0].pk}"] = "sick"
    data[f"status_{children[1].pk}"] = "sick"
    # session, user, staff, campuses, permissions (user + group), groups (role check), classroom with
    # campus, children, existing rows, calendar (3); then the service: savepoint, children, existing
    # rows, insert, history insert, release.
    with django_assert_num_queries(19):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.filter(classroom=world.classroom, status="sick").count() == 2


def test_bad_status_is_shown_next_to_the_child_and_nothing_saved(world, client_as):
    client = client_as(world.user("teacher"))
    url = reverse("campus:attendance_take", args=[world.classroom.pk])
    response = client.post(url, {f"status_{world.child.pk}": "on-holiday", f"status_{world.other_child.pk}": "present"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Attendance.objects.exists()


def test_teacher_of_another_class_cannot_take_this_class(world, client_as):
    other_teacher = factories.make_staff("teacher", world.campus)
    client = client_as(other_teacher.user)
    assert client.get(reverse("campus:attendance_take", args=[world.classroom.pk])).status_code == 404


def test_the_nursery_staff_of_a_class_records_it_too(world, client_as):
    """Not only the head teacher: the nursery staff (保育员) assigned to the class take attendance."""
    nurse = factories.make_staff("teacher", world.campus)
    world.classroom.staff.add(nurse)
    client = client_as(nurse.user)
    url = reverse("campus:attendance_take", args=[world.classroom.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"status_{world.child.pk}": "personal", f"reason_{world.child.pk}": "回老家",
                                 f"status_{world.other_child.pk}": "present"})
    assert response.status_code == 302
    row = Attendance.objects.get(child=world.child)
    assert row.status == "personal" and row.recorded_by == nurse.user
    assert reverse("campus:attendance_take", args=[world.classroom.pk]) in client.get(reverse("home")).content.decode()
