import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from health.choices import CheckAction, FollowUpStatus
from health.models import HealthCheck, SickFollowUp
from tests import factories
from tests.factories import make_entry_exams, make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_health_teacher_runs_a_morning_check_with_one_child_sent_home(page_as):
    world = make_world()
    for n in range(8):
        factories.make_child(world.classroom, f"测试{n}号")
    children = list(world.classroom.children_on(timezone.localdate()).order_by("name"))
    make_entry_exams(*children)
    sick = children[2]
    page = page_as(world.user("health_teacher"), "phone")
    page.goto(f"{page.base_url}/health/")
    assert "晨检" in page.content()
    shot(page, "health-index-phone")
    page.click(f"a[href='/health/check/{world.classroom.pk}/morning/']")
    page.wait_for_load_state("networkidle")
    assert "默认全部正常入园" in page.content()
    row = page.locator(f"li[data-child='{sick.pk}']")
    row.locator("button[data-bs-toggle=collapse]").click()
    row.locator(f"input[name=temp_{sick.pk}]").fill("38.6")
    row.locator("label", has_text="发热").click()
    row.locator("label", has_text="劝返回家").click()
    row.locator(f"input[name=note_{sick.pk}]").fill("精神差，已电话通知妈妈来接")
    shot(page, "health-morning-check-before-save-phone")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content()
    shot(page, "health-morning-check-saved-phone")

    rows = {r.child_id: r for r in HealthCheck.objects.filter(classroom=world.classroom)}
    assert len(rows) == len(children)
    assert rows[sick.pk].action == CheckAction.SENT_HOME and str(rows[sick.pk].temperature) == "38.6"
    assert Attendance.objects.filter(classroom=world.classroom, status=AttendanceStatus.PRESENT).count() == len(children) - 1
    assert Attendance.objects.get(child=sick).status == AttendanceStatus.SICK  # sent home at the gate: no lunch cooked

    page.goto(f"{page.base_url}/health/follow-ups/")
    assert sick.name in page.content() and "劝返" in page.content()
    shot(page, "health-follow-ups-phone")
    page.click(f"text={sick.name}")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=diagnosis]", "急性上呼吸道感染")
    page.check("input[name=doctor_visit]")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert SickFollowUp.objects.get(child=sick).status == FollowUpStatus.CLOSED
    shot(page, "health-follow-up-closed-phone")


def test_parent_sees_the_growth_chart_and_medication_log_on_a_phone(page_as):
    import datetime as dt

    from health import services

    world = make_world()
    today = timezone.localdate()
    world.child.birth_date = today - dt.timedelta(days=4 * 365 + 40)
    world.child.gender = "M"
    world.child.save()
    nurse = world.user("health_teacher")
    for days_ago, height, weight in ((90, "102.4", "15.9"), (45, "103.3", "16.4"), (0, "104.6", "17.1")):
        services.record_round(world.classroom, today - dt.timedelta(days=days_ago), {world.child.pk: (height, weight)}, nurse)
    req = services.create_medication_request(world.child, drug="小儿止咳糖浆", dose="5 ml", times="10:00", route="oral",
                                             starts_on=today, ends_on=today, user=world.parent.user, guardian=world.parent)
    dose = services.give_dose(req, day=today, scheduled="10:00", amount="5 ml", user=world.user("teacher"),
                              at=services.due_at(today, "10:00"))
    services.check_dose(dose, nurse)
    page = page_as(world.parent.user, "phone")
    page.goto(f"{page.base_url}/parent/child/{world.child.pk}/")
    page.click("text=生长曲线")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.growth-chart").count() == 4
    assert page.locator("circle.child-point").count() == 12
    shot(page, "health-parent-growth-phone")
    page.goto(f"{page.base_url}/parent/child/{world.child.pk}/")
    page.click("text=喂药记录")
    page.wait_for_load_state("networkidle")
    assert "小儿止咳糖浆" in page.content() and "核对" in page.content()
    shot(page, "health-parent-medication-phone")
    response = page.goto(f"{page.base_url}/health/parent/child/{world.other_child.pk}/growth/")
    assert response.status == 404


def test_a_382_degree_typo_is_shown_under_that_childs_temperature_in_chinese(page_as):
    world = make_world()
    song = factories.make_child(world.classroom, "宋悦然")
    children = list(world.classroom.children_on(timezone.localdate()))
    make_entry_exams(*children)
    page = page_as(world.user("health_teacher"), "phone")
    page.goto(f"{page.base_url}/health/check/{world.classroom.pk}/morning/")
    row = page.locator(f"li[data-child='{song.pk}']")
    row.locator("button[data-bs-toggle=collapse]").click()
    row.locator(f"input[name=temp_{song.pk}]").fill("382")  # 38.2 with the dot missed
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator(f"li[data-child='{song.pk}']")
    error = row.locator(f"#temp-error-{song.pk}")
    assert error.is_visible()
    assert error.inner_text().startswith("宋悦然: 382℃ 不是可能的体温")
    field, message = row.locator(f"input[name=temp_{song.pk}]").bounding_box(), error.bounding_box()
    assert field["y"] < message["y"] < field["y"] + 3 * field["height"]  # right under the field
    assert "['" not in page.inner_text("body") and "未保存" in page.inner_text("body")
    assert not HealthCheck.objects.exists()
    shot(page, "health-morning-check-typo-phone")


def test_an_early_dose_needs_a_reason_and_a_confirmation_on_a_phone(page_as, clock):
    """Issue 11: the 14:30 dose tapped at 12:00 is not recorded until a reason is given (shown next
    to its field, in Chinese) and the box is ticked; the list then says 提前 150 分钟 and why."""
    from health import services
    from health.choices import DoseTiming
    from health.models import MedicationDose

    world = make_world()
    clock.at("07:30")
    today = timezone.localdate()
    services.create_medication_request(world.child, drug="小儿止咳糖浆", dose="5 ml", times="14:30", route="oral",
                                       starts_on=today, ends_on=today, user=world.parent.user, guardian=world.parent)
    clock.at("12:00")
    page = page_as(world.user("health_teacher"), "phone")
    page.goto(f"{page.base_url}/health/medication/")
    row = page.locator("li.dose-row", has_text=world.child.name)
    assert "现在喂将提前 150 分钟" in row.inner_text()
    shot(page, "health-medication-early-phone")
    row.get_by_role("button", name="记录已喂").click()  # no reason, no tick
    page.wait_for_load_state("networkidle")
    assert not MedicationDose.objects.exists()
    reason = page.locator("input[name=reason]")
    error = page.locator("#error_1_id_reason")
    assert error.is_visible() and "提前 150 分钟" in error.inner_text() and "请说明现在喂药的原因" in error.inner_text()
    field, message = reason.bounding_box(), error.bounding_box()
    assert field["y"] < message["y"] < field["y"] + 3 * field["height"]  # right under the field
    assert page.viewport_size["width"] == 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "health-medication-early-reason-needed-phone")
    reason.fill("下午外出就诊")
    page.get_by_label("我确认在规定时间外喂药").check()
    page.get_by_role("button", name="记录已喂").click()
    page.wait_for_load_state("networkidle")
    dose = MedicationDose.objects.get()
    assert (dose.timing, dose.minutes_off, dose.timing_reason) == (DoseTiming.EARLY, 150, "下午外出就诊")
    assert page.url.endswith("/health/medication/")
    row = page.locator("li.dose-row", has_text=world.child.name)
    assert "提前 150 分钟：下午外出就诊" in row.inner_text()
    assert row.get_by_role("button", name="第二人核对").count() == 0  # the giver is not offered the check
    shot(page, "health-medication-early-recorded-phone")
