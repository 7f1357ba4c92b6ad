"""On a phone: a cook completes the kitchen's closing check with one anomaly and sees the follow-up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.roles import Role
from checklists import services
from checklists.choices import FollowUpStatus, RunStatus
from checklists.models import ChecklistTemplate, FollowUp, Run, TemplateItem
from tests.factories import make_image, make_world

from .conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _generic_follow_ups(monkeypatch):
    """These pages are the generic follow-up's; a repair's own pages are assets' (tests/browser/test_repairs.py)."""
    from checklists import hooks

    monkeypatch.setattr(hooks, "_ANOMALY_HANDLERS", {})


def kitchen_closing(world):
    template = ChecklistTemplate.objects.create(
        campus=world.campus, code="kitchen-closing", title="食堂下班前检查", department="kitchen",
        assignee_role=Role.COOK.value, recurrence="daily", place="食堂", starts_on=timezone.localdate(),
        due_time=dt.time(23, 0), section="二、重视安全、保卫工作 第3条", source_quote="食堂继续做好下班前的各种检查,人离门锁,防止外人进入。",
    )
    items = [
        TemplateItem.objects.create(template=template, position=1, label="燃气总阀已关闭"),
        TemplateItem.objects.create(template=template, position=2, label="冷藏冰箱温度", kind="number", unit="℃",
                                    min_value=Decimal(0), max_value=Decimal(8)),
        TemplateItem.objects.create(template=template, position=3, label="卫生状况", kind="choice",
                                    choices="好\n一般\n差", bad_choices="差"),
        TemplateItem.objects.create(template=template, position=4, label="门窗已锁好，人离门锁"),
    ]
    services.generate_runs(campus=world.campus)
    return template, items, Run.objects.get(template=template)


def test_cook_completes_a_run_with_one_anomaly_and_sees_the_follow_up(page_as):
    world = make_world()
    _template, items, run = kitchen_closing(world)
    page = page_as(world.user(Role.COOK), "phone")
    page.goto(f"{page.base_url}/checklists/")
    assert "我的检查" in page.content() and "食堂下班前检查" in page.content()
    shot(page, "checklists-my-phone")
    page.click("#todo-runs a")
    page.wait_for_load_state("networkidle")
    card = {item.pk: page.locator(f".run-item[data-item='{item.pk}']") for item in items}
    card[items[0].pk].locator("label", has_text="是").click()
    page.fill(f"input[name=item_{items[1].pk}]", "12")
    card[items[2].pk].locator("label", has_text="好").click()
    card[items[3].pk].locator("label", has_text="是").click()
    # Submitting without a note is refused, next to the item, and nothing is saved.
    page.click("#run-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "此项异常，请写明情况" in page.content()
    assert Run.objects.get(pk=run.pk).status != RunStatus.DONE
    shot(page, "checklists-run-note-required-phone")
    # The answers are still there; add the note and submit.
    assert page.input_value(f"input[name=item_{items[1].pk}]") == "12"
    page.fill(f"input[name=note_{items[1].pk}]", "冰箱制冷不好，已断电转移食材")
    shot(page, "checklists-run-before-submit-phone")
    page.click("#run-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "发现 1 处异常" in page.content()
    assert page.locator("#run-follow-ups a").count() == 1
    shot(page, "checklists-run-done-phone")
    page.click("#run-follow-ups a")
    page.wait_for_load_state("networkidle")
    assert "冷藏冰箱温度" in page.content() and "冰箱制冷不好" in page.content()
    assert page.locator("#follow-up-status").inner_text() == "待处理"
    shot(page, "checklists-follow-up-phone")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.anomaly_count == 1
    follow_up = FollowUp.objects.get()
    assert follow_up.run == run and follow_up.status == FollowUpStatus.OPEN


def test_logistics_head_closes_and_the_director_verifies(page_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    _template, items, run = kitchen_closing(world)
    services.complete_run(run, user=world.user(Role.COOK), answers={
        items[0].pk: services.Answer(value=False, note="阀门关不严"), items[1].pk: services.Answer(value=Decimal(4)),
        items[2].pk: services.Answer(value="好"), items[3].pk: services.Answer(value=True)})
    follow_up = FollowUp.objects.get()
    page = page_as(world.user(Role.LOGISTICS), "phone")
    page.goto(f"{page.base_url}/checklists/follow-ups/{follow_up.pk}/")
    page.fill("textarea[name=note]", "已请燃气公司更换总阀")
    # a repair is closed with a photo of the result, shown on the follow-up
    page.set_input_files("input[name=photo]", files=[{"name": "after.png", "mimeType": "image/png",
                                                      "buffer": make_image(size=(20, 20), color="green")}])
    page.click("text=已处理，提交验收")
    page.wait_for_load_state("networkidle")
    assert "等待另一位同事验收" in page.content()
    assert page.locator("#after-photo").evaluate("img => img.naturalWidth") == 20
    shot(page, "checklists-follow-up-closed-phone")
    director = page_as(world.user(Role.DIRECTOR), "phone")
    director.goto(f"{director.base_url}/checklists/follow-ups/{follow_up.pk}/")
    director.click("text=我已查看，验收通过")
    director.wait_for_load_state("networkidle")
    assert director.locator("#follow-up-status").inner_text() == "已验收"
    shot(director, "checklists-follow-up-verified-phone")


def test_logistics_head_previews_the_next_ten_dates_before_saving(page_as):
    world = make_world()
    services.load_standard_plan(world.campus)
    services.generate_runs(campus=world.campus)
    page = page_as(world.user(Role.LOGISTICS), "phone")
    page.goto(f"{page.base_url}/checklists/templates/new/")
    page.fill("input[name=title]", "走廊照明每周二检查")
    page.select_option("select[name=department]", "logistics")
    page.select_option("select[name=assignee_role]", "logistics_head")
    page.click("#advanced summary")  # a custom RRULE lives under 高级
    page.fill("input[name=rrule]", "FREQ=SOMETIMES")
    page.click("#preview-button")
    page.wait_for_selector("#preview .text-danger")
    assert "RRULE" in page.inner_text("#preview")
    page.fill("input[name=rrule]", "FREQ=WEEKLY;BYDAY=TU")
    page.click("#preview-button")
    page.wait_for_selector("#preview-dates")
    dates = page.locator("#preview-dates li").all_inner_texts()
    assert len(dates) == 10 and all("星期二" in text for text in dates)
    assert not ChecklistTemplate.objects.filter(title="走廊照明每周二检查").exists()
    shot(page, "checklists-template-preview-phone")
    page.fill("input[name=items-0-label]", "走廊灯全亮")
    page.click("text=保存模板")
    page.wait_for_load_state("networkidle")
    assert "模板已保存" in page.content()
    assert ChecklistTemplate.objects.get(title="走廊照明每周二检查").items.count() == 1
    page.goto(f"{page.base_url}/checklists/rates/?period=day")
    assert "按部门" in page.content()
    shot(page, "checklists-rates-phone")
