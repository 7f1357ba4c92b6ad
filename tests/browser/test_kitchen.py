"""On a phone, a cook records lunch's food samples and the tableware disinfection."""

import pytest
from django.utils import timezone

from campus.roles import Role
from kitchen import services
from kitchen.choices import Meal
from kitchen.models import Disinfection, FoodSample
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_cook_records_lunch_samples_and_disinfection_on_a_phone(page_as):
    world = make_world()
    world.staff[Role.COOK.value].name = "刘师傅"
    world.staff[Role.COOK.value].save()
    world.staff[Role.HEALTH.value].name = "李保健"
    world.staff[Role.HEALTH.value].save()
    health = world.user(Role.HEALTH)
    egg = factories.make_ingredient("E", "鸡蛋", energy="143", protein="12.6", fat="9.5", carb="0.7", edible="88", quality=True)
    rice = factories.make_ingredient("R", "大米", energy="360", protein="6.6", fat="0.6", carb="79.3")
    tomato = factories.make_ingredient("T", "番茄", energy="18", protein="0.9", fat="0.2", carb="3.9", edible="95")
    dishes = [
        factories.make_dish(world.campus, "米饭", [(rice, 60)], health),
        factories.make_dish(world.campus, "番茄炒蛋", [(tomato, 60), (egg, 35)], health),
        factories.make_dish(world.campus, "紫菜蛋花汤", [(egg, 8)], health),
    ]
    today = timezone.localdate()
    services.save_menu(world.campus, services.week_start_of(today), {(today, Meal.LUNCH): [d.pk for d in dishes]}, health)

    page = page_as(world.user(Role.COOK), "phone")
    page.goto(f"{page.base_url}/kitchen/")
    lunch = page.locator(".meal-card[data-meal=lunch]")
    assert "尚未留样" in lunch.inner_text()
    shot(page, "kitchen-today-before-phone")

    lunch.get_by_role("link", name="登记午餐留样").click()
    page.wait_for_load_state("networkidle")
    for dish, grams in zip(dishes, ["150", "130", "100"], strict=True):
        page.fill(f"input[name=weight_{dish.pk}]", grams)
    page.fill("input[name=fridge]", "留样专柜")
    page.fill("input[name=fridge_temp_c]", "4")
    page.select_option("select[name=reviewer]", str(health.pk))
    page.click("#sample-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    # 100 g is below the 125 g minimum: refused next to the field, nothing saved
    assert "不少于 125 克" in page.content()
    assert FoodSample.objects.count() == 0
    shot(page, "kitchen-samples-error-phone")
    page.fill(f"input[name=weight_{dishes[2].pk}]", "140")
    page.click("#sample-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert FoodSample.objects.filter(meal=Meal.LUNCH).count() == 3

    page.locator(".meal-card[data-meal=lunch]").get_by_role("link", name="登记消毒").click()
    page.wait_for_load_state("networkidle")
    page.locator("label[for=method_steam]").click()
    page.fill("input[name=minutes]", "15")
    page.fill("input[name=item_count]", "95")
    shot(page, "kitchen-disinfection-form-phone")
    page.click("#disinfection-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = Disinfection.objects.get()
    assert (row.meal, row.method, row.duration_seconds, row.anomaly) == ("lunch", "steam", 900, "")
    lunch = page.locator(".meal-card[data-meal=lunch]")
    assert lunch.get_attribute("data-state") == "done"
    shot(page, "kitchen-today-after-phone")

    factories.make_supplier(world.campus, name="过期粮油", expires_in_days=-2)
    page.locator("#deliveries").get_by_role("link", name="登记进货").click()
    page.wait_for_load_state("networkidle")
    assert "许可证已过期" in page.content()
    shot(page, "kitchen-acceptance-form-phone")


def test_health_teacher_reads_the_nutrition_charts(page_as):
    world = make_world()
    health = world.user(Role.HEALTH)
    rice = factories.make_ingredient("R", "大米", energy="360", protein="6.6", fat="0.6", carb="79.3")
    egg = factories.make_ingredient("E", "鸡蛋", energy="143", protein="12.6", fat="9.5", carb="0.7", edible="88", quality=True)
    milk = factories.make_ingredient("M", "牛奶", energy="61", protein="3.2", fat="3.3", carb="4.8", quality=True)
    meals = {
        Meal.BREAKFAST: [factories.make_dish(world.campus, "牛奶", [(milk, 200)], health)],
        Meal.LUNCH: [factories.make_dish(world.campus, "米饭", [(rice, 80)], health), factories.make_dish(world.campus, "蒸蛋", [(egg, 50)], health)],
    }
    monday = services.week_start_of(timezone.localdate())
    services.save_menu(world.campus, monday, {(monday, meal): [d.pk for d in dishes] for meal, dishes in meals.items()}, health)
    page = page_as(health, "phone")
    page.goto(f"{page.base_url}/kitchen/nutrition/?period=week&date={monday.isoformat()}&grade=middle")
    assert page.locator("svg.chart").count() == 2
    assert "[U]" in page.content()
    shot(page, "kitchen-nutrition-phone")
