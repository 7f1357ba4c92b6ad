import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from health import services
from health.choices import CheckAction, CheckSession, Disease, ExamKind, Finding, FollowUpStatus
from health.models import HealthCheck, PhysicalExam, SickFollowUp
from health.services import CheckEntry, HealthError
from tests import factories
from tests.factories import make_class_with_children, make_entry_exams

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_everyone_fine_by_default_and_present_in_attendance(world):
    room, children = make_class_with_children(world, 5)
    health = world.user("health_teacher")
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {}, health)
    checks = HealthCheck.objects.filter(classroom=room, date=TODAY())
    assert checks.count() == 5
    assert {c.action for c in checks} == {CheckAction.ADMITTED}
    assert Attendance.objects.filter(classroom=room, date=TODAY(), status=AttendanceStatus.PRESENT).count() == 5


def test_exceptions_temperature_findings_and_sent_home(world):
    room, children = make_class_with_children(world, 4)
    a, b, c, d = children
    entries = {
        a.pk: CheckEntry(action=CheckAction.OBSERVE, temperature="37.6", findings=[Finding.COUGH]),
        b.pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.5", findings=[Finding.SKIN], note="手心有疹子"),
        c.pk: CheckEntry(action=CheckAction.NOT_HERE),
    }
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, entries, world.user("health_teacher"))
    rows = {r.child_id: r for r in HealthCheck.objects.filter(classroom=room)}
    assert rows[a.pk].temperature == Decimal("37.6")
    assert rows[a.pk].findings == [Finding.FEVER, Finding.COUGH]  # 37.6 ≥ 37.3: fever added
    assert rows[b.pk].action == CheckAction.SENT_HOME
    present = set(Attendance.objects.filter(classroom=room, status=AttendanceStatus.PRESENT).values_list("child_id", flat=True))
    assert present == {a.pk, d.pk}  # the child not here is not marked present
    sent_home = Attendance.objects.get(child=b)  # sent home at the gate: a sick leave, no meals, refund rules apply
    assert sent_home.status == AttendanceStatus.SICK
    assert sent_home.reason.startswith("晨检劝返：") and "38.5℃" in sent_home.reason
    assert not Attendance.objects.filter(child=c).exists()
    follow_up = SickFollowUp.objects.get(child=b)
    assert follow_up.status == FollowUpStatus.OPEN and "手心有疹子" in follow_up.reason
    assert not SickFollowUp.objects.filter(child=a).exists()
    assert rows[b.pk].history.count() == 1


def test_resubmitting_corrects_with_history(world):
    room, (a, *_rest) = make_class_with_children(world, 3)
    user = world.user("health_teacher")
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {}, user)
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {a.pk: CheckEntry(action=CheckAction.OBSERVE)}, user)
    row = HealthCheck.objects.get(child=a)
    assert row.action == CheckAction.OBSERVE
    assert row.history.count() == 2
    assert HealthCheck.objects.filter(classroom=room).count() == 3


@pytest.mark.parametrize("temperature", ["33.9", "42.6", "95", "abc"])
def test_impossible_temperature_saves_nothing(world, temperature):
    room, (a, b) = make_class_with_children(world, 2)
    with pytest.raises(HealthError) as exc:
        services.submit_class_check(room, TODAY(), CheckSession.MORNING, {a.pk: CheckEntry(temperature=temperature)},
                                    world.user("health_teacher"))
    assert a.name in exc.value.message_dict[a.pk][0]
    assert not HealthCheck.objects.exists()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("size", [10, 30])
def test_class_check_is_one_submit_in_constant_queries(world, django_assert_num_queries, size):
    """Children, three start-gate queries, today's absences, existing rows, two inserts (row + history),
    mark_present (savepoint, 4, release), the sent-home follow-up (3) and the outbreak rule (4)."""
    room, children = make_class_with_children(world, size)
    services.settings_for(world.campus)
    entries = {children[0].pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.2", findings=[Finding.FEVER]),
               children[1].pk: CheckEntry(action=CheckAction.OBSERVE, findings=[Finding.EYES])}
    with django_assert_num_queries(23):
        services.submit_class_check(room, TODAY(), CheckSession.MORNING, entries, world.user("health_teacher"))
    assert HealthCheck.objects.filter(classroom=room).count() == size


def test_child_without_entry_certificate_cannot_start(world):
    room, (a, b) = make_class_with_children(world, 2)
    newcomer = factories.make_child(room, "新来的")
    user = world.user("health_teacher")
    blockers = services.start_blockers([newcomer, a], TODAY(), services.settings_for(world.campus))
    assert "入园" in blockers[newcomer.pk] or "entry health certificate" in blockers[newcomer.pk]
    # By default the newcomer is "not here"; the rest of the class is saved.
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {}, user)
    assert HealthCheck.objects.get(child=newcomer).action == CheckAction.NOT_HERE
    assert not Attendance.objects.filter(child=newcomer).exists()
    # Admitting the newcomer is refused with a clear message, nothing saved.
    with pytest.raises(HealthError) as exc:
        services.submit_class_check(room, TODAY(), CheckSession.MORNING,
                                    {newcomer.pk: CheckEntry(action=CheckAction.ADMITTED, note="家长说已体检")}, user)
    assert newcomer.name in exc.value.message_dict[newcomer.pk][0]
    assert HealthCheck.objects.get(child=newcomer).note == ""
    make_entry_exams(newcomer)
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {newcomer.pk: CheckEntry()}, user)
    assert HealthCheck.objects.get(child=newcomer).action == CheckAction.ADMITTED


def test_reexam_due_after_three_months_away(world):
    room, (a,) = make_class_with_children(world, 1)
    PhysicalExam.objects.filter(child=a).update(exam_date=TODAY() - dt.timedelta(days=400))
    Attendance.objects.create(campus=world.campus, classroom=room, child=a, date=TODAY() - dt.timedelta(days=95))
    hs = services.settings_for(world.campus)
    assert a.pk in services.start_blockers([a], TODAY(), hs)
    Attendance.objects.create(campus=world.campus, classroom=room, child=a, date=TODAY() - dt.timedelta(days=89),
                              status=AttendanceStatus.PRESENT)
    assert a.pk not in services.start_blockers([a], TODAY(), hs)  # away 89 days: no re-exam
    Attendance.objects.filter(child=a).delete()
    Attendance.objects.create(campus=world.campus, classroom=room, child=a, date=TODAY() - dt.timedelta(days=100))
    PhysicalExam.objects.create(campus=world.campus, child=a, kind=ExamKind.REEXAM, exam_date=TODAY() - dt.timedelta(days=1))
    assert a.pk not in services.start_blockers([a], TODAY(), hs)


def test_isolated_child_returns_only_with_certificate(world):
    room, (a, b) = make_class_with_children(world, 2)
    user = world.user("health_teacher")
    case = services.record_case(campus=world.campus, child=a, disease=Disease.CHICKENPOX, onset=TODAY() - dt.timedelta(days=3),
                                isolation_start=TODAY() - dt.timedelta(days=3), user=user)
    with pytest.raises(HealthError):
        services.submit_class_check(room, TODAY(), CheckSession.MORNING, {a.pk: CheckEntry()}, user)
    with pytest.raises(HealthError) as exc:
        services.record_return(case, returned_on=TODAY(), certificate_no="  ", user=user)
    assert "certificate_no" in exc.value.message_dict
    case.refresh_from_db()
    assert case.returned_on is None
    services.record_return(case, returned_on=TODAY(), certificate_no="区人民医院 2024-118", user=user)
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {a.pk: CheckEntry()}, user)
    assert HealthCheck.objects.get(child=a).action == CheckAction.ADMITTED


def test_afternoon_check_does_not_touch_attendance_and_needs_no_certificate(world):
    room, (a,) = make_class_with_children(world, 1, certified=False)
    services.submit_class_check(room, TODAY(), CheckSession.AFTERNOON, {a.pk: CheckEntry(temperature="36.8")},
                                world.user("teacher"))
    assert HealthCheck.objects.get(child=a, session=CheckSession.AFTERNOON).temperature == Decimal("36.8")
    assert not Attendance.objects.exists()


def test_future_day_refused(world):
    room, _children = make_class_with_children(world, 1)
    with pytest.raises(HealthError):
        services.submit_class_check(room, TODAY() + dt.timedelta(days=1), CheckSession.MORNING, {}, world.user("teacher"))


def test_a_child_already_on_leave_stays_absent(world):
    room, (a, b) = make_class_with_children(world, 2)
    Attendance.objects.create(campus=world.campus, classroom=room, child=a, date=TODAY(), status=AttendanceStatus.SICK,
                              reason="发烧")
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {}, world.user("health_teacher"))
    assert HealthCheck.objects.get(child=a).action == CheckAction.NOT_HERE
    assert Attendance.objects.get(child=a).status == AttendanceStatus.SICK
    # The child came after all: the teacher taps "admitted" and attendance follows.
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, {a.pk: CheckEntry(action=CheckAction.ADMITTED)},
                                world.user("health_teacher"))
    assert Attendance.objects.get(child=a).status == AttendanceStatus.PRESENT
