"""The food store: an accepted kitchen line becomes a lot with its expiry date (same transaction),
the kitchen's daily issue, expired food refused, and the value of food issued per day and month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.roles import Role
from logistics import services
from logistics.errors import StoresError
from logistics.models import StockMove
from tests import factories


@pytest.fixture
def food(world):
    store = factories.make_store(world.campus, "食品库房", kind="food")
    rice = factories.make_item(world.campus, "大米", category="food", unit="kg", store=store, expiry_required=True)
    return store, rice


def test_expiry_from_shelf_life():
    made = dt.date(2026, 1, 31)
    assert services.expiry_from(made, "12个月") == dt.date(2027, 1, 31)
    assert services.expiry_from(made, "1个月") == dt.date(2026, 2, 28)
    assert services.expiry_from(made, "180天") == made + dt.timedelta(days=180)
    assert services.expiry_from(made, "2 years") == dt.date(2028, 1, 31)
    assert services.expiry_from(made, "常温") is None and services.expiry_from(None, "3天") is None


def test_an_accepted_line_becomes_a_lot_of_the_food_store(world, food, clock):
    store, rice = food
    line = factories.make_acceptance(world, product="大米", quantity="25", unit_price="6.20",
                                     production_date=timezone.localdate() - dt.timedelta(days=10), shelf_life="12个月")
    (move,) = StockMove.objects.filter(item=rice)
    assert move.quantity == 25 and move.value == Decimal("155.00") and move.document == line
    assert move.lot.code == "B20261125" and move.lot.expires_on is not None
    assert services.balance_of(store, rice) == 25
    factories.make_acceptance(world, product="青菜", quantity="5")  # fresh food: not stock
    assert StockMove.objects.count() == 1


def test_a_kept_product_without_shelf_life_is_refused_on_the_line(world, food):
    from kitchen.models import Acceptance

    with pytest.raises(Exception) as refused:
        factories.make_acceptance(world, product="大米", quantity="25")
    assert "shelf_life" in str(refused.value.message_dict) and not Acceptance.objects.exists()


def test_kitchen_daily_issue_refuses_expired_food(world, food, clock):
    clock.at(dt.date(2026, 11, 1))
    store, rice = food
    keeper = world.user(Role.ASSETS)
    factories.make_stock(store, rice, 10, user=keeper, unit_cost="6.00", lot_code="A", expires_on=dt.date(2026, 11, 5))
    clock.at(dt.date(2026, 11, 10))
    with pytest.raises(StoresError) as refused:
        services.issue_to_kitchen(store, [(rice, Decimal("2"))], user=keeper)
    assert "lines-0-quantity" in refused.value.message_dict
    factories.make_stock(store, rice, 10, user=keeper, unit_cost="6.00", lot_code="B", expires_on=dt.date(2027, 11, 5))
    moves = services.issue_to_kitchen(store, [(rice, Decimal("2"))], user=keeper)
    assert moves[0].lot.code == "B"


def test_food_issued_value_per_day_and_month(world, food, clock):
    clock.at(dt.date(2026, 11, 2))
    store, rice = food
    keeper = world.user(Role.ASSETS)
    factories.make_stock(store, rice, 100, user=keeper, unit_cost="6.00", expires_on=dt.date(2027, 1, 1))
    services.issue_to_kitchen(store, [(rice, 5)], user=keeper, day=dt.date(2026, 11, 2))
    services.issue_to_kitchen(store, [(rice, 3)], user=keeper, day=dt.date(2026, 11, 3))
    wrong = services.issue_to_kitchen(store, [(rice, 1)], user=keeper, day=dt.date(2026, 11, 3))[0]
    clock.at(dt.date(2026, 11, 3))
    services.reverse(wrong, user=keeper, reason="多登了")
    by_day = services.food_issued_value(world.campus, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert by_day == {dt.date(2026, 11, 2): Decimal("30.00"), dt.date(2026, 11, 3): Decimal("18.00")}
    by_month = services.food_issued_value(world.campus, dt.date(2026, 11, 1), dt.date(2026, 11, 30), by="month")
    assert by_month == {dt.date(2026, 11, 1): Decimal("48.00")}


def test_kitchen_issue_page_refuses_too_much_next_to_the_item(world, food, client_as):
    store, rice = food
    keeper = world.user(Role.ASSETS)
    factories.make_stock(store, rice, 10, user=keeper, unit_cost="6.00", expires_on=timezone.localdate() + dt.timedelta(days=90))
    client = client_as(keeper)
    response = client.post("/logistics/food/kitchen-issue/", {f"item_{rice.pk}": "12"})
    assert f"item_{rice.pk}" in response.context["form"].errors
    response = client.post("/logistics/food/kitchen-issue/", {f"item_{rice.pk}": "4"})
    assert response.status_code == 302 and services.balance_of(store, rice) == 6
