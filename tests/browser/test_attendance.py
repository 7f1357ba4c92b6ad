
import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_teacher_records_attendance_with_two_sick_leaves(page_as, viewport):
    world = make_world()
    for n in range(8):
        factories.make_child(world.classroom, f"测试{n}号")
    children = list(world.classroom.children_on(timezone.localdate()).order_by("name"))
    sick = children[:2]
    page = page_as(world.user("teacher"), viewport)
    assert "今天" in page.content()
    page.goto(f"{page.base_url}/attendance/class/{world.classroom.pk}/")
    assert "请假" in page.content() or "病假" in page.content()
    for child in sick:
        page.locator(f"li[data-child='{child.pk}'] label", has_text="病假").click()
        page.fill(f"input[name=reason_{child.pk}]", "发烧")
    shot(page, f"attendance-before-save-{viewport}")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content()
    shot(page, f"attendance-saved-{viewport}")
    rows = {row.child_id: row for row in Attendance.objects.filter(classroom=world.classroom)}
    assert len(rows) == len(children)
    assert {c.pk for c in sick} == {pk for pk, r in rows.items() if r.status == AttendanceStatus.SICK}
    assert all(r.reason == "发烧" for r in rows.values() if r.status == AttendanceStatus.SICK)


def test_parent_cannot_open_another_childs_page(page_as):
    world = make_world()
    page = page_as(world.parent.user, "phone")
    assert world.child.name in page.content()
    response = page.goto(f"{page.base_url}/parent/child/{world.child.pk}/")
    assert response.status == 200
    response = page.goto(f"{page.base_url}/parent/child/{world.other_child.pk}/")
    assert response.status == 404
    assert world.other_child.name not in page.content()
    shot(page, "parent-other-child-phone")
