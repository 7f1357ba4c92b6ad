"""Issue 16: an expiring certificate is an alert of every department, staff certificates included
(健康证 first): the daily beat job tells the director, the health teacher for a health certificate,
and the staff member, once when it enters the alert window and once when it expires; the group
robots take the kind;."""

import datetime as dt

import pytest
from django.utils import timezone

from campus.choices import CertificateKind, NoticeKind
from campus.models import Notification, NotificationRecipient, StaffCertificate
from campus.roles import Role
from campus.services import alert_staff_certificates
from campus.tasks_family import alert_staff_certificates as alert_task
from config.celery import collect_beat_schedule

pytestmark = pytest.mark.django_db


def _cert(world, role, kind, days, staff=None):
    return StaffCertificate.objects.create(staff=staff or world.staff[role.value], kind=kind,
                                           expires_on=timezone.localdate() + dt.timedelta(days=days))


def _told(notification):
    return set(notification.recipients.values_list("user_id", flat=True))


def test_an_expiring_health_certificate_is_told_once_then_again_when_it_expires(world, clock):
    cook = _cert(world, Role.COOK, CertificateKind.HEALTH, 10)
    _cert(world, Role.TEACHER, CertificateKind.HEALTH, 45)  # outside the 30-day window
    _cert(world, Role.GATEKEEPER, CertificateKind.HEALTH, 5)
    _cert(world, Role.GATEKEEPER, CertificateKind.HEALTH, 300)  # renewed: nothing to tell
    other = _cert(world, None, CertificateKind.HEALTH, 3, staff=world.outsider)  # another campus's staff
    assert alert_task() == 2  # the Celery task calls the service: this campus's cook, the other campus's one
    assert set(Notification.objects.filter(key__startswith=f"certificate:{other.pk}:").values_list("campus_id", flat=True)) == {
        world.outsider.campuses.get().pk}  # told at their own campus only
    staff_alert = Notification.objects.get(campus=world.campus, key=f"certificate:{cook.pk}:expiring")
    assert "健康证即将到期" in staff_alert.title and cook.staff.name in staff_alert.title
    assert _told(staff_alert) == {world.user(Role.DIRECTOR).pk, world.user(Role.HEALTH).pk}
    assert staff_alert.link == f"/staff/{cook.staff_id}/"
    own = Notification.objects.get(campus=world.campus, key=f"certificate:{cook.pk}:expiring:own")
    assert _told(own) == {world.user(Role.COOK).pk} and own.link == "/staff/me/certificates/"
    assert "交给园长" in own.body and "教职工页面" in staff_alert.body  # the cook hands it in; the director records it

    assert alert_staff_certificates() == 0  # the next morning's run tells no one again
    assert NotificationRecipient.objects.filter(notification__kind=NoticeKind.STAFF_CERTIFICATE,
                                                notification__campus=world.campus).count() == 3

    clock.at(cook.expires_on + dt.timedelta(days=1))
    assert alert_staff_certificates() == 2  # the cook's, and the other campus's that expired before it
    expired = Notification.objects.get(campus=world.campus, key=f"certificate:{cook.pk}:expired")
    assert "健康证已过期" in expired.title and f"{cook.staff.name}不得从事接触幼儿或食品的工作" in expired.body


def test_a_teacher_qualification_goes_to_the_director_only_and_a_renewal_ends_the_alerts(world, clock):
    licence = _cert(world, Role.TEACHER, CertificateKind.TEACHER, 20)
    assert alert_staff_certificates() == 1
    notice = Notification.objects.get(key=f"certificate:{licence.pk}:expiring")
    assert _told(notice) == {world.user(Role.DIRECTOR).pk}
    _cert(world, Role.TEACHER, CertificateKind.TEACHER, 20 + 3 * 365)  # renewed before it expired
    clock.at(licence.expires_on + dt.timedelta(days=2))
    assert alert_staff_certificates() == 0
    assert not Notification.objects.filter(key=f"certificate:{licence.pk}:expired").exists()


def test_the_beat_runs_it_every_morning():
    entry = collect_beat_schedule()["campus-staff-certificates"]
    assert entry["task"] == "campus.tasks.alert_staff_certificates"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {10}
