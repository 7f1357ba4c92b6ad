import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.roles import Role
from campus.services import record_class_attendance
from kitchen import services
from kitchen.analysis import expected_children, meal_counts
from kitchen.choices import Meal, MenuStatus
from kitchen.models import Dish, DishIngredient, Menu, MenuItem, StaffMeal
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dishes(world):
    health = world.user(Role.HEALTH)
    rice = factories.make_ingredient("R", "米", energy="360", protein="7", fat="1", carb="79")
    return [factories.make_dish(world.campus, name, [(rice, {"nursery": 30, "small": 40, "middle": 50, "large": 60})], health)
            for name in ("米饭", "馒头")]


def test_dish_keeps_grams_per_age_group(world, dishes):
    line = DishIngredient.objects.get(dish=dishes[0])
    assert [line.grams_for(g) for g in ("nursery", "small", "middle", "large")] == [Decimal("30"), Decimal("40"), Decimal("50"), Decimal("60")]


def test_a_menu_referring_to_a_missing_dish_is_refused_and_nothing_saved(world, dishes):
    monday = services.week_start_of(timezone.localdate())
    other = Dish.objects.create(campus=world.other_campus, name="别园的菜")
    for bad in (99999, other.pk):
        with pytest.raises(ValidationError) as info:
            services.save_menu(world.campus, monday, {(monday, Meal.LUNCH): [dishes[0].pk, bad]}, world.user(Role.HEALTH))
        assert str(bad) in info.value.messages[0]
    assert not Menu.objects.exists() and not MenuItem.objects.exists()
    with pytest.raises(ValidationError):
        services.save_menu(world.campus, monday + dt.timedelta(days=1), {}, world.user(Role.HEALTH))  # not a Monday
    with pytest.raises(ValidationError):
        services.save_menu(world.campus, monday, {(monday, Meal.SUPPER): [dishes[0].pk]}, world.user(Role.HEALTH))  # not served


def test_menu_form_refuses_a_missing_dish(world, dishes, client_as):
    client = client_as(world.user(Role.HEALTH))
    monday = services.week_start_of(timezone.localdate())
    key = f"d{monday:%Y%m%d}_lunch"
    response = client.post(f"/kitchen/menus/edit/?week={monday.isoformat()}", {key: [dishes[0].pk, 424242]})
    assert response.status_code == 200 and key in response.context["form"].errors
    assert not Menu.objects.exists()
    response = client.post(f"/kitchen/menus/edit/?week={monday.isoformat()}", {key: [dishes[0].pk, dishes[1].pk]})
    menu = Menu.objects.get()
    assert response.status_code == 302 and menu.items.count() == 2 and menu.status == MenuStatus.DRAFT


def test_published_menu_reaches_parents_only_when_published(world, dishes, client_as):
    monday = services.week_start_of(timezone.localdate())
    menu = services.save_menu(world.campus, monday, {(monday, Meal.LUNCH): [dishes[0].pk]}, world.user(Role.HEALTH))
    parent = client_as(world.parent.user)
    url = f"/kitchen/parent/child/{world.child.pk}/menu/"
    assert "米饭" not in parent.get(url).content.decode()
    staff = client_as(world.user(Role.HEALTH))
    assert staff.post(f"/kitchen/menus/{menu.pk}/publish/").status_code == 302
    menu.refresh_from_db()
    assert menu.status == MenuStatus.PUBLISHED and menu.published_by == world.user(Role.HEALTH)
    parent = client_as(world.parent.user)
    assert "米饭" in parent.get(url).content.decode()
    assert parent.get(f"/kitchen/parent/child/{world.far_child.pk}/menu/").status_code == 404
    home = parent.get(f"/parent/child/{world.child.pk}/").content.decode()
    assert url in home
    detail = client_as(world.user(Role.DIRECTOR)).get(menu.get_absolute_url()).content.decode()
    assert "history-list" in detail


def test_meal_counts_from_attendance_with_staff_meals_apart(world, client_as):
    today = timezone.localdate()
    record_class_attendance(world.classroom, today, {world.other_child.pk: (AttendanceStatus.SICK, "发烧")}, world.user(Role.TEACHER))
    services.record_staff_meals(world.campus, date=today, meal=Meal.LUNCH, count=6, user=world.user(Role.COOK))
    counts = meal_counts(world.campus, today)
    assert counts.classes == [(world.classroom, 1)] and counts.children_total == 1
    assert counts.staff == {"breakfast": None, "lunch": 6, "snack": None}
    services.record_staff_meals(world.campus, date=today, meal=Meal.LUNCH, count=7, user=world.user(Role.COOK))
    assert StaffMeal.objects.get().count == 7
    with pytest.raises(ValidationError):
        services.record_staff_meals(world.campus, date=today, meal=Meal.LUNCH, count=-1, user=world.user(Role.COOK))
    page = client_as(world.user(Role.COOK)).get("/kitchen/meals/").content.decode()
    assert "小一班" in page


def test_expected_children_use_recent_attendance(world):
    today = timezone.localdate()
    for n in range(1, 3):
        record_class_attendance(world.classroom, today - dt.timedelta(days=n),
                                {world.other_child.pk: (AttendanceStatus.SICK, "")} if n == 1 else {}, world.user(Role.TEACHER))
    # 2 enrolled × 3 present of 4 recorded = 1.5 children of the middle grade
    assert expected_children(world.campus, today)["middle"] == Decimal("1.5")


def test_settings_page_for_the_director_shows_the_rules(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get("/kitchen/settings/").content.decode()
    assert "第四十条" in page
    data = {f: getattr(services.settings_for(world.campus), f) for f in ("sample_min_grams", "sample_keep_hours")}
    response = client.post("/kitchen/settings/", {**data, "sample_min_grams": 100})
    assert response.status_code == 200 and "sample_min_grams" in response.context["form"].errors


def test_menu_prints_as_pdf(world, dishes, client_as):
    monday = services.week_start_of(timezone.localdate())
    menu = services.save_menu(world.campus, monday, {(monday, Meal.LUNCH): [dishes[0].pk]}, world.user(Role.HEALTH))
    response = client_as(world.user(Role.COOK)).get(f"{menu.get_absolute_url()}?format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_ingredient_edit_keeps_history_with_the_reason(world, client_as):
    ingredient = factories.make_ingredient("Z", "紫菜", energy="250", protein="26.7", fat="1.1", carb="44.1")
    client = client_as(world.user(Role.HEALTH))
    data = {f: getattr(ingredient, f) for f in ("code", "name_zh", "name_en", "category", "edible_pct", "energy_kcal", "protein_g",
                                                 "fat_g", "carb_g", "source", "source_ref")}
    data.update({"energy_kcal": "-3", "reason": "按成分表第6版更正"})
    response = client.post(f"/kitchen/ingredients/{ingredient.pk}/edit/", data)
    assert response.status_code == 200 and "energy_kcal" in response.context["form"].errors
    data["energy_kcal"] = "207"
    assert client.post(f"/kitchen/ingredients/{ingredient.pk}/edit/", data).status_code == 302
    ingredient.refresh_from_db()
    assert ingredient.energy_kcal == 207
    assert ingredient.history.first().history_change_reason == "按成分表第6版更正"
