"""The group director's dashboard in Chinese on a phone and a desktop: the red outbreak banner on
top, a grey "nothing recorded" card, and every campus side by side."""

import datetime as dt

import pytest
from django.utils import timezone

from campus.roles import Role
from campus.services import record_class_attendance
from health.choices import OutbreakRule, SymptomGroup
from health.models import OutbreakAlert
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_director_dashboard_shows_the_outbreak_banner_and_nothing_recorded_cards(page_as, viewport):
    world = make_world()
    now = timezone.now()
    alert = OutbreakAlert.objects.create(
        campus=world.campus, classroom=world.classroom, symptom_group=SymptomGroup.FEVER, rule=OutbreakRule.DAY,
        detected_on=timezone.localdate(), cases=3, detected_at=now, report_due=now + dt.timedelta(hours=20))
    record_class_attendance(world.classroom, timezone.localdate(), {}, world.user(Role.TEACHER))
    director = factories.make_staff(Role.DIRECTOR, [world.campus, world.other_campus], username="group").user

    page = page_as(director, viewport)
    page.goto(f"{page.base_url}/dashboard/campuses/")
    table = page.locator("#campuses-side-by-side")
    assert "阳光幼儿园" in table.inner_text() and "桃源分园" in table.inner_text()
    banner = page.locator("#outbreak-alerts")
    assert banner.is_visible() and "阳光幼儿园" in banner.inner_text()  # every campus's alerts, named
    assert table.locator("td[data-state=none]").count() > table.locator("td[data-state=ok]").count() >= 1
    shot(page, f"dashboard-campuses-{viewport}")
    page.locator("#campuses-side-by-side thead button", has_text="阳光幼儿园").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/dashboard/") and "阳光幼儿园" in page.locator("h1").inner_text()

    banner = page.locator("#outbreak-alerts")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "未上报的疫情预警" in text and "小一班" in text and "3" in text and "报告截止时间" in text
    first_card = page.locator(".card-stat").first.bounding_box()
    assert banner.bounding_box()["y"] < first_card["y"]  # on top
    none_card = page.locator(".card-stat[data-state=none]").first
    assert "尚无记录" in none_card.inner_text()
    assert page.locator(".card-stat[data-state=ok]").count() >= 1  # attendance recorded for the one class
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"dashboard-{viewport}")
    banner.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(alert.get_absolute_url())
