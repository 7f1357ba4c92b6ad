import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from health import services
from health.choices import CheckAction, CheckSession, Disease, ExamKind, Finding, FollowUpStatus, WeakReason
from health.models import PhysicalExam, WeakChildCase
from health.services import CheckEntry, HealthError
from tests import factories
from tests.factories import make_class_with_children, make_entry_exams

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_yearly_exam_needs_hb_and_vision_from_age_4(world):
    user = world.user("health_teacher")
    four = factories.make_child(world.classroom, "四岁", birth_date=TODAY() - dt.timedelta(days=4 * 365 + 5))
    three = factories.make_child(world.classroom, "三岁", birth_date=TODAY() - dt.timedelta(days=3 * 365 + 5))
    with pytest.raises(HealthError) as exc:
        services.record_exam(four, kind=ExamKind.YEARLY, exam_date=TODAY(), hb=120, user=user)
    assert "vision_left" in exc.value.message_dict
    with pytest.raises(HealthError) as exc:
        services.record_exam(three, kind=ExamKind.YEARLY, exam_date=TODAY(), user=user)
    assert "hb" in exc.value.message_dict
    services.record_exam(three, kind=ExamKind.YEARLY, exam_date=TODAY(), hb=118, caries=1, user=user)
    exam = services.record_exam(four, kind=ExamKind.YEARLY, exam_date=TODAY(), hb=121, vision_left=4.9, vision_right=5.0,
                                caries=0, user=user)
    assert PhysicalExam.objects.filter(kind=ExamKind.YEARLY).count() == 2 and exam.history.count() == 1


def test_low_hb_registers_anaemia_with_plan_and_follow_ups(world):
    user = world.user("health_teacher")
    services.record_exam(world.child, kind=ExamKind.YEARLY, exam_date=TODAY(), hb=105, vision_left=5.0, vision_right=5.0,
                         user=user)
    case = WeakChildCase.objects.get(child=world.child)
    assert case.reason == WeakReason.ANAEMIA and "105" in case.detail
    services.record_exam(world.other_child, kind=ExamKind.YEARLY, exam_date=TODAY(), hb=110, vision_left=5.0,
                         vision_right=5.0, user=user)
    assert not WeakChildCase.objects.filter(child=world.other_child).exists()  # 110 is not < 110
    services.update_weak_case(case, plan="补铁，富含铁食物，一个月后复查血红蛋白", user=user)
    services.add_weak_visit(case, date=TODAY(), note="复查", hb=114, user=user)
    with pytest.raises(HealthError):
        services.update_weak_case(case, plan=case.plan, close=True, user=user)  # no outcome
    services.update_weak_case(case, plan=case.plan, close=True, outcome="Hb 恢复正常", user=user)
    case.refresh_from_db()
    assert case.status == FollowUpStatus.CLOSED and case.visits.count() == 1


def test_exams_due_yearly_and_half_yearly(world):
    young = factories.make_child(world.classroom, "两岁半", birth_date=TODAY() - dt.timedelta(days=2 * 365 + 180))
    make_entry_exams(young, world.child, day=TODAY() - dt.timedelta(days=200))
    due = {row["child"] for row in services.exams_due(world.campus, TODAY())}
    assert young in due  # under 3: every 6 months
    assert world.child not in due  # over 3: yearly
    assert world.other_child in due  # no exam at all


def test_exam_page_shows_who_cannot_start(world, client_as):
    page = client_as(world.user("health_teacher")).get("/health/exams/").content.decode()
    assert world.child.name in page and world.other_child.name in page


def test_disease_case_marks_notifiable_and_staff_cases(world):
    user = world.user("health_teacher")
    hfmd = services.record_case(campus=world.campus, child=world.child, disease=Disease.HFMD, onset=TODAY(),
                                isolation_start=TODAY(), user=user)
    assert hfmd.notifiable and hfmd.classroom == world.classroom
    herpangina = services.record_case(campus=world.campus, child=world.other_child, disease=Disease.HERPANGINA,
                                      onset=TODAY(), isolation_start=TODAY(), user=user)
    assert not herpangina.notifiable
    cook = services.record_case(campus=world.campus, staff=world.staff["cook"], disease=Disease.NOROVIRUS, onset=TODAY(),
                                isolation_start=TODAY(), user=user)
    assert cook.person == world.staff["cook"] and cook.classroom is None
    with pytest.raises(HealthError):
        services.record_case(campus=world.campus, disease=Disease.FLU if hasattr(Disease, "FLU") else Disease.INFLUENZA,
                             onset=TODAY() + dt.timedelta(days=1), isolation_start=TODAY(), user=user, child=world.child)


def test_registers_export_xlsx_and_print(world, client_as):
    room, children = make_class_with_children(world, 3)
    user = world.user("health_teacher")
    services.submit_class_check(room, TODAY(), CheckSession.MORNING,
                                {children[0].pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.6",
                                                            findings=[Finding.FEVER])}, user)
    client = client_as(user)
    day = TODAY().isoformat()
    response = client.get(f"/health/registers/checks/?first={day}&last={day}&format=xlsx")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(children[0].name in row for row in values)
    assert not any(children[1].name in row for row in values)  # fine children are not exceptions
    response = client.get(f"/health/registers/checks/?first={day}&last={day}&format=pdf")
    assert response.content.startswith(b"%PDF")
    for kind in ("observations", "medication", "followups", "cases", "outbreaks", "growth", "blood_pressure", "weak", "exams"):
        assert client.get(f"/health/registers/{kind}/?format=xlsx").status_code == 200, kind
    assert client.get("/health/registers/nope/").status_code == 404
