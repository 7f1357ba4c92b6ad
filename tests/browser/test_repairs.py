"""On a phone: a teacher scans a chair's label (opens the asset's page) and reports it broken with a
photo; the asset manager assigns the repair and closes it with a photo of the result and its cost;
the teacher verifies it. Every page is checked for layout problems and photographed."""

import pytest
from django.conf import settings as django_settings

from assets.choices import AssetStatus
from assets.models.repairs import RepairRequest, RepairStatus
from campus.roles import Role
from tests import factories
from tests.factories import make_image, make_world

from .conftest import shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser


def _image(name, color):
    return [{"name": name, "mimeType": "image/png", "buffer": make_image(size=(40, 30), color=color)}]


def test_a_teacher_reports_a_broken_chair_the_manager_repairs_it_and_the_teacher_verifies(page_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    teacher, manager = world.user(Role.TEACHER), world.user(Role.ASSETS)
    room = factories.make_place(world.campus, "小一班教室")
    chair = factories.make_asset(world.campus, name="儿童椅", category="儿童床", place=room, value="150", user=manager)

    # The teacher scans the label: the asset's page, with its 报修 button.
    page = page_as(teacher, "phone")
    page.goto(f"{page.base_url}{chair.get_absolute_url()}")
    assert layout_problems(page) == []
    shot(page, "repairs-1-asset-page-phone")
    page.locator("a[href*='/repairs/report/?asset=']").first.click()
    page.wait_for_load_state("networkidle")
    assert "儿童椅" in page.locator("#repair-asset").inner_text()
    page.fill("textarea[name=problem]", "椅子腿断了一根，不能坐")
    page.check("input[name=urgency][value=urgent]")
    page.set_input_files("input[name=photo]", files=_image("broken.png", "brown"))
    assert layout_problems(page) == []
    shot(page, "repairs-2-report-phone")
    page.click("#repair-submit")
    page.wait_for_load_state("networkidle")
    repair = RepairRequest.objects.get()
    assert page.locator("#repair-status").inner_text() == "已报修，待派工"
    assert page.locator("#repair-photo").evaluate("img => img.naturalWidth") == 40
    chair.refresh_from_db()
    assert chair.status == AssetStatus.UNDER_REPAIR
    shot(page, "repairs-3-reported-phone")

    # The asset manager assigns it to the gatekeeper, then closes it with the after photo and the cost.
    boss = page_as(manager, "phone")
    boss.goto(f"{boss.base_url}{repair.get_absolute_url()}")
    assert layout_problems(boss) == []
    boss.select_option("select[name=assignee]", str(world.user(Role.GATEKEEPER).pk))
    boss.click("#repair-assign button")
    boss.wait_for_load_state("networkidle")
    assert boss.locator("#repair-status").inner_text() == "已派工，维修中"
    shot(boss, "repairs-4-assigned-phone")
    boss.fill("#repair-close textarea[name=note]", "换了一条椅子腿")
    boss.fill("#repair-close textarea[name=parts]", "椅子腿 1 条")
    boss.fill("#repair-close input[name=cost]", "35")
    boss.set_input_files("#repair-close input[name=photo]", files=_image("after.png", "green"))
    boss.click("#repair-close button")
    boss.wait_for_load_state("networkidle")
    assert boss.locator("#repair-status").inner_text() == "已修好，待验收"
    assert boss.locator("#repair-after-photo").evaluate("img => img.naturalWidth") == 40
    assert "¥35.00" in boss.locator("#repair-cost").inner_text()
    assert layout_problems(boss) == []
    shot(boss, "repairs-5-closed-phone")
    chair.refresh_from_db()
    assert chair.status == AssetStatus.IN_USE

    # The teacher checks the chair and verifies the repair.
    page.goto(f"{page.base_url}{repair.get_absolute_url()}")
    page.click("text=我已查看，验收通过")
    page.wait_for_load_state("networkidle")
    assert page.locator("#repair-status").inner_text() == "已验收"
    repair.refresh_from_db()
    assert repair.status == RepairStatus.VERIFIED and repair.verified_by == teacher
    assert layout_problems(page) == []
    shot(page, "repairs-6-verified-phone")
    assert django_settings.MEDIA_ROOT == tmp_path


def test_the_report_button_is_on_every_staff_page_and_fits_a_phone(page_as):
    world = make_world()
    page = page_as(world.user(Role.COOK), "phone")
    page.goto(f"{page.base_url}/")
    button = page.locator("#report-repair")
    assert button.inner_text().strip() == "报修"
    assert layout_problems(page) == []
    button.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/assets/repairs/report/")
    assert layout_problems(page) == []
    shot(page, "repairs-report-from-anywhere-phone")
    desk = page_as(world.user(Role.DIRECTOR), "laptop")
    desk.goto(f"{desk.base_url}/")
    assert desk.locator("#report-repair").is_visible()
    shot(desk, "repairs-layout-button-laptop")
