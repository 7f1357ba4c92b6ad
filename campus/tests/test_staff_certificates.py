"""The logistics head and the director see every staff member's certificate expiring within the
campus's alert days (default 30) or expired (issue 11)."""

import datetime as dt

import pytest
from django.utils import timezone

from campus import dashboard
from campus.choices import CertificateKind
from campus.models import StaffCertificate, StaffSettings
from campus.roles import Role

pytestmark = pytest.mark.django_db


def _cert(world, role, kind, days):
    return StaffCertificate.objects.create(staff=world.staff[role.value], kind=kind,
                                           expires_on=timezone.localdate() + dt.timedelta(days=days))


def test_the_card_lists_every_staff_certificate_expiring_within_30_days(world, client_as, rf):
    day = timezone.localdate()
    expired = _cert(world, Role.COOK, CertificateKind.HEALTH, -7)
    soon = _cert(world, Role.TEACHER, CertificateKind.TEACHER, 30)
    _cert(world, Role.GATEKEEPER, CertificateKind.HEALTH, 31)  # not yet
    _cert(world, Role.HEALTH, CertificateKind.HEALTH, -3)
    _cert(world, Role.HEALTH, CertificateKind.HEALTH, 200)  # renewed: the old one is not listed
    StaffCertificate.objects.create(staff=world.outsider, kind=CertificateKind.HEALTH, expires_on=day)  # another campus only
    card = dashboard.certificates_card(world.campus, day)
    assert [row[0] for row in card.rows] == [expired.staff.name, soon.staff.name]
    assert card.level == "danger" and card.value == "2"
    settings = StaffSettings.for_campus(world.campus)
    settings.certificate_alert_days = 60
    settings.save()
    assert len(dashboard.certificates_card(world.campus, day).rows) == 3
    for role in (Role.DIRECTOR, Role.LOGISTICS):
        page = client_as(world.user(role)).get("/dashboard/").content.decode()
        assert expired.staff.name in page and soon.staff.name in page
        request = rf.get("/")
        request.user, request.campus = world.user(role), world.campus
        assert any(expired.staff.name in todo.detail for todo in dashboard.todos(request, day))
    request = rf.get("/")
    request.user, request.campus = world.user(Role.COOK), world.campus
    assert not any(expired.staff.name in todo.detail for todo in dashboard.todos(request, day))


def test_the_card_costs_the_same_queries_for_many_staff(world, django_assert_num_queries):
    day = timezone.localdate()
    _cert(world, Role.COOK, CertificateKind.HEALTH, 1)
    StaffSettings.for_campus(world.campus)  # the settings row is read once and kept on the campus: the card is one query
    with django_assert_num_queries(1):
        dashboard.certificates_card(world.campus, day)
    for role in (Role.TEACHER, Role.GATEKEEPER, Role.CASHIER):
        _cert(world, role, CertificateKind.HEALTH, 2)
    with django_assert_num_queries(1):
        card = dashboard.certificates_card(world.campus, day)
    assert len(card.rows) == 4
