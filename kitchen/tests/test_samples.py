import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campus.roles import Role
from kitchen import services
from kitchen.analysis import missing_samples, today_board
from kitchen.choices import Meal
from kitchen.models import FoodSample
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lunch(world):
    """Today's lunch: two dishes on the menu."""
    health = world.user(Role.HEALTH)
    egg = factories.make_ingredient("E", "鸡蛋", energy="143", protein="12.6", fat="9.5", carb="0.7", edible="88", quality=True)
    tomato = factories.make_ingredient("T", "番茄", energy="18", protein="0.9", fat="0.2", carb="3.9", edible="95")
    d1 = factories.make_dish(world.campus, "番茄炒蛋", [(egg, 30), (tomato, 60)], health)
    d2 = factories.make_dish(world.campus, "蒸蛋", [(egg, 40)], health)
    today = timezone.localdate()
    services.save_menu(world.campus, services.week_start_of(today), {(today, Meal.LUNCH): [d1.pk, d2.pk]}, health)
    return d1, d2


def sample(world, dish, **changes):
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {"user": world.user(Role.COOK), "date": now.date(), "meal": Meal.LUNCH, "dish": dish, "weight_g": Decimal("150"),
            "sampled_at": now, "fridge": "留样柜", "fridge_temp_c": Decimal("4"), "sampler": world.user(Role.COOK),
            "reviewer": world.user(Role.HEALTH)}
    data.update(changes)
    return services.record_sample(world.campus, **data)


def test_sample_keeps_its_fields_and_the_discard_time(world, lunch):
    s = sample(world, lunch[0])
    assert s.discard_not_before == s.sampled_at + dt.timedelta(hours=48)
    rules = services.settings_for(world.campus)
    rules.sample_keep_hours = 72
    rules.save()
    s2 = sample(world, lunch[1])
    assert s2.discard_not_before == s2.sampled_at + dt.timedelta(hours=72)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weight_g": Decimal("124.9")}, "weight_g"),
        ({"weight_g": Decimal("-5")}, "weight_g"),
        ({"weight_g": Decimal("9000")}, "weight_g"),
        ({"fridge_temp_c": Decimal("-3")}, "fridge_temp_c"),
        ({"fridge_temp_c": Decimal("12")}, "fridge_temp_c"),
        ({"reviewer": "sampler"}, "reviewer"),
        ({"fridge": " "}, "fridge"),
        ({"sampled_at": "future"}, "sampled_at"),
    ],
)
def test_bad_samples_are_refused_and_nothing_saved(world, lunch, changes, field):
    if changes.get("reviewer") == "sampler":
        changes["reviewer"] = world.user(Role.COOK)
    if changes.get("sampled_at") == "future":
        changes["sampled_at"] = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(ValidationError) as info:
        sample(world, lunch[0], **changes)
    assert field in info.value.message_dict
    assert not FoodSample.objects.exists()


def test_minimum_weight_is_a_campus_setting(world, lunch):
    rules = services.settings_for(world.campus)
    rules.sample_min_grams = 200
    rules.save()
    with pytest.raises(ValidationError) as info:
        sample(world, lunch[0], weight_g=Decimal("150"))
    assert "200" in info.value.message_dict["weight_g"][0]


def test_one_sample_per_dish_per_meal(world, lunch):
    sample(world, lunch[0])
    with pytest.raises(ValidationError) as info:
        sample(world, lunch[0], weight_g=Decimal("130"))
    assert "dish" in info.value.message_dict
    assert FoodSample.objects.count() == 1


def test_discarding_early_is_refused_with_the_reason_and_later_recorded(world, lunch):
    s = sample(world, lunch[0])
    with pytest.raises(ValidationError) as info:
        services.discard_sample(s, user=world.user(Role.COOK), when=s.sampled_at + dt.timedelta(hours=47))
    assert "48" in info.value.messages[0]
    s.refresh_from_db()
    assert s.discarded_at is None
    services.discard_sample(s, user=world.user(Role.COOK), when=s.sampled_at + dt.timedelta(hours=48, minutes=5), note="到期处理")
    s.refresh_from_db()
    assert s.discarded_by == world.user(Role.COOK) and s.discard_note == "到期处理"
    with pytest.raises(ValidationError):
        services.discard_sample(s, user=world.user(Role.COOK))


def test_early_discard_through_the_page_shows_the_reason(world, lunch, client_as):
    s = sample(world, lunch[0])
    client = client_as(world.user(Role.COOK))
    response = client.post(f"/kitchen/samples/{s.pk}/discard/", {"note": "x"}, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    s.refresh_from_db()
    assert s.discarded_at is None


def test_a_meal_with_a_dish_but_no_sample_is_flagged(world, lunch):
    today = timezone.localdate()
    sample(world, lunch[0])
    assert [(meal, dish) for _day, meal, dish in missing_samples(world.campus, today, today)] == [(Meal.LUNCH, lunch[1])]
    late = timezone.make_aware(dt.datetime.combine(today, dt.time(13, 0)))
    board = today_board(world.campus, today, now=late)
    meal = next(m for m in board.meals if m.meal == Meal.LUNCH)
    assert meal.missing_samples == [lunch[1]] and meal.state == "late"


def test_recording_a_meal_on_the_phone_page_saves_every_dish(world, lunch, client_as):
    client = client_as(world.user(Role.COOK))
    d1, d2 = lunch
    page = client.get("/kitchen/samples/meal/?meal=lunch")
    assert page.status_code == 200 and "番茄炒蛋" in page.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"meal": "lunch", "date": timezone.localdate().isoformat(), f"weight_{d1.pk}": "150", f"weight_{d2.pk}": "120",
            "fridge": "留样柜", "fridge_temp_c": "4", "sampled_at": now, "reviewer": world.user(Role.HEALTH).pk}
    response = client.post("/kitchen/samples/meal/", data)
    assert response.status_code == 200  # 120 g is below the minimum: nothing saved
    assert f"weight_{d2.pk}" in response.context["form"].errors
    assert not FoodSample.objects.exists()
    data[f"weight_{d2.pk}"] = "130"
    data["reviewer"] = world.user(Role.COOK).pk  # the sampler cannot review
    response = client.post("/kitchen/samples/meal/", data)
    assert "reviewer" in response.context["form"].errors and not FoodSample.objects.exists()
    data["reviewer"] = world.user(Role.HEALTH).pk
    response = client.post("/kitchen/samples/meal/", data)
    assert response.status_code == 302
    assert sorted(FoodSample.objects.values_list("dish__name", "weight_g")) == [("番茄炒蛋", Decimal("150.0")), ("蒸蛋", Decimal("130.0"))]


def test_sample_page_shows_its_history(world, lunch, client_as):
    s = sample(world, lunch[0])
    s.discard_not_before = s.sampled_at
    s.save()
    services.discard_sample(s, user=world.user(Role.COOK), note="到期")
    body = client_as(world.user(Role.DIRECTOR)).get(s.get_absolute_url()).content.decode()
    assert "history-list" in body and "到期" in body


def test_a_sample_is_corrected_with_a_reason_and_the_same_checks(world, lunch, client_as):
    s = sample(world, lunch[0])
    client = client_as(world.user(Role.COOK))
    data = {"weight_g": "100", "fridge": "留样柜", "fridge_temp_c": "4", "reviewer": world.user(Role.HEALTH).pk, "reason": "称重写错"}
    response = client.post(f"/kitchen/samples/{s.pk}/correct/", data)
    assert response.status_code == 200 and "weight_g" in response.context["form"].errors  # below the minimum
    response = client.post(f"/kitchen/samples/{s.pk}/correct/", {**data, "weight_g": "160"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.weight_g == Decimal("160.0")
    assert s.history.first().history_change_reason == "称重写错"
