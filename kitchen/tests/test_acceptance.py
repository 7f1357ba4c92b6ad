import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from campus.roles import Role
from kitchen import services
from kitchen.choices import AcceptanceResult
from kitchen.models import Acceptance
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_delivery_line_keeps_every_field(world):
    today = timezone.localdate()
    line = factories.make_acceptance(
        world, product="猪肉末", specification="5kg/箱", quantity="3", unit_price="28.50", production_date=today,
        batch_no="", shelf_life="3天", certificates_checked=True, certificates_note="动物检疫合格证明", chilled=True,
        temperature_c=Decimal("3.5"),
    )
    line.refresh_from_db()
    assert (line.product, line.specification, line.quantity, line.unit_price, line.amount) == (
        "猪肉末", "5kg/箱", Decimal("3.00"), Decimal("28.50"), Decimal("85.50"))
    assert (line.production_date, line.shelf_life, line.certificates_checked, line.temperature_c) == (today, "3天", True, Decimal("3.5"))
    assert line.result == AcceptanceResult.ACCEPTED and line.receiver == world.user(Role.COOK)
    assert line.history.first().history_user == world.user(Role.COOK)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": Decimal("-2")}, "quantity"),
        ({"quantity": Decimal("500000")}, "quantity"),
        ({"unit_price": Decimal("-1")}, "unit_price"),
        ({"chilled": True, "temperature_c": None}, "temperature_c"),
        ({"chilled": True, "temperature_c": Decimal("95")}, "temperature_c"),
        ({"result": AcceptanceResult.REJECTED, "reject_reason": ""}, "reject_reason"),
        ({"sensory_ok": False}, "reject_reason"),
        ({"sensory_ok": False, "result": AcceptanceResult.ACCEPTED}, "sensory_ok"),
        ({"batch_no": "", "production_date": None}, "batch_no"),
        ({"date": timezone.localdate() + dt.timedelta(days=1)}, "date"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(world, changes, field):
    with pytest.raises(ValidationError) as info:
        factories.make_acceptance(world, **changes)
    assert field in info.value.message_dict
    assert not Acceptance.objects.exists()


def test_bulk_goods_need_two_receivers_when_the_campus_asks(world):
    with pytest.raises(ValidationError) as info:
        factories.make_acceptance(world, product="大米", bulk=True)
    assert "second_receiver" in info.value.message_dict
    with pytest.raises(ValidationError):
        factories.make_acceptance(world, product="大米", bulk=True, second_receiver=world.user(Role.COOK))
    with pytest.raises(ValidationError):  # a second receiver from another campus
        factories.make_acceptance(world, product="大米", bulk=True, second_receiver=world.outsider.user)
    line = factories.make_acceptance(world, product="大米", bulk=True, second_receiver=world.user(Role.LOGISTICS))
    assert line.second_receiver == world.user(Role.LOGISTICS)
    rules = services.settings_for(world.campus)
    rules.bulk_two_receivers = False
    rules.save()
    assert factories.make_acceptance(world, product="面粉", bulk=True).second_receiver is None


def test_the_form_shows_chinese_errors_next_to_the_line_field_and_saves_nothing(world, client_as):
    supplier = factories.make_supplier(world.campus)
    client = client_as(world.user(Role.COOK))
    with translation.override("zh-hans"):
        response = client.post("/kitchen/acceptance/add/", {
            "date": timezone.localdate().isoformat(), "supplier": supplier.pk, "canteen": "children",
            "receiver": world.user(Role.COOK).pk, "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
            "lines-0-product": "冻鸡腿", "lines-0-quantity": "-5", "lines-0-unit": "kg", "lines-0-unit_price": "20",
            "lines-0-batch_no": "X", "lines-0-chilled": "on", "lines-0-sensory_ok": "on",
        }, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    line_form = response.context["formset"].forms[0]
    assert set(line_form.errors) == {"quantity", "temperature_c"}
    assert "数量" in line_form.errors["quantity"][0] or "大于" in line_form.errors["quantity"][0]
    assert not Acceptance.objects.exists()


def test_suppliers_expiring_within_the_alert_window(world):
    day = timezone.localdate()
    soon = factories.make_supplier(world.campus, name="快到期", expires_in_days=30)
    factories.make_supplier(world.campus, name="还早", expires_in_days=31)
    later = factories.make_supplier(world.campus, name="证件快到期", expires_in_days=300)
    later.certificates.create(kind="检疫合格证", number="1", expires_on=day + dt.timedelta(days=5))
    gone = factories.make_supplier(world.campus, name="已过期", expires_in_days=-1)
    papers = services.expiring_supplier_papers(world.campus, day)
    assert [(p["supplier"], p["expired"]) for p in papers] == [(gone, True), (later, False), (soon, False)]
    rules = services.settings_for(world.campus)
    rules.expiry_alert_days = 60
    rules.save()
    assert len(services.expiring_supplier_papers(world.campus, day)) == 4


def test_supplier_alerts_on_the_logistics_home_page(world, client_as):
    factories.make_supplier(world.campus, name="快到期", expires_in_days=10)
    response = client_as(world.user(Role.LOGISTICS)).get("/")
    assert "快到期" in response.content.decode()


def test_another_campus_supplier_is_refused(world):
    other = factories.make_supplier(world.other_campus, name="别处")
    with pytest.raises(ValidationError) as info:
        factories.make_acceptance(world, supplier=other)
    assert "supplier" in info.value.message_dict


def test_acceptance_register_query_count_does_not_grow(world, client_as, django_assert_num_queries, no_nav):
    supplier = factories.make_supplier(world.campus)
    factories.make_acceptance(world, supplier=supplier)
    client = client_as(world.user(Role.DIRECTOR))
    client.get("/kitchen/acceptance/")  # warm the settings row and the session
    with django_assert_num_queries(8):
        client.get("/kitchen/acceptance/")
    for n in range(5):
        factories.make_acceptance(world, supplier=supplier, product=f"菜{n}", second_receiver=world.user(Role.LOGISTICS))
    with django_assert_num_queries(8):
        response = client.get("/kitchen/acceptance/")
    assert len(response.context["rows"]) == 6


def test_supplier_register_query_count_does_not_grow(world, client_as, django_assert_num_queries, no_nav):
    client = client_as(world.user(Role.LOGISTICS))
    factories.make_supplier(world.campus, name="甲").certificates.create(kind="营业执照", expires_on=timezone.localdate())
    client.get("/kitchen/suppliers/")
    with django_assert_num_queries(11):
        client.get("/kitchen/suppliers/")
    for n in range(4):
        factories.make_supplier(world.campus, name=f"乙{n}", expires_in_days=n).certificates.create(kind="检疫证", expires_on=timezone.localdate())
    with django_assert_num_queries(11):
        response = client.get("/kitchen/suppliers/")
    assert len(response.context["rows"]) == 5
    xlsx = client.get("/kitchen/suppliers/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_expiry_alerts_open_one_follow_up_per_paper_however_often_they_run(world, settings):
    from checklists.models import FollowUp
    from kitchen.tasks import supplier_expiry_alerts

    settings.CELERY_TASK_ALWAYS_EAGER = True
    soon = factories.make_supplier(world.campus, name="快到期", expires_in_days=20)
    soon.certificates.create(kind="检疫合格证", expires_on=timezone.localdate() + dt.timedelta(days=3))
    factories.make_supplier(world.campus, name="还早", expires_in_days=200)
    assert supplier_expiry_alerts.delay().get() == 2
    assert supplier_expiry_alerts.delay().get() == 0
    follow_ups = FollowUp.objects.filter(campus=world.campus)
    assert follow_ups.count() == 2 and {f.assignee_role for f in follow_ups} == {Role.LOGISTICS.value}
    # The logistics head is told of each through the notification service, as "supplier papers".
    from campus.choices import NoticeKind
    from campus.models import NotificationRecipient

    told = NotificationRecipient.objects.filter(notification__kind=NoticeKind.SUPPLIER_PAPERS)
    assert told.count() == 2 and set(told.values_list("user", flat=True)) == {world.user(Role.LOGISTICS).pk}
    soon.licence_expires_on = timezone.localdate() + dt.timedelta(days=25)  # renewed, then again about to expire
    soon.save()
    assert services.send_expiry_alerts() == 1


def test_a_line_is_corrected_with_a_reason_kept_in_its_history(world, client_as):
    line = factories.make_acceptance(world, product="猪肉", quantity="3", unit_price="28")
    client = client_as(world.user(Role.COOK))
    data = {"product": "猪肉", "quantity": "2.5", "unit": "kg", "unit_price": "28", "batch_no": "B1", "sensory_ok": "on"}
    response = client.post(f"/kitchen/acceptance/{line.pk}/correct/", data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()  # no reason given
    line.refresh_from_db()
    assert line.amount == Decimal("84.00")
    response = client.post(f"/kitchen/acceptance/{line.pk}/correct/", {**data, "reason": "称重有误，实收2.5公斤"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.quantity, line.amount) == (Decimal("2.50"), Decimal("70.00"))
    assert Acceptance.objects.count() == 1
    page = client.get(line.get_absolute_url()).content.decode()
    assert "称重有误，实收2.5公斤" in page
    assert services.accepted_food_cost(world.campus, line.date, line.date) == Decimal("70.00")
