"""The gate on a phone: the gatekeeper registers a visitor and signs them out; a class teacher hands
over a class at dismissal, one child refused to an adult who is not on the list."""

import pytest
from django.utils import timezone

from campus.roles import Role
from safety.models import Handover, HandoverOutcome, Visitor
from tests import factories
from tests.factories import make_world

from .conftest import shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser


def test_the_gate_registers_a_visitor_and_signs_them_out(page_as):
    world = make_world()
    page = page_as(world.user(Role.GATEKEEPER), "phone")
    page.goto(f"{page.base_url}/safety/")
    page.click("#register-visitor")
    page.fill("input[name=name]", "王师傅")
    page.fill("input[name=id_number]", "11010519491231002x")
    page.fill("input[name=phone]", "13812345678")
    page.fill("input[name=reason]", "送货")
    page.fill("input[name=badge]", "07")
    shot(page, "gate-visitor-form-phone")
    assert layout_problems(page) == []
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "王师傅已登记到达" in page.content()
    assert "11010519491231002X" not in page.content()
    shot(page, "gate-visitor-on-site-phone")
    assert layout_problems(page) == []
    page.locator("#on-site li", has_text="王师傅").get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert "王师傅已登记离开" in page.content()
    shot(page, "gate-visitor-signed-out-phone")
    visitor = Visitor.objects.get()
    assert visitor.left_at is not None and visitor.id_number == "11010519491231002X"


def test_a_teacher_hands_over_a_class_with_one_child_refused_to_an_unlisted_adult(page_as):
    world = make_world()
    today = timezone.localdate()
    factories.make_all_present([world.child, world.other_child], [today])
    picker = factories.make_picker(world.child, "刘奶奶")
    page = page_as(world.user(Role.TEACHER), "phone")
    page.goto(f"{page.base_url}/safety/dismissal/class/{world.classroom.pk}/")
    shot(page, "gate-dismissal-before-phone")
    assert layout_problems(page) == []
    row = page.locator(f"#child-{world.child.pk}")
    row.locator("label", has_text="刘奶奶").click()
    row.get_by_role("button", name="交接").click()
    page.wait_for_load_state("networkidle")
    assert "已交给刘奶奶" in page.content()
    row = page.locator(f"#child-{world.other_child.pk}")
    row.locator("summary", has_text="来人不在名单上").click()
    row.locator("input[name=person_name]").fill("陌生男子")
    row.get_by_role("button", name="拒绝并告知园长").click()
    page.wait_for_load_state("networkidle")
    assert "已记录拒绝交接" in page.content()
    shot(page, "gate-dismissal-after-phone")
    assert layout_problems(page) == []
    outcomes = {h.child_id: h for h in Handover.objects.all()}
    assert outcomes[world.child.pk].outcome == HandoverOutcome.HANDED and outcomes[world.child.pk].picker == picker
    assert outcomes[world.other_child.pk].outcome == HandoverOutcome.REFUSED
    assert outcomes[world.other_child.pk].person_name == "陌生男子"
