"""Issue 16: a dose due soon and not yet given is told to the class's staff and the health teacher,
once per dose (the beat job runs every five minutes); giving it marks the reminder read."""

import pytest
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models import AlertSettings, Notification, NotificationRecipient
from campus.roles import Role
from config.celery import collect_beat_schedule
from health import services
from health.tasks import alert_doses_due
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def syrup(world, settings, tmp_path, clock):
    settings.MEDIA_ROOT = tmp_path
    clock.at("08:00")
    today = timezone.localdate()
    return services.create_medication_request(
        world.child, drug="小儿止咳糖浆", dose="5 ml", times="10:00, 14:30", route="oral", starts_on=today,
        ends_on=today, user=world.parent.user, guardian=world.parent)


def test_a_dose_due_soon_is_told_once_to_the_class_staff_and_the_health_teacher(world, syrup, clock):
    nursery = factories.make_staff(Role.TEACHER, world.campus, username="nursery-x")
    world.classroom.staff.add(nursery)
    clock.at("09:40")
    assert services.alert_doses_due() == 0  # 20 minutes ahead; the campus tells 15 minutes ahead
    assert not Notification.objects.exists()
    clock.at("09:47")
    assert alert_doses_due() == 1  # the Celery task calls the same service
    notice = Notification.objects.get(kind=NoticeKind.MEDICATION_DUE)
    assert "10:00" in notice.title and "张小明" in notice.title and "小儿止咳糖浆" in notice.title
    assert notice.link == f"/health/medication/{syrup.pk}/"
    told = set(notice.recipients.values_list("user_id", flat=True))
    assert told == {world.user(Role.TEACHER).pk, nursery.user.pk, world.user(Role.HEALTH).pk}
    clock.at("09:52")
    assert services.alert_doses_due() == 1  # still due: the same alert, never sent again
    assert Notification.objects.count() == 1 and NotificationRecipient.objects.count() == 3
    services.give_dose(syrup, day=timezone.localdate(), scheduled="10:00", amount="5 ml", user=world.user(Role.HEALTH))
    assert not NotificationRecipient.objects.filter(read_at__isnull=True).exists()  # given: the reminder is done
    clock.at("09:57")
    assert services.alert_doses_due() == 0


def test_the_reminder_time_is_a_campus_setting_and_an_overdue_dose_is_not_a_reminder(world, syrup, clock):
    rules = AlertSettings.for_campus(world.campus)
    rules.medication_due_minutes = 60
    rules.save()
    clock.at("09:05")
    assert services.alert_doses_due() == 1
    clock.at("11:00")  # 10:00 is overdue (the health page flags it); 14:30 not due yet
    assert services.alert_doses_due() == 0
    clock.at("13:35")
    assert services.alert_doses_due() == 1
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"dose:{syrup.pk}:{timezone.localdate()}:10:00", f"dose:{syrup.pk}:{timezone.localdate()}:14:30"]


def test_the_beat_runs_it_every_five_minutes():
    entry = collect_beat_schedule()["health-medication-due"]
    assert entry["task"] == "health.tasks.alert_doses_due" and entry["schedule"].minute == set(range(0, 60, 5))
