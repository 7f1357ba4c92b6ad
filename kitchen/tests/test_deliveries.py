"""One delivery with its lines; the refusal of a delivery from a supplier whose licence had expired,
and the director's override (issue 11)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campus.roles import Role
from kitchen import deliveries, services
from kitchen.choices import AcceptanceResult, DeliveryStatus
from kitchen.models import Acceptance, Delivery
from tests import factories

pytestmark = pytest.mark.django_db


def _line(product, quantity="2", price="10", **extra):
    return {"product": product, "quantity": Decimal(quantity), "unit": "kg", "unit_price": Decimal(price), "batch_no": "B1", **extra}


def _post_data(world, supplier, lines, **header):
    data = {"date": timezone.localdate().isoformat(), "received_at": "07:30", "supplier": supplier.pk, "canteen": "children",
            "receiver": world.user(Role.COOK).pk, "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0", **header}
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-{key}": value for key, value in line.items()})
    return data


def test_a_delivery_of_three_lines_is_one_form(world, client_as):
    supplier = factories.make_supplier(world.campus)
    client = client_as(world.user(Role.COOK))
    lines = [
        {"product": "青菜", "quantity": "8", "unit": "kg", "unit_price": "4.50", "production_date": timezone.localdate().isoformat(),
         "sensory_ok": "on"},
        {"product": "猪肉末", "quantity": "3", "unit": "kg", "unit_price": "28", "batch_no": "P1", "chilled": "on",
         "temperature_c": "3.5", "sensory_ok": "on"},
        {"product": "豆腐", "quantity": "4", "unit": "kg", "unit_price": "4", "batch_no": "T1", "reject_reason": "有酸味"},
        {"product": "", "quantity": "", "unit": "kg", "unit_price": "", "sensory_ok": "on"},  # the untouched extra line
    ]
    response = client.post("/kitchen/acceptance/add/", _post_data(world, supplier, lines, certificates_checked="on"))
    delivery = Delivery.objects.get()
    assert response.status_code == 302 and response["Location"] == delivery.get_absolute_url()
    assert (delivery.supplier, delivery.received_at.strftime("%H:%M"), delivery.status) == (supplier, "07:30", DeliveryStatus.PARTLY)
    rows = list(delivery.lines.order_by("id"))
    assert [(r.product, r.result, r.amount) for r in rows] == [
        ("青菜", "accepted", Decimal("36.00")), ("猪肉末", "accepted", Decimal("84.00")), ("豆腐", "rejected", Decimal("16.00"))]
    assert rows[2].reject_reason == "有酸味"
    assert all(r.supplier == supplier and r.date == delivery.date and r.certificates_checked for r in rows)
    assert delivery.history.first().history_user == world.user(Role.COOK)
    assert services.accepted_food_cost(world.campus, delivery.date, delivery.date) == Decimal("120.00")
    page = client.get(delivery.get_absolute_url()).content.decode()
    assert "猪肉末" in page and "有酸味" in page


def test_a_bad_line_is_named_and_nothing_is_saved(world, client_as):
    supplier = factories.make_supplier(world.campus)
    with pytest.raises(ValidationError) as info:
        deliveries.record_delivery(world.campus, user=world.user(Role.COOK), supplier=supplier, date=timezone.localdate(),
                                   receiver=world.user(Role.COOK), lines=[_line("青菜"), _line("猪肉", quantity="-1"),
                                                                          _line("牛奶", batch_no="")])
    assert set(info.value.message_dict) == {"lines-1-quantity", "lines-2-batch_no"}
    assert not Delivery.objects.exists() and not Acceptance.objects.exists()

    client = client_as(world.user(Role.COOK))
    lines = [{"product": "青菜", "quantity": "8", "unit": "kg", "unit_price": "4", "batch_no": "B", "sensory_ok": "on"},
             {"product": "冻虾", "quantity": "2", "unit": "kg", "unit_price": "40", "batch_no": "B", "chilled": "on", "sensory_ok": "on"},
             {"product": "鱼", "quantity": "1", "unit": "kg", "unit_price": "30", "batch_no": "C"}]  # sensory failed, no reason
    response = client.post("/kitchen/acceptance/add/", _post_data(world, supplier, lines))
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert (forms[0].errors, set(forms[1].errors), set(forms[2].errors)) == ({}, {"temperature_c"}, {"reject_reason"})
    assert not Delivery.objects.exists()


def test_bulk_goods_in_a_delivery_need_a_second_receiver(world):
    with pytest.raises(ValidationError) as info:
        deliveries.record_delivery(world.campus, user=world.user(Role.COOK), supplier=factories.make_supplier(world.campus),
                                   date=timezone.localdate(), receiver=world.user(Role.COOK), lines=[_line("大米", bulk=True)])
    assert "second_receiver" in info.value.message_dict


def _refused(world, **extra):
    expired = factories.make_supplier(world.campus, name="过期粮油", expires_in_days=-3)
    return deliveries.record_delivery(
        world.campus, user=world.user(Role.COOK), supplier=expired, date=timezone.localdate(), receiver=world.user(Role.COOK),
        lines=[_line("面粉", "10", "4"), _line("菜籽油", "2", "60", reject_reason="桶破损")], **extra)


def test_a_delivery_from_a_supplier_with_an_expired_licence_is_refused_with_no_cost(world, client_as):
    expired = factories.make_supplier(world.campus, name="过期粮油", expires_in_days=-3)
    client = client_as(world.user(Role.COOK))
    page = client.get("/kitchen/acceptance/add/").content.decode()
    assert "过期粮油" in page and "alert-danger" in page
    lines = [{"product": "面粉", "quantity": "10", "unit": "kg", "unit_price": "4", "batch_no": "M1", "sensory_ok": "on"}]
    response = client.post("/kitchen/acceptance/add/", _post_data(world, expired, lines), follow=True)
    delivery = Delivery.objects.get()
    line = delivery.lines.get()
    assert delivery.status == DeliveryStatus.REJECTED and delivery.refused
    assert (line.result, line.licence_refused, line.supplier_licence_expired) == (AcceptanceResult.REJECTED, True, True)
    assert line.reject_reason == delivery.refusal_reason and str(expired.licence_expires_on) in line.reject_reason
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert services.accepted_food_cost(world.campus, delivery.date, delivery.date) == Decimal("0.00")
    assert not list(services.accepted_food_lines(world.campus, delivery.date, delivery.date))
    register = client.get("/kitchen/acceptance/").content.decode()
    assert delivery.refusal_reason[:10] in register
    detail = client.get(delivery.get_absolute_url()).content.decode()
    assert 'id="refusal"' in detail and 'id="override-form"' not in detail  # a cook may not override


def test_only_a_director_overrides_a_refusal_with_a_reason_shown_in_the_register(world, client_as):
    delivery = _refused(world)
    with pytest.raises(ValidationError):  # the cook may not
        deliveries.override_refused_delivery(delivery, user=world.user(Role.COOK), reason="急用")
    assert client_as(world.user(Role.COOK)).post(f"/kitchen/acceptance/deliveries/{delivery.pk}/override/",
                                                 {"reason": "急用"}).status_code == 403
    director = world.user(Role.DIRECTOR)
    client = client_as(director)
    assert 'id="override-form"' in client.get(delivery.get_absolute_url()).content.decode()
    client.post(f"/kitchen/acceptance/deliveries/{delivery.pk}/override/", {"reason": " "})
    delivery.refresh_from_db()
    assert delivery.refused  # no reason, no override
    client.post(f"/kitchen/acceptance/deliveries/{delivery.pk}/override/", {"reason": "续证回执已核对"})
    delivery.refresh_from_db()
    assert (delivery.override_by, delivery.override_reason, delivery.refused) == (director, "续证回执已核对", False)
    assert delivery.override_at is not None and delivery.status == DeliveryStatus.PARTLY
    flour, oil = delivery.lines.order_by("id")
    assert (flour.result, flour.reject_reason) == (AcceptanceResult.ACCEPTED, "")
    assert (oil.result, oil.reject_reason) == (AcceptanceResult.REJECTED, "桶破损")  # the receivers' own rejection stays
    assert services.accepted_food_cost(world.campus, delivery.date, delivery.date) == Decimal("40.00")
    assert delivery.history.first().history_change_reason == "续证回执已核对"
    response = client.get("/kitchen/acceptance/")
    override_cells = [cells[-1] for _url, cells in response.context["rows"]]
    assert all("续证回执已核对" in cell and director.staff.name in cell for cell in override_cells)
    assert "续证回执已核对" in client.get(flour.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):  # once is enough
        deliveries.override_refused_delivery(delivery, user=director, reason="again")


def test_a_correction_keeps_a_refused_line_refused(world):
    delivery = _refused(world)
    flour = delivery.lines.order_by("id").first()
    line = deliveries.record_acceptance(world.campus, user=world.user(Role.COOK), instance=flour, reason="称重有误", supplier=flour.supplier,
                                        date=flour.date, receiver=flour.receiver, product="面粉", quantity=Decimal("9"), unit="kg",
                                        unit_price=Decimal("4"), batch_no="B1")
    assert (line.quantity, line.result, line.licence_refused) == (Decimal("9"), AcceptanceResult.REJECTED, True)
    assert services.accepted_food_cost(world.campus, line.date, line.date) == Decimal("0.00")


def test_the_register_query_count_does_not_grow_with_overrides(world, client_as, django_assert_num_queries, no_nav):
    _refused(world)
    client = client_as(world.user(Role.DIRECTOR))
    client.get("/kitchen/acceptance/")
    with django_assert_num_queries(8):
        client.get("/kitchen/acceptance/")
    for delivery in Delivery.objects.all():
        deliveries.override_refused_delivery(delivery, user=world.user(Role.DIRECTOR), reason="特批")
    factories.make_acceptance(world, product="青菜")
    with django_assert_num_queries(8):
        response = client.get("/kitchen/acceptance/")
    assert len(response.context["rows"]) == 3
