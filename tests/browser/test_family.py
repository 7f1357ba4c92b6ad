"""Issue 16 on a 390 px phone, in Chinese: a parent reports a sick day before the cut-off, the class
teacher confirms it with one tap, the kitchen's meal count for the day drops by one and the health
teacher's sick-absence follow-up is open."""

import pytest

from campus.choices import LeaveStatus
from campus.models import LeaveRequest
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def children_total(page) -> str:
    return page.locator("tr.fw-bold td").nth(1).inner_text().strip()


def test_a_sick_day_from_the_phone_reaches_kitchen_and_health(page_as, clock):
    world = make_world()
    day = clock.school_day(world.campus, at="07:40")
    factories.make_all_present([world.child, world.other_child], [day])
    cook = page_as(world.user("cook"), "phone")
    cook.goto(f"{cook.base_url}/kitchen/meals/?date={day.isoformat()}")
    assert children_total(cook) == "2"

    parent = page_as(world.parent.user, "phone")
    parent.goto(f"{parent.base_url}/parent/child/{world.child.pk}/today/")
    shot(parent, "family-today-before")
    parent.click("text=请假")
    parent.fill("input[name=symptoms]", "发烧 38.5 °C，咳嗽")
    shot(parent, "family-leave-form")
    parent.click("button:has-text('发送给老师')")
    parent.wait_for_load_state("networkidle")
    assert "请假已提交" in parent.content()
    shot(parent, "family-leave-sent")

    teacher = page_as(world.user("teacher"), "phone")
    teacher.goto(f"{teacher.base_url}/family/leave/")
    shot(teacher, "family-teacher-pending")
    teacher.click("button:has-text('确认请假')")
    teacher.wait_for_load_state("networkidle")
    assert LeaveRequest.objects.get().status == LeaveStatus.CONFIRMED
    shot(teacher, "family-teacher-confirmed")

    cook.reload()
    assert children_total(cook) == "1"
    shot(cook, "family-kitchen-count")

    health = page_as(world.user("health_teacher"), "phone")
    health.goto(f"{health.base_url}/health/follow-ups/")
    assert "张小明" in health.content()
    shot(health, "family-health-follow-up")

    parent.goto(f"{parent.base_url}/parent/child/{world.child.pk}/today/")
    assert "病假" in parent.content()
    shot(parent, "family-today-after")
