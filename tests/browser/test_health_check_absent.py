"""Issue 11 on a 390 px phone, in Chinese: the morning check puts the children on leave on one line,
shows no number that reads like a reading, and refuses a child sent home without a reason."""

import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from health.models import HealthCheck
from tests import factories
from tests.factories import make_entry_exams, make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_morning_check_collapses_the_absent_and_shows_no_reading_like_placeholder(page_as, clock):
    world = make_world()
    for name in ("陈一诺", "刘子墨", "杨沐辰", "黄可欣"):
        factories.make_child(world.classroom, name)
    day = clock.school_day(world.campus, at="07:50")
    children = list(world.classroom.children_on(day).order_by("name"))
    make_entry_exams(*children)
    on_leave = [c for c in children if c.name in ("刘子墨", "杨沐辰")]
    for child, status, reason in zip(on_leave, (AttendanceStatus.SICK, AttendanceStatus.PERSONAL), ("发烧", "回老家"),
                                     strict=True):
        Attendance.objects.create(campus=world.campus, classroom=world.classroom, child=child, date=day, status=status,
                                  reason=reason)
    page = page_as(world.user("health_teacher"), "phone")
    page.goto(f"{page.base_url}/health/check/{world.classroom.pk}/morning/")
    line = page.locator(".absent-line")
    assert line.count() == 1 and line.is_visible()
    assert line.inner_text() == "缺勤 2 人：刘子墨、杨沐辰"
    for child in on_leave:
        assert page.locator(f"li[data-child='{child.pk}']").is_hidden()
    visible_rows = [r for r in page.locator("li.check-row").all() if r.is_visible()]
    assert len(visible_rows) == len(children) - 2
    placeholders = page.eval_on_selector_all("input[type=number]", "els => els.map(e => e.placeholder)")
    assert placeholders and set(placeholders) == {""}
    assert "36.5" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "health-morning-check-absent-line-phone")

    # The line opens to their rows, should one of them come in after all.
    line.click()
    page.locator(f"li[data-child='{on_leave[0].pk}']").wait_for(state="visible")

    # Sending a child home with nothing recorded is refused next to that child, in Chinese.
    child = next(c for c in children if c not in on_leave)
    row = page.locator(f"li[data-child='{child.pk}']")
    row.locator("button[data-bs-toggle=collapse]").click()
    row.locator("label", has_text="劝返回家").click()
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    error = page.locator(f"li[data-child='{child.pk}'] .check-error")
    assert error.is_visible() and error.inner_text() == f"{child.name}：劝返须记录体温或至少一项症状。"
    assert not HealthCheck.objects.exists()
    assert page.locator(".absent-line").inner_text() == "缺勤 2 人：刘子墨、杨沐辰"
    shot(page, "health-morning-check-sent-home-refused-phone")
    assert timezone.localdate() == day
