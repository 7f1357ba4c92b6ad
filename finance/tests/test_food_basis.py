"""The canteen account's food cost: from the kitchen's accepted deliveries (default, as before) or from
what the food store issued (a finance campus setting), never counting a delivery twice; the page and
its print say which."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from campus.roles import Role
from finance import services
from finance.choices import CostKind, FoodCostBasis
from finance.models import FinanceSettings
from finance.reports import canteen_context
from logistics import services as stores
from tests import factories

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def month(world, clock):
    clock.at(dt.date(2026, 11, 2))
    store = factories.make_store(world.campus, "食品库房", kind="food")
    rice = factories.make_item(world.campus, "大米", category="food", unit="kg", store=store, expiry_required=True)
    factories.make_acceptance(world, product="大米", quantity="25", unit_price="6.00",
                              production_date=dt.date(2026, 10, 20), shelf_life="12个月")  # 150.00, into the store
    factories.make_acceptance(world, product="青菜", quantity="10", unit_price="3.50")  # 35.00, fresh: not stock
    clock.at(dt.date(2026, 11, 3))
    stores.issue_to_kitchen(store, [(rice, Decimal("5"))], user=world.user(Role.COOK))  # 30.00
    services.add_cost_line(world.campus, NOVEMBER, CostKind.FOOD, "调料（现金购买）", "20.00", world.user(Role.CASHIER))
    return world


def _basis(world, basis):
    row = FinanceSettings.for_campus(world.campus)
    services.update_settings(row, {"food_cost_basis": basis}, world.user(Role.DIRECTOR), "改用出库口径")


def test_the_default_keeps_the_accepted_deliveries(month):
    account = services.refresh_canteen_draft(month.campus, NOVEMBER)
    assert account.food_basis == FoodCostBasis.ACCEPTED
    assert account.food_cost == Decimal("205.00")  # 150 + 35 accepted + 20 by hand
    assert sorted(line.source for line in account.lines.filter(kind=CostKind.FOOD)) == ["kitchen", "kitchen", "manual"]


def test_the_issued_basis_counts_the_store_s_issues_and_fresh_food_once(month, client_as):
    _basis(month, FoodCostBasis.ISSUED)
    account = services.refresh_canteen_draft(month.campus, NOVEMBER)
    assert account.food_basis == FoodCostBasis.ISSUED
    assert account.food_cost == Decimal("85.00")  # 30 issued + 35 fresh + 20 by hand; the rice's 150 not again
    lines = {(line.source, line.amount) for line in account.lines.filter(kind=CostKind.FOOD)}
    assert lines == {("store", Decimal("30.00")), ("kitchen", Decimal("35.00")), ("manual", Decimal("20.00"))}
    assert not account.lines.filter(description__startswith="大米").exists()
    with translation.override("zh-hans"):
        printed = render_to_string("finance/print/canteen.html", canteen_context(account))
        page = client_as(month.user(Role.DIRECTOR)).get(f"/finance/canteen/{account.pk}/").content.decode()
    assert "库房出库" in printed and "库房出库" in page
    # back to the default: the same month, today's behaviour again
    _basis(month, FoodCostBasis.ACCEPTED)
    assert services.refresh_canteen_draft(month.campus, NOVEMBER).food_cost == Decimal("205.00")
