import datetime as dt

import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.services import record_class_attendance, set_attendance
from health import services
from health.choices import FollowUpStatus, SymptomGroup
from health.models import SickFollowUp

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_each_sick_leave_opens_a_follow_up(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_class_attendance(world.classroom, TODAY(), {world.child.pk: (AttendanceStatus.SICK, "咳嗽"),
                                                           world.other_child.pk: (AttendanceStatus.PERSONAL, "探亲")},
                                world.user("teacher"))
    fu = SickFollowUp.objects.get()
    assert (fu.child, fu.date, fu.reason, fu.status) == (world.child, TODAY(), "咳嗽", FollowUpStatus.OPEN)
    # Recorded again (a correction): still one follow-up.
    with django_capture_on_commit_callbacks(execute=True):
        set_attendance(world.child, TODAY(), AttendanceStatus.SICK, world.user("teacher"), reason="咳嗽发烧")
    assert SickFollowUp.objects.count() == 1


def test_three_sick_leaves_for_fever_in_one_class_raise_the_outbreak_alert(world, django_capture_on_commit_callbacks):
    from health.models import OutbreakAlert
    from tests import factories

    kids = [world.child, world.other_child, factories.make_child(world.classroom, "王小丫")]
    with django_capture_on_commit_callbacks(execute=True):
        record_class_attendance(world.classroom, TODAY(), {kids[0].pk: (AttendanceStatus.SICK, "发烧"),
                                                           kids[1].pk: (AttendanceStatus.SICK, "拉肚子")},
                                world.user("teacher"))
    assert not OutbreakAlert.objects.exists()
    assert SickFollowUp.objects.get(child=kids[0]).symptom_group == SymptomGroup.FEVER
    with django_capture_on_commit_callbacks(execute=True):
        record_class_attendance(world.classroom, TODAY(), {kids[0].pk: (AttendanceStatus.SICK, "发烧"),
                                                           kids[1].pk: (AttendanceStatus.SICK, "高烧39度"),
                                                           kids[2].pk: (AttendanceStatus.SICK, "低烧")},
                                world.user("teacher"))
    # The second child's follow-up was opened with "拉肚子": still digestive, so only two fevers so far.
    assert not OutbreakAlert.objects.exists()
    services.update_follow_up(SickFollowUp.objects.get(child=kids[1]), user=world.user("health_teacher"),
                              symptoms="高烧39度", symptom_group=SymptomGroup.FEVER)
    assert OutbreakAlert.objects.get().cases == 3


def test_open_follow_ups_are_flagged_by_evening(world):
    hs = services.settings_for(world.campus)
    fu = SickFollowUp.objects.create(campus=world.campus, classroom=world.classroom, child=world.child, date=TODAY())
    tz = timezone.get_current_timezone()
    noon = dt.datetime.combine(TODAY(), dt.time(12), tzinfo=tz)
    evening = dt.datetime.combine(TODAY(), dt.time(hs.follow_up_flag_hour, 1), tzinfo=tz)
    assert list(services.flagged_follow_ups(world.campus, noon)) == []
    assert list(services.flagged_follow_ups(world.campus, evening)) == [fu]
    tomorrow_morning = noon + dt.timedelta(days=1) - dt.timedelta(hours=3)
    assert list(services.flagged_follow_ups(world.campus, tomorrow_morning)) == [fu]
    services.update_follow_up(fu, user=world.user("health_teacher"), symptoms="咳嗽", symptom_group=SymptomGroup.RESPIRATORY,
                              onset=TODAY(), doctor_visit=True, diagnosis="上呼吸道感染")
    assert list(services.flagged_follow_ups(world.campus, evening)) == []
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.CLOSED and fu.closed_by == world.user("health_teacher")


def test_closing_needs_symptoms_and_a_sane_onset(world):
    fu = SickFollowUp.objects.create(campus=world.campus, classroom=world.classroom, child=world.child, date=TODAY())
    with pytest.raises(services.HealthError) as exc:
        services.update_follow_up(fu, user=world.user("health_teacher"))
    assert "symptoms" in exc.value.message_dict
    with pytest.raises(services.HealthError) as exc:
        services.update_follow_up(fu, user=world.user("health_teacher"), symptoms="发烧", onset=TODAY() + dt.timedelta(days=1))
    assert "onset" in exc.value.message_dict
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.OPEN


def test_follow_up_page_saves_and_shows_history(world, client_as):
    fu = SickFollowUp.objects.create(campus=world.campus, classroom=world.classroom, child=world.child, date=TODAY())
    client = client_as(world.user("teacher"))
    response = client.post(f"/health/follow-ups/{fu.pk}/", {"symptoms": "", "diagnosis": ""})
    assert response.status_code == 200 and "symptoms" in response.context["form"].errors
    response = client.post(f"/health/follow-ups/{fu.pk}/", {"symptoms": "发烧38.5", "symptom_group": "fever",
                                                           "onset": TODAY().isoformat(), "doctor_visit": "on"})
    assert response.status_code == 302
    page = client.get(f"/health/follow-ups/{fu.pk}/").content.decode()
    assert "history-list" in page and "发烧38.5" in page
