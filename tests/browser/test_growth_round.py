import datetime as dt

import pytest
from django.utils import timezone

from health.models import Measurement
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_health_teacher_records_position_and_oedema_on_a_phone(page_as):
    world = make_world()
    today = timezone.localdate()
    toddler = factories.make_child(world.classroom, "甲小小", gender="M", birth_date=today - dt.timedelta(days=700))
    four = factories.make_child(world.classroom, "乙四岁", gender="F", birth_date=today - dt.timedelta(days=1461))
    page = page_as(world.user("health_teacher"), "phone")
    page.goto(f"{page.base_url}/health/growth/class/{world.classroom.pk}/")
    # The usual position for the age is preselected: lying under 2, standing from 2.
    assert page.locator(f"#pl{toddler.pk}").is_checked() and page.locator(f"#ps{four.pk}").is_checked()
    row = page.locator(f"li[data-child='{toddler.pk}']")
    row.locator(f"input[name=height_{toddler.pk}]").fill("80.0")
    row.locator(f"input[name=weight_{toddler.pk}]").fill("10.9")
    row.locator("label", has_text="立位").click()  # this toddler stood: +0.7 cm
    row = page.locator(f"li[data-child='{four.pk}']")
    row.locator(f"input[name=height_{four.pk}]").fill("102.7")
    row.locator(f"input[name=weight_{four.pk}]").fill("17.0")
    row.locator("label", has_text="水肿").click()
    shot(page, "health-growth-round-position-oedema-phone")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.content().count("水肿，不计算") == 3
    shot(page, "health-growth-round-saved-phone")
    t, f = Measurement.objects.get(child=toddler), Measurement.objects.get(child=four)
    assert t.position == "standing" and not t.oedema
    assert f.position == "standing" and f.oedema and f.wfa is None and f.hfa is not None
