"""A corrected kitchen acceptance line moves the food store too: its receipt is reversed (a reversing
move, append-only) and the corrected line received; refused when the lot has been issued beyond what
the correction leaves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.roles import Role
from kitchen import deliveries
from kitchen.services import KitchenError
from logistics import services
from logistics.models import StockMove
from tests import factories


@pytest.fixture
def rice_line(world, clock):
    clock.at(dt.date(2026, 11, 10))
    store = factories.make_store(world.campus, "食品库房", kind="food")
    rice = factories.make_item(world.campus, "大米", category="food", unit="kg", store=store, expiry_required=True)
    line = factories.make_acceptance(world, product="大米", quantity="25", unit_price="6.00",
                                     production_date=timezone.localdate() - dt.timedelta(days=10), shelf_life="12个月")
    return store, rice, line


def _correct(world, line, **changes):
    values = {"supplier": line.supplier, "date": line.date, "product": line.product, "quantity": line.quantity,
              "unit": line.unit, "unit_price": line.unit_price, "receiver": line.receiver, "batch_no": line.batch_no,
              "production_date": line.production_date, "shelf_life": line.shelf_life, **changes}
    return deliveries.record_acceptance(world.campus, user=world.user(Role.COOK), instance=line, reason="数量点错", **values)


def test_a_corrected_line_reverses_its_receipt_and_receives_the_corrected_one(world, rice_line):
    store, rice, line = rice_line
    (original,) = StockMove.objects.filter(item=rice)
    _correct(world, line, quantity=Decimal("20"), unit_price=Decimal("6.50"))
    moves = list(StockMove.objects.filter(item=rice).order_by("pk"))
    assert [m.kind for m in moves] == ["receipt", "receipt", "reversal"]
    assert moves[2].reverses == original and moves[2].quantity == -25 and moves[2].value == Decimal("-150.00")
    assert moves[1].quantity == 20 and moves[1].value == Decimal("130.00") and moves[1].document == line
    assert services.balance_of(store, rice) == 20
    # a second correction reverses the corrected receipt, not the original again
    _correct(world, line, quantity=Decimal("22"), unit_price=Decimal("6.50"))
    assert services.balance_of(store, rice) == 22 and StockMove.objects.filter(kind="reversal").count() == 2
    # a correction that leaves the receipt as it was (a note on the checks) moves nothing
    _correct(world, line, quantity=Decimal("22"), unit_price=Decimal("6.50"), certificates_note="检疫证")
    assert StockMove.objects.count() == 5


def test_a_correction_cannot_take_back_food_already_issued(world, rice_line):
    store, rice, line = rice_line
    services.issue_to_kitchen(store, [(rice, Decimal("15"))], user=world.user(Role.COOK))
    with pytest.raises(KitchenError) as refused:
        _correct(world, line, quantity=Decimal("10"))
    message = " ".join(refused.value.message_dict["quantity"])
    assert "15" in message and "10" in message  # issued, and what remains
    line.refresh_from_db()
    assert line.quantity == 25 and services.balance_of(store, rice) == 10  # nothing saved, nothing moved
    assert not StockMove.objects.filter(kind="reversal").exists()
    # down to what was issued is fine: the same lot keeps the difference
    _correct(world, line, quantity=Decimal("16"))
    assert services.balance_of(store, rice) == 1


def test_a_line_corrected_to_rejected_leaves_the_store(world, rice_line):
    store, rice, line = rice_line
    from kitchen.choices import AcceptanceResult

    _correct(world, line, result=AcceptanceResult.REJECTED, reject_reason="受潮结块")
    assert services.balance_of(store, rice) == 0 and StockMove.objects.filter(kind="reversal").count() == 1


def test_the_correction_page_shows_the_refusal_next_to_the_quantity(world, rice_line, client_as):
    store, rice, line = rice_line
    services.issue_to_kitchen(store, [(rice, Decimal("15"))], user=world.user(Role.COOK))
    client = client_as(world.user(Role.COOK))
    page = client.get(f"/kitchen/acceptance/{line.pk}/correct/")
    data = {key: ("" if value is None else value) for key, value in page.context["form"].initial.items()}
    data.update({"quantity": "10", "reason": "数量点错"})
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(f"/kitchen/acceptance/{line.pk}/correct/", data)
    assert response.status_code == 200 and "quantity" in response.context["form"].errors
