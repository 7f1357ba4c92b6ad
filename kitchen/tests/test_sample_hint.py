"""Issue 11: the sample weight field carries no number that reads like a weighed sample; the
minimum is a hint under it."""

import pytest
from django.utils import timezone

from campus.roles import Role
from kitchen import services
from kitchen.choices import Meal
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_sample_weight_shows_the_minimum_as_a_hint_not_a_placeholder(world, client_as, clock):
    clock.at("11:30")
    health = world.user(Role.HEALTH)
    egg = factories.make_ingredient("E", "鸡蛋", energy="143", protein="12.6", fat="9.5", carb="0.7", edible="88", quality=True)
    dish = factories.make_dish(world.campus, "蒸蛋", [(egg, 40)], health)
    today = timezone.localdate()
    services.save_menu(world.campus, services.week_start_of(today), {(today, Meal.LUNCH): [dish.pk]}, health)
    page = client_as(world.user(Role.COOK)).get("/kitchen/samples/meal/?meal=lunch").content.decode()
    field = page[page.index(f'name="weight_{dish.pk}"'):]
    field = field[:field.index(">")]
    assert "placeholder" not in field and f'aria-describedby="hint-id_weight_{dish.pk}"' in field
    assert f'id="hint-id_weight_{dish.pk}">≥125 克</div>' in page
