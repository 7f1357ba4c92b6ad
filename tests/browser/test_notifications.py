"""The bell and the notification list on a phone, in Chinese: the count in the top bar, opening one
goes to its record and the count drops; the settings page turns e-mail off for a kind."""

import pytest

from campus.choices import NoticeKind
from campus.models import NotificationPreference
from campus.notifications import notify
from campus.roles import Role
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_the_bell_and_the_list_on_a_phone(page_as):
    world = make_world()
    director = world.user(Role.DIRECTOR)
    notify(NoticeKind.OUTBREAK, world.campus, roles=[Role.DIRECTOR], key="o1", link=world.child.get_absolute_url(),
           title="疫情预警：小一班，发热", body="小一班 3 名幼儿发热（单日达到阈值）。请于 24 小时内报告并对班级消毒。")
    for n in range(2):
        notify(NoticeKind.RUN_DUE, world.campus, people=[director], key=f"r{n}", title=f"园舍安全巡查 {n + 1}",
               body="截止时间：2026-12-02 08:00")
    page = page_as(director, "phone")
    page.goto(f"{page.base_url}/calendar/")
    bell = page.locator("a.bell")
    assert bell.is_visible() and bell.locator(".badge").inner_text() == "3"  # visible without opening the menu
    shot(page, "notifications-bell-phone")
    bell.click()
    page.wait_for_load_state("networkidle")
    assert "疫情预警：小一班，发热" in page.content() and "全部标为已读" in page.content()
    shot(page, "notifications-list-phone")
    page.get_by_text("疫情预警：小一班，发热").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(world.child.get_absolute_url())
    assert page.locator("a.bell .badge").inner_text() == "2"
    page.goto(f"{page.base_url}/notifications/settings/")
    shot(page, "notifications-settings-phone")
    page.locator(f"input[name='email_{NoticeKind.OUTBREAK}']").uncheck()
    page.click("button.btn-success")
    page.wait_for_load_state("networkidle")
    assert "通知设置已保存" in page.content()
    assert NotificationPreference.objects.get(user=director, kind=NoticeKind.OUTBREAK).email is False


def test_the_bell_sits_in_the_top_bar_on_a_desktop(page_as):
    world = make_world()
    notify(NoticeKind.OUTBREAK, world.campus, roles=[Role.DIRECTOR], key="o1", title="疫情预警：小一班，发热")
    page = page_as(world.user(Role.DIRECTOR), "desktop")
    page.goto(f"{page.base_url}/calendar/")
    bell = page.locator("a.bell")
    assert bell.is_visible() and bell.locator(".badge").inner_text() == "1"
    box, bar = bell.bounding_box(), page.locator("nav.navbar").bounding_box()
    assert box["y"] >= bar["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"]
    shot(page, "notifications-bell-desktop")
