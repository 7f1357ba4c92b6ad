"""食品安全法 Art. 45: a cook whose health certificate has expired records no food-handling record
(deliveries, samples, tableware disinfection, weighed meals), and is told so in the second person."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from campus.choices import CertificateKind
from campus.models import StaffCertificate
from campus.roles import Role
from kitchen import dashboard, services
from kitchen.choices import DisinfectionMethod, Meal
from kitchen.models import Acceptance, Disinfection, FoodSample, Weighing
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook2(world):
    """A second cook whose health certificate ran out a week ago (the demo's ``cook2``)."""
    staff = factories.make_staff(Role.COOK, world.campus, username="cook2", name="赵师傅")
    StaffCertificate.objects.create(staff=staff, kind=CertificateKind.HEALTH, expires_on=timezone.localdate() - dt.timedelta(days=7))
    return staff.user


def _second_person(info) -> str:
    text = " ".join(info.value.message_dict.get("__all__", []))
    assert "Your health certificate expired on" in text or "你的健康证" in text
    return text


def test_an_expired_cook_records_no_delivery_sample_disinfection_or_weighing(world, cook2):
    today = timezone.localdate()
    health = world.user(Role.HEALTH)
    with pytest.raises(ValidationError) as info:
        factories.make_acceptance(world, user=cook2, receiver=cook2)
    _second_person(info)
    dish = factories.make_dish(world.campus, "米饭")
    with pytest.raises(ValidationError) as info:
        services.record_sample(world.campus, user=cook2, date=today, meal=Meal.LUNCH, dish=dish, weight_g=Decimal("130"),
                               sampled_at=timezone.now(), fridge="柜", fridge_temp_c=Decimal("3"), sampler=cook2, reviewer=health)
    _second_person(info)
    with pytest.raises(ValidationError) as info:
        services.record_meal_samples(world.campus, user=cook2, date=today, meal=Meal.LUNCH, weights={dish: Decimal("130")},
                                     sampled_at=timezone.now(), fridge="柜", fridge_temp_c=Decimal("3"), sampler=cook2, reviewer=health)
    _second_person(info)
    with pytest.raises(ValidationError) as info:
        services.record_disinfection(world.campus, user=cook2, date=today, meal=Meal.LUNCH, method=DisinfectionMethod.STEAM,
                                     items="碗", item_count=10, started_at=timezone.now(), operator=cook2, duration_seconds=900)
    _second_person(info)
    rice = factories.make_ingredient("R", "米", energy="360", protein="7", fat="1", carb="79")
    with pytest.raises(ValidationError) as info:
        services.record_weighing(world.campus, date=today, meal=Meal.LUNCH, children=20, leftover_pct=Decimal("0"),
                                 lines=[(rice, Decimal("1000"))], user=cook2)
    _second_person(info)
    assert not (Acceptance.objects.exists() or FoodSample.objects.exists() or Disinfection.objects.exists() or Weighing.objects.exists())


def test_another_cook_cannot_name_an_expired_cook_as_the_one_who_handled_the_food(world, cook2):
    with pytest.raises(ValidationError) as info:
        factories.make_acceptance(world, receiver=cook2)
    assert "赵师傅" in " ".join(info.value.message_dict["receiver"])
    with pytest.raises(ValidationError) as info:
        services.record_disinfection(world.campus, user=world.user(Role.COOK), date=timezone.localdate(), meal=Meal.LUNCH,
                                     method=DisinfectionMethod.STEAM, items="碗", item_count=10, started_at=timezone.now(),
                                     operator=cook2, duration_seconds=900)
    assert "operator" in info.value.message_dict
    # The health teacher co-signing is not a food handler; a valid cook records as before.
    assert factories.make_acceptance(world).result == "accepted"


def test_a_renewed_certificate_lets_the_cook_record_again_and_the_day_counts(world, cook2):
    staff = cook2.staff
    expired_on = timezone.localdate() - dt.timedelta(days=7)
    before = factories.make_acceptance(world, user=cook2, receiver=cook2, day=expired_on, product="前一周")  # valid on that day
    assert before.receiver == cook2
    StaffCertificate.objects.create(staff=staff, kind=CertificateKind.HEALTH, expires_on=timezone.localdate() + dt.timedelta(days=365))
    assert factories.make_acceptance(world, user=cook2, receiver=cook2).receiver == cook2


def test_the_expired_cook_is_told_in_the_second_person_on_the_home_and_kitchen_pages(world, cook2, client_as, rf):
    client = client_as(cook2)
    with translation.override("zh-hans"):
        home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        kitchen = client.get("/kitchen/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "你的健康证已于" in home and "你的健康证已于" in kitchen
    assert "赵师傅的健康证" not in kitchen  # not about himself in the third person
    request = rf.get("/")
    request.user, request.campus = cook2, world.campus
    with translation.override("en"):
        titles = [todo.title for todo in dashboard.todos(request, timezone.localdate())]
        assert "Your health certificate is not valid" in titles and not any("赵师傅" in t for t in titles)
        request.user = world.user(Role.COOK)  # the colleague sees the third-person line, not the second
        titles = [todo.title for todo in dashboard.todos(request, timezone.localdate())]
        assert "Your health certificate is not valid" not in titles and any("赵师傅" in t for t in titles)


def test_the_delivery_form_shows_the_refusal_to_the_expired_cook(world, cook2, client_as):
    supplier = factories.make_supplier(world.campus)
    response = client_as(cook2).post("/kitchen/acceptance/add/", {
        "date": timezone.localdate().isoformat(), "supplier": supplier.pk, "canteen": "children", "receiver": cook2.pk,
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-0-product": "青菜", "lines-0-quantity": "3", "lines-0-unit": "kg",
        "lines-0-unit_price": "4", "lines-0-batch_no": "B", "lines-0-sensory_ok": "on",
    })
    assert response.status_code == 200
    assert "你的健康证已于" in " ".join(response.context["form"].non_field_errors())
    assert not Acceptance.objects.exists()
