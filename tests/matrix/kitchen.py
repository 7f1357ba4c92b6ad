"""Kitchen URLs: cooks write the food-safety records, the health teacher writes dishes, ingredients
and menus, the logistics head keeps suppliers, the director reads all (and edits the settings),
parents read only the published menu."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.roles import Role

from . import Expect

VIEWERS = {Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.COOK}
COOK = {Role.COOK}
HEALTH = {Role.HEALTH}


def objects(world) -> dict:
    if "kitchen" in world.cache:
        return world.cache["kitchen"]
    from kitchen.models import (
        Acceptance,
        Delivery,
        Dish,
        Disinfection,
        FoodSample,
        Ingredient,
        Menu,
        Supplier,
    )

    today = timezone.localdate()
    now = timezone.now()
    cook, health = world.user(Role.COOK), world.user(Role.HEALTH)
    supplier = Supplier.objects.create(campus=world.campus, name="绿源", licence_no="JY1", licence_expires_on=today + dt.timedelta(days=300))
    delivery = Delivery.objects.create(campus=world.campus, date=today, supplier=supplier, receiver=cook, status="rejected",
                                       refusal_reason="许可证过期")
    line = Acceptance.objects.create(
        delivery=delivery, campus=world.campus, date=today, supplier=supplier, product="青菜", quantity=Decimal("5"), unit="kg",
        unit_price=Decimal("3"), amount=Decimal("15"), batch_no="B1", receiver=cook,
    )
    dish = Dish.objects.create(campus=world.campus, name="番茄炒蛋")
    sample = FoodSample.objects.create(
        campus=world.campus, date=today, meal="lunch", dish=dish, weight_g=Decimal("130"), sampled_at=now, fridge="留样柜",
        fridge_temp_c=Decimal("4"), sampler=cook, reviewer=health, discard_not_before=now + dt.timedelta(hours=48),
    )
    disinfection = Disinfection.objects.create(
        campus=world.campus, date=today, meal="lunch", method="steam", items="碗", item_count=40, duration_seconds=900,
        started_at=now, operator=cook,
    )
    ingredient = Ingredient.objects.create(code="M1", name_zh="鸡蛋", energy_kcal=143, protein_g=12, fat_g=9, carb_g=1, source="t")
    menu = Menu.objects.create(campus=world.campus, week_start=today - dt.timedelta(days=today.weekday()))
    menu.items.create(date=today, meal="lunch", dish=dish)
    world.cache["kitchen"] = {"supplier": supplier, "line": line, "delivery": delivery, "dish": dish, "sample": sample, "disinfection": disinfection,
                              "ingredient": ingredient, "menu": menu}
    return world.cache["kitchen"]


def pk(name):
    return lambda w: {"pk": objects(w)[name].pk}


EXPECTATIONS = [
    Expect("kitchen:index", allow=VIEWERS),
    Expect("kitchen:settings", allow={Role.DIRECTOR}),
    Expect("kitchen:supplier_list", allow=VIEWERS),
    Expect("kitchen:supplier_add", allow={Role.LOGISTICS}),
    Expect("kitchen:supplier_detail", allow=VIEWERS, kwargs=pk("supplier")),
    Expect("kitchen:supplier_edit", allow={Role.LOGISTICS}, kwargs=pk("supplier")),
    Expect("kitchen:acceptance_list", allow=VIEWERS),
    Expect("kitchen:acceptance_add", allow=COOK),
    Expect("kitchen:acceptance_detail", allow=VIEWERS, kwargs=pk("line")),
    Expect("kitchen:acceptance_edit", allow=COOK, kwargs=pk("line")),
    Expect("kitchen:delivery_detail", allow=VIEWERS, kwargs=pk("delivery")),
    Expect("kitchen:delivery_override", allow={Role.DIRECTOR}, kwargs=pk("delivery"), method="post", data={"reason": "x"}, ok=(302,)),
    Expect("kitchen:sample_list", allow=VIEWERS),
    Expect("kitchen:sample_meal", allow=COOK, query="?meal=lunch"),
    Expect("kitchen:sample_detail", allow=VIEWERS, kwargs=pk("sample")),
    Expect("kitchen:sample_edit", allow=COOK, kwargs=pk("sample")),
    Expect("kitchen:sample_discard", allow=COOK, kwargs=pk("sample"), method="post", data={"note": "x"}, ok=(302,)),
    Expect("kitchen:disinfection_list", allow=VIEWERS),
    Expect("kitchen:disinfection_add", allow=COOK),
    Expect("kitchen:disinfection_detail", allow=VIEWERS, kwargs=pk("disinfection")),
    Expect("kitchen:disinfection_edit", allow=COOK, kwargs=pk("disinfection")),
    Expect("kitchen:meal_counts", allow=VIEWERS),
    Expect("kitchen:purchase", allow=VIEWERS),
    Expect("kitchen:dish_list", allow=VIEWERS),
    Expect("kitchen:dish_add", allow=HEALTH),
    Expect("kitchen:dish_detail", allow=VIEWERS, kwargs=pk("dish")),
    Expect("kitchen:dish_edit", allow=HEALTH, kwargs=pk("dish")),
    Expect("kitchen:ingredient_list", allow=VIEWERS),
    Expect("kitchen:ingredient_import", allow=HEALTH),
    # Ingredients are the group's shared reference table (no campus): not scoped.
    Expect("kitchen:ingredient_edit", allow=HEALTH, kwargs=pk("ingredient"), scoped=False),
    Expect("kitchen:menu_list", allow=VIEWERS),
    Expect("kitchen:menu_edit", allow=HEALTH),
    Expect("kitchen:menu_detail", allow=VIEWERS, kwargs=pk("menu")),
    Expect("kitchen:menu_publish", allow=HEALTH, kwargs=pk("menu"), method="post", ok=(302,)),
    Expect("kitchen:nutrition", allow=VIEWERS),
    Expect("kitchen:weighing", allow={Role.COOK, Role.HEALTH}),
    Expect("kitchen:parent_menu", parent=True, kwargs=lambda w: {"pk": w.child.pk}, other_kwargs=lambda w: {"pk": w.other_child.pk}),
]
