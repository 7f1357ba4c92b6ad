import pytest

from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_the_lockout_page_is_the_sites_own_page_in_chinese(page_as, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    world = make_world()
    for _ in range(4):
        page = page_as(world.user("cashier"), password="wrong-password")
        assert "请输入一个正确的" in page.content()
    page = page_as(world.user("cashier"), password="wrong-password")
    shot(page, "login-locked-out-phone")
    assert "登录已暂停" in page.content() and "分钟后再试" in page.content()
    assert page.locator("nav.navbar").count() == 1
    page.click("text=返回登录页")
    assert page.url.endswith("/accounts/login/")
