"""Safety duties on a phone: a teacher reports a hazard with a photo, the logistics head rectifies it
with an after photo and the director verifies; a teacher signs the safety responsibility letter with
a finger-drawn signature."""

import pytest

from campus.roles import Role
from safety.models import Hazard, HazardStatus, LetterSignature
from tests import factories
from tests.factories import make_world

from .conftest import shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser


def test_a_hazard_goes_from_report_to_verified_on_phones(page_as, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    factories.make_place(world.campus, "户外活动场地")
    photo = tmp_path / "slide.png"
    photo.write_bytes(factories.make_image())
    page = page_as(world.user(Role.TEACHER), "phone")
    page.goto(f"{page.base_url}/safety/duties/")
    assert layout_problems(page) == []
    page.get_by_role("link", name="上报隐患").first.click()
    page.select_option("select[name=place]", label="户外活动场地")
    page.select_option("select[name=kind]", "facilities")
    page.fill("textarea[name=description]", "滑梯扶手螺丝松动")
    page.set_input_files("input[name=photo]", str(photo))
    shot(page, "safety-hazard-report-phone")
    assert layout_problems(page) == []
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    hazard = Hazard.objects.get()
    assert "隐患已上报" in page.content() and hazard.photo

    head = page_as(world.user(Role.LOGISTICS), "phone")
    head.goto(f"{head.base_url}{hazard.get_absolute_url()}")
    head.get_by_role("link", name="登记整改").click()
    head.fill("textarea[name=rectification]", "已拧紧全部螺丝")
    head.set_input_files("input[name=after_photo]", str(photo))
    head.click("button[type=submit]")
    head.wait_for_load_state("networkidle")
    shot(head, "safety-hazard-rectified-phone")
    assert layout_problems(head) == []

    director = page_as(world.user(Role.DIRECTOR), "phone")
    director.goto(f"{director.base_url}{hazard.get_absolute_url()}")
    director.get_by_role("link", name="验收整改").click()
    director.get_by_label("已整改，验收通过").check()
    director.click("button[type=submit]")
    director.wait_for_load_state("networkidle")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.VERIFIED and hazard.verified_by == world.user(Role.DIRECTOR)


def test_a_teacher_signs_the_letter_with_a_finger(page_as, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    letter = factories.make_letter(world, Role.TEACHER)
    page = page_as(world.user(Role.TEACHER), "phone")
    page.goto(f"{page.base_url}/")
    page.locator(f"a[href='/safety/letters/{letter.pk}/sign/']").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=signed_name]", "teacher")
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 8):
        page.mouse.move(box["x"] + 20 + step * 30, box["y"] + 40 + (step % 2) * 50)
    page.mouse.up()
    shot(page, "safety-letter-sign-phone")
    assert layout_problems(page) == []
    page.get_by_role("button", name="签订责任书").click()
    page.wait_for_load_state("networkidle")
    signature = LetterSignature.objects.get()
    assert signature.drawing and signature.signed_name == "teacher"
