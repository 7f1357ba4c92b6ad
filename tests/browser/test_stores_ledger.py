"""On a phone, the store keeper issues the last boxes of an item to a class: too many is refused next
to the quantity in Chinese, the right amount goes through, and the item's card shows the balance
dropped (issue 12, the stores ledger)."""

import pytest

from campus.roles import Role
from logistics import services
from tests import factories
from tests.factories import make_world

from .conftest import shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser


def test_keeper_issues_on_a_phone_and_the_balance_drops(page_as):
    world = make_world()
    store = factories.make_store(world.campus, "总务仓库")
    item = factories.make_item(world.campus, "抽纸", unit="包", store=store)
    factories.make_stock(store, item, 5, user=world.user(Role.ASSETS))
    page = page_as(world.user(Role.ASSETS), "phone")
    page.goto(f"{page.base_url}/logistics/issue/?store={store.pk}&item={item.pk}")
    page.fill("input[name=quantity]", "8")
    page.select_option("select[name=to_classroom]", str(world.classroom.pk))
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "只有 5 包" in page.inner_text("#div_id_quantity")
    page.fill("input[name=quantity]", "3")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/logistics/items/" in page.url and "2 包" in page.content()
    shot(page, "stores-item-card-390")
    assert layout_problems(page) == []
    assert services.balance_of(store, item) == 2
    page.goto(f"{page.base_url}/logistics/stores/{store.pk}/")
    assert layout_problems(page) == []
