"""Kitchen URLs: cooks write the food-safety records, the health teacher writes dishes, ingredients
and menus, the logistics head keeps suppliers, the director reads all (and edits the settings),
parents read only the published menu."""

from django.utils import timezone

from campus.roles import Role
from tests import factories

from . import Expect

VIEWERS = {Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.COOK}
COOK = {Role.COOK}
HEALTH = {Role.HEALTH}


def objects(world) -> dict:
    """One record of each kind on world.campus, made through the kitchen services (once per world)."""
    if "kitchen" in world.cache:
        return world.cache["kitchen"]
    health = world.user(Role.HEALTH)
    supplier = factories.make_supplier(world.campus, "绿源", expires_in_days=300, user=world.user(Role.LOGISTICS))
    line = factories.make_acceptance(world, supplier=supplier, product="青菜", quantity="5", unit_price="3", batch_no="B1")
    expired = factories.make_supplier(world.campus, "过期粮油", expires_in_days=-3, user=world.user(Role.LOGISTICS))
    delivery = factories.make_acceptance(world, supplier=expired, product="面粉").delivery  # refused (拒收)
    ingredient = factories.make_ingredient("M1", "鸡蛋", energy="143", protein="12", fat="9", carb="1")
    dish = factories.make_dish(world.campus, "番茄炒蛋", [(ingredient, 50)], health)
    sample = factories.make_sample(world, dish)
    disinfection = factories.make_disinfection(world)
    menu = factories.make_menu(world.campus, {(timezone.localdate(), "lunch"): [dish]}, health)
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


def _feedback(world) -> int:
    from kitchen import feedback, services

    def make():
        menu = objects(world)["menu"]
        services.publish_menu(menu, world.user(Role.HEALTH))
        menu.refresh_from_db()
        return feedback.give_feedback(menu, world.child, user=world.parent.user, rating=4, comment="青菜有点咸").pk

    return world.once("feedback", make)


EXPECTATIONS += [
    # Meal feedback: the parent rates this week's menu; the kitchen (cook, health teacher) answers; the
    # director and logistics head read it for the meal committee.
    Expect("kitchen:parent_feedback", parent=True, kwargs=lambda w: {"pk": w.child.pk}, other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("kitchen:feedback_list", allow=VIEWERS, setup=_feedback),
    Expect("kitchen:feedback_answer", allow={Role.COOK, Role.HEALTH}, kwargs=lambda w: {"pk": _feedback(w)}, method="post",
           data={"answer": "下周少放盐"}, ok=(302,), classes=False),
    Expect("kitchen:feedback_summary", allow=VIEWERS),
]



def _meal_photo(world) -> int:
    return world.once("meal_photo", lambda: factories.make_meal_photo(world.campus, world.user(Role.COOK)).pk)


EXPECTATIONS += [
    # Meal photos: cooks and the logistics head upload them; they or the director take one down; the
    # kitchen's viewers see them (the file through /media/); a parent gets a photo of their child's
    # campus through the child's URL (the parent of another child is refused).
    Expect("kitchen:meal_photos", allow=VIEWERS, setup=_meal_photo),
    Expect("kitchen:meal_photo_delete", allow={Role.COOK, Role.LOGISTICS, Role.DIRECTOR}, kwargs=lambda w: {"pk": _meal_photo(w)},
           method="post", ok=(302,), classes=False),
    Expect("kitchen:parent_meal_photo", parent=True, kwargs=lambda w: {"pk": w.child.pk, "photo_pk": _meal_photo(w)},
           other_kwargs=lambda w: {"pk": w.other_child.pk, "photo_pk": _meal_photo(w)}),
]
