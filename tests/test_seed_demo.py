"""seed_demo builds a usable demo kindergarten, and a second run changes nothing."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from campus.demo import DEMO_PASSWORD, PARENT_PHONE
from campus.models import Attendance, Campus, Child, Classroom, Guardian, Notification, StaffMember
from campus.roles import STAFF_ROLES
from tests.factories import log_in

pytestmark = pytest.mark.django_db


def row_counts() -> dict:
    counts = {}
    for label in [*settings.HOUQIN_APPS, "auth"]:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def test_seed_demo_builds_the_kindergarten_and_is_idempotent(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):  # a process left in English (a test, a shell) still seeds in Chinese
        call_command("seed_demo", verbosity=0)
    titles = list(Notification.objects.values_list("title", flat=True))
    assert titles and all(re.search(r"[\u4e00-\u9fff]", title) for title in titles), titles[:3]
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first

    assert Campus.objects.count() == 2
    assert Campus.objects.get(code="village").guided_by.code == "central"
    assert Classroom.objects.count() == 6
    assert 170 <= Child.objects.count() <= 190
    assert Guardian.objects.count() >= Child.objects.count()
    roles = {group.name for staff in StaffMember.objects.all() for group in staff.user.groups.all()}
    assert {role.value for role in STAFF_ROLES} <= roles
    assert Attendance.objects.values("date").distinct().count() >= 15  # four weeks of school days
    from kitchen.models import MealPhoto

    assert MealPhoto.objects.filter(campus__code="central").count() == 3  # today's breakfast and lunch, drawn once
    assert all((settings.MEDIA_ROOT / p.photo.name).is_file() for p in MealPhoto.objects.all())
    client = Client()
    assert log_in(client, PARENT_PHONE, DEMO_PASSWORD)
    assert log_in(client, "director", DEMO_PASSWORD)
