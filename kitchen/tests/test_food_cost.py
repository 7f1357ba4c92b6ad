import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kitchen.choices import AcceptanceResult, Canteen
from kitchen.services import accepted_food_cost, accepted_food_lines
from tests import factories

pytestmark = pytest.mark.django_db


def test_food_cost_counts_only_accepted_children_lines_in_range(world):
    today = timezone.localdate()
    s = factories.make_supplier(world.campus)
    factories.make_acceptance(world, supplier=s, product="青菜", quantity="10", unit_price="3.50")  # 35.00
    factories.make_acceptance(world, supplier=s, product="猪肉", quantity="2.35", unit_price="26.99")  # 63.4265 -> 63.43
    factories.make_acceptance(world, supplier=s, product="鸡蛋", quantity="5", unit_price="9", canteen=Canteen.STAFF)
    factories.make_acceptance(world, supplier=s, product="豆腐", quantity="3", unit_price="4", result=AcceptanceResult.REJECTED,
                        reject_reason="有异味", sensory_ok=False)
    factories.make_acceptance(world, supplier=s, product="大米", quantity="50", unit_price="5", day=today - dt.timedelta(days=40))
    other = factories.make_supplier(world.other_campus)
    from campus.roles import Role
    from kitchen import deliveries

    deliveries.record_acceptance(
        world.other_campus, user=world.outsider.user, supplier=other, date=today, product="牛奶", quantity=Decimal("1"),
        unit="箱", unit_price=Decimal("60"), receiver=world.outsider.user, batch_no="X",
    )
    assert world.user(Role.COOK)
    first = today - dt.timedelta(days=10)
    assert accepted_food_cost(world.campus, first, today) == Decimal("98.43")
    lines = list(accepted_food_lines(world.campus, first, today))
    assert [(line.item, line.quantity, line.unit, line.unit_price, line.amount, line.supplier_name, line.date) for line in lines] == [
        ("青菜", Decimal("10.00"), "kg", Decimal("3.50"), Decimal("35.00"), s.name, today),
        ("猪肉", Decimal("2.35"), "kg", Decimal("26.99"), Decimal("63.43"), s.name, today),
    ]
    assert accepted_food_cost(world.campus, today + dt.timedelta(days=1), today + dt.timedelta(days=2)) == Decimal("0.00")
