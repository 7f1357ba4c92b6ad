"""Issue 11 in a phone's browser: the 403 page is Chinese, fits 390 px and leads home; the campus
switch is the first thing in the menu."""

import pytest

from campus.roles import Role
from tests.factories import make_staff, make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_403_page_on_a_phone_leads_home(page_as):
    world = make_world()
    page = page_as(world.user(Role.COOK), "phone")
    response = page.goto(f"{page.base_url}/dashboard/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "无权访问"
    assert fits_the_width(page)
    shot(page, "error-403-phone")
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/") == page.base_url


def test_the_404_page_on_a_phone(page_as):
    world = make_world()
    page = page_as(world.user(Role.TEACHER), "phone")
    response = page.goto(f"{page.base_url}/children/{world.far_child.pk}/")
    assert response.status == 404 and page.locator("h1").inner_text() == "页面不存在"
    assert fits_the_width(page)
    shot(page, "error-404-phone")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_campus_switch_heads_the_menu(page_as, viewport):
    world = make_world()
    director = make_staff(Role.DIRECTOR, [world.campus, world.other_campus], username="two_campuses", name="周园长")
    page = page_as(director.user, viewport)
    page.goto(f"{page.base_url}/")
    if viewport == "phone":
        page.click(".navbar-toggler")
        page.wait_for_selector("#mainnav.show")
        page.wait_for_timeout(400)  # the offcanvas slides in
    switch = page.locator("#mainnav .campus-switch").bounding_box()
    first_page = page.locator("#mainnav .navbar-nav.me-auto .nav-link").first.bounding_box()
    if viewport == "phone":
        assert switch["y"] + switch["height"] <= first_page["y"]  # above the pages
    else:
        assert switch["x"] + switch["width"] <= first_page["x"]  # left of the pages, on the same bar
    page.locator("#mainnav .campus-switch .dropdown-toggle").click()
    page.wait_for_timeout(300)
    shot(page, f"menu-campus-switch-{viewport}")
    page.locator("#mainnav .campus-switch button", has_text=world.other_campus.name).click()
    page.wait_for_load_state("networkidle")
    assert world.other_campus.name in page.locator("#mainnav .campus-switch .dropdown-toggle").text_content()
