"""On a phone, a cook records one delivery of three lines; a delivery from a supplier whose licence
has expired is refused, and the director accepts it with a reason (issue 11)."""

import pytest
from django.utils import timezone

from campus.roles import Role
from kitchen.models import Delivery
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _fill_line(page, index, product, quantity, price, batch="", **extra):
    page.fill(f"input[name=lines-{index}-product]", product)
    page.fill(f"input[name=lines-{index}-quantity]", quantity)
    page.fill(f"input[name=lines-{index}-unit_price]", price)
    if batch:
        page.fill(f"input[name=lines-{index}-batch_no]", batch)
    for name, value in extra.items():
        if value is True:
            page.check(f"input[name=lines-{index}-{name}]")
        else:
            page.fill(f"input[name=lines-{index}-{name}]", value)


def test_cook_records_a_delivery_of_three_lines_on_a_phone(page_as):
    world = make_world()
    world.staff[Role.COOK.value].name = "刘师傅"
    world.staff[Role.COOK.value].save()
    supplier = factories.make_supplier(world.campus, name="绿源蔬菜配送")
    page = page_as(world.user(Role.COOK), "phone")
    page.goto(f"{page.base_url}/kitchen/acceptance/add/")
    page.select_option("select[name=supplier]", str(supplier.pk))
    assert page.locator("#refusal-note").is_hidden()
    _fill_line(page, 0, "青菜", "8", "4.50", production_date=timezone.localdate().isoformat())
    page.click("#add-line")
    _fill_line(page, 1, "猪肉末", "3", "28", "P20261202", chilled=True, temperature_c="3.5")
    page.click("#add-line")
    _fill_line(page, 2, "豆腐", "4", "4", "T1", reject_reason="有酸味，退回")
    page.locator("input[name=lines-2-sensory_ok]").uncheck()
    assert page.locator(".delivery-line").count() == 3
    assert page.inner_text("#delivery-total") == "120.00"  # the tofu sent back is not counted
    _fits_the_phone(page)
    shot(page, "kitchen-delivery-form-phone")
    page.get_by_role("button", name="保存本次进货").click()
    page.wait_for_load_state("networkidle")
    delivery = Delivery.objects.get()
    assert [(line.product, line.result) for line in delivery.lines.order_by("id")] == [
        ("青菜", "accepted"), ("猪肉末", "accepted"), ("豆腐", "rejected")]
    assert "部分拒收" in page.inner_text("#delivery-status")
    _fits_the_phone(page)
    shot(page, "kitchen-delivery-detail-phone")


def test_a_delivery_from_an_expired_supplier_is_refused_and_the_director_overrides_it(page_as):
    world = make_world()
    world.staff[Role.DIRECTOR.value].name = "周园长"
    world.staff[Role.DIRECTOR.value].save()
    expired = factories.make_supplier(world.campus, name="阳光粮油批发部", expires_in_days=-5)
    page = page_as(world.user(Role.COOK), "phone")
    page.goto(f"{page.base_url}/kitchen/acceptance/add/")
    assert "阳光粮油批发部" in page.inner_text(".alert-danger")
    page.select_option("select[name=supplier]", str(expired.pk))
    assert page.locator("#refusal-note").is_visible()
    _fill_line(page, 0, "大豆油", "4", "68", "YO1", unit="桶")
    shot(page, "kitchen-delivery-refused-form-phone")
    page.get_by_role("button", name="保存本次进货").click()
    page.wait_for_load_state("networkidle")
    delivery = Delivery.objects.get()
    assert delivery.refused and delivery.lines.get().result == "rejected"
    assert "拒收" in page.inner_text("#refusal") and page.locator("#override-form").count() == 0
    _fits_the_phone(page)
    shot(page, "kitchen-delivery-refused-phone")

    director = page_as(world.user(Role.DIRECTOR), "phone")
    director.goto(f"{director.base_url}{delivery.get_absolute_url()}")
    director.fill("#override-form textarea[name=reason]", "续证已受理，回执已核对")
    director.get_by_role("button", name="特批收货").click()
    director.wait_for_load_state("networkidle")
    assert "续证已受理，回执已核对" in director.inner_text("#override")
    shot(director, "kitchen-delivery-override-phone")
    desk = page_as(world.user(Role.DIRECTOR), "desktop")
    desk.goto(f"{desk.base_url}/kitchen/acceptance/")
    assert "周园长" in desk.content() and "续证已受理，回执已核对" in desk.content()
    shot(desk, "kitchen-acceptance-register-override-desktop")
