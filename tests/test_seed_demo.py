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

    # the food store: the last school days' issues as the menu proposed them, a corrected delivery
    # reversed and received again, and the village's canteen account on the issued basis
    from finance.models import CanteenAccount
    from logistics.models import StockMove

    menu_issues = StockMove.objects.filter(campus__code="central", reason="按当日菜谱领料", kind="issue")
    assert menu_issues.values("day").distinct().count() == 3 and menu_issues.filter(item__name="大米").exists()
    sugar = list(StockMove.objects.filter(campus__code="central", item__name="白砂糖", document_id__isnull=False)
                 .order_by("pk").values_list("kind", "quantity"))
    assert [(kind, int(qty)) for kind, qty in sugar] == [("receipt", 20), ("receipt", 18), ("reversal", -20)]
    village = CanteenAccount.objects.filter(campus__code="village").first()
    assert village is not None and village.food_basis == "issued"
    assert CanteenAccount.objects.filter(campus__code="central").exclude(food_basis="accepted").count() == 0

    # the kitchen's disinfection cabinet has its own monthly check (a checklist for one asset)
    from checklists.models import ChecklistTemplate
    from checklists.targets import targets_of

    cabinet = ChecklistTemplate.objects.get(campus__code="central", code="disinfection-cabinet-monthly")
    assert cabinet.target_kind == "assets.asset"
    assert [label.split(" ", 1)[1] for _key, label in targets_of(cabinet)] == ["消毒柜 · 厨房"]
