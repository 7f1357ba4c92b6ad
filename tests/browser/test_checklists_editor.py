"""Issue 11: the checklist template editor on a phone. A 10-question template fits in under
2,500 px at 390 px wide (it was ~5,700 px), the rule is a plain choice with its N in words, the
RRULE field stays out of sight until 高级 is opened, and a yes/no question shows no unit/min/max."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.roles import Role
from checklists.models import ChecklistTemplate, TemplateItem
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser

MAX_HEIGHT = 2500


def ten_questions(world):
    template = ChecklistTemplate.objects.create(
        campus=world.campus, code="t-lighting", title="照明设施每月检查", department="logistics",
        assignee_role=Role.LOGISTICS.value, recurrence="monthly_day", day_of_month=5, starts_on=timezone.localdate(),
        due_time=dt.time(17, 0),
    )
    for n in range(1, 9):
        TemplateItem.objects.create(template=template, position=n, label=f"第{n}处照明正常", follow_up_kind="repair")
    TemplateItem.objects.create(template=template, position=9, label="不亮的灯（盏）", kind="number", unit="盏",
                                min_value=Decimal(0), max_value=Decimal(0))
    TemplateItem.objects.create(template=template, position=10, label="说明", kind="text", required=False,
                                follow_up_kind="general")
    return template


def test_the_template_editor_fits_a_phone(page_as):
    world = make_world()
    template = ten_questions(world)
    page = page_as(world.user(Role.LOGISTICS), "phone")
    page.goto(f"{page.base_url}/checklists/templates/{template.pk}/")
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"template editor height at 390 px: {height}")
    shot(page, "checklists-template-editor-phone")
    assert height < MAX_HEIGHT
    # The rule is a plain choice that says its N; no RRULE and no code to invent in sight.
    assert "每月第 5 日" in page.locator("select[name=recurrence] option:checked").inner_text()
    assert "RRULE" not in page.inner_text("body")
    assert not page.locator("input[name=rrule]").is_visible()
    assert page.locator("input[name=code]").count() == 0
    page.fill("input[name=day_of_month]", "12")
    assert "每月第 12 日" in page.locator("select[name=recurrence] option:checked").inner_text()
    page.click("#advanced summary")
    assert page.locator("input[name=rrule]").is_visible()
    assert "RRULE" in page.inner_text("#advanced")
    # A yes/no question has no unit / min / max; a number question has them.
    assert not page.locator("input[name=items-0-unit]").is_visible()
    assert not page.locator("input[name=items-0-min_value]").is_visible()
    assert page.locator("input[name=items-8-unit]").is_visible()
    page.select_option("select[name=items-0-kind]", "number")
    assert page.locator("input[name=items-0-unit]").is_visible()
    # A new question: the button adds a card; saving keeps the old ones and adds it.
    page.select_option("select[name=items-0-kind]", "yes_no")
    page.click("#add-item")
    page.fill("input[name=items-10-label]", "应急灯正常")
    assert not page.locator("input[name=items-10-unit]").is_visible()
    page.click("text=保存模板")
    page.wait_for_load_state("networkidle")
    assert "模板已保存" in page.content()
    assert template.items.filter(is_active=True).count() == 11
    template.refresh_from_db()
    assert template.code == "t-lighting" and template.day_of_month == 12
