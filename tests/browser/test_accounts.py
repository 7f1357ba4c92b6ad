"""Issue 9 (Access): a roster row linking an existing parent needs the director's tick; a parent's
password reset is its own link, logged, and the parent sees who did it at the next login."""

import re

import pytest

from campus.models import Guardianship
from campus.roles import Role
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


ROSTER_HEADERS = ["姓名", "性别", "出生日期", "班级", "入园日期", "家长姓名", "家长电话", "关系"]


def test_roster_preview_asks_before_linking_a_parent_with_a_login(page_as, tmp_path):
    world = make_world()
    parent = world.other_parent
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(factories.make_xlsx(headers=ROSTER_HEADERS, rows=[["李小弟", "男", "2021-05-01", world.classroom.name, "2024-09-01", "冒名者", parent.phone, "母亲"],
                              ["张新新", "女", "2021-06-01", world.classroom.name, "2024-09-01", "张妈妈", "13755556666", "母亲"]]))
    page = page_as(world.user(Role.DIRECTOR), "phone")
    page.goto(f"{page.base_url}/children/roster/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert "勾选下面的方框" in content and "系统里这个电话号码的家长" not in content
    shot(page, "roster-preview-link-confirmation")
    page.check("#link-2")
    page.click("#roster-confirm button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Guardianship.objects.filter(guardian=parent, child__name="李小弟").exists()
    parent.refresh_from_db()
    assert parent.name != "冒名者"


def test_cashier_resets_a_parents_password_and_the_parent_is_told(page_as):
    world = make_world()
    parent = world.parent
    page = page_as(world.user(Role.CASHIER), "phone")
    page.goto(f"{page.base_url}/finance/invitations/?q={parent.phone}")
    assert "已经有登录账号" not in page.content()
    page.click(f"[data-guardian='{parent.pk}'] button:has-text('重置密码')")
    page.wait_for_load_state("networkidle")
    shot(page, "finance-reset-link")
    link = page.input_value("textarea")
    assert re.search(r"/finance/invitation/[^/]+/$", link)
    page.goto(f"{page.base_url}/finance/invitations/?q={parent.phone}")
    shot(page, "finance-invite-list-reset-log")
    assert "重置密码的链接" in page.content()

    anonymous = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    reset_page = anonymous.new_page()
    reset_page.goto(link)
    assert "设置新密码" in reset_page.content()
    reset_page.fill("input[name=password1]", "Houqin-2025!")
    reset_page.fill("input[name=password2]", "Houqin-2025!")
    reset_page.click("form button")
    reset_page.wait_for_load_state("networkidle")
    anonymous.close()

    parent_page = page_as(parent.user, "phone", password="Houqin-2025!")
    content = parent_page.content()
    assert "您的密码已于" in content and "cashier" in content
    shot(parent_page, "parent-reset-notice")
