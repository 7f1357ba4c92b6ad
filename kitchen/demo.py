"""Kitchen demo data: the ingredient table, suppliers (one licence expiring, one expired), dishes
with grams per age group, this week's published menu and next week's draft, two weeks of
deliveries (one delivery per supplier and day, with its lines; the expired wholesaler's refused, one of
them accepted by the director's override), samples, disinfection (one below the rule) and staff
meals. Idempotent. The cook ``cook2`` (expired health certificate) records nothing."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_noop

from campus.roles import Role

from . import deliveries, services
from .choices import Canteen, DisinfectionMethod, Meal
from .models import (
    Acceptance,
    Dish,
    Disinfection,
    FoodSample,
    Ingredient,
    Menu,
    StaffMeal,
    Supplier,
    SupplierCertificate,
)

DATA = Path(__file__).resolve().parent / "data" / "ingredients.csv"

# name -> [(ingredient code, grams nursery, small, middle, large)]
DISHES = {
    "小米粥": [("millet", 15, 20, 25, 25)],
    "牛奶": [("milk-whole", 150, 180, 200, 200)],
    "花卷": [("wheat-flour", 30, 40, 45, 50)],
    "鸡蛋羹": [("egg-whole", 30, 35, 40, 45), ("oil-sesame", 1, 1, 1, 1)],
    "米饭": [("rice-polished", 50, 65, 75, 85)],
    "番茄炒蛋": [("tomato", 50, 60, 70, 80), ("egg-whole", 25, 30, 35, 40), ("oil-soybean", 3, 4, 5, 5)],
    "香菇青菜": [("pak-choi", 50, 60, 70, 80), ("shiitake-fresh", 10, 10, 15, 15), ("oil-rapeseed", 3, 4, 4, 5)],
    "土豆烧鸡": [("chicken-thigh", 30, 35, 40, 45), ("potato", 20, 25, 30, 35), ("soy-sauce", 2, 2, 3, 3), ("oil-soybean", 2, 3, 3, 3)],
    "紫菜蛋花汤": [("laver", 2, 2, 3, 3), ("egg-whole", 5, 5, 8, 10)],
    "肉末豆腐": [("tofu-regular", 30, 40, 50, 60), ("pork-minced", 15, 20, 25, 30), ("oil-soybean", 3, 3, 4, 4)],
    "清蒸鲈鱼": [("fish-sea-bass", 35, 40, 45, 50)],
    "胡萝卜西兰花": [("carrot", 20, 25, 30, 30), ("broccoli", 40, 45, 50, 60), ("oil-rapeseed", 2, 3, 3, 3)],
    "香蕉": [("banana", 100, 120, 150, 150)],
    "苹果": [("apple", 100, 120, 150, 150)],
    "南瓜发糕": [("pumpkin", 15, 20, 20, 25), ("wheat-flour", 25, 30, 35, 40), ("sugar-white", 3, 3, 4, 4)],
}

# weekday -> {meal: [dishes]}
WEEK = [
    {Meal.BREAKFAST: ["小米粥", "鸡蛋羹"], Meal.LUNCH: ["米饭", "土豆烧鸡", "香菇青菜", "紫菜蛋花汤"], Meal.SNACK: ["香蕉"]},
    {Meal.BREAKFAST: ["牛奶", "花卷"], Meal.LUNCH: ["米饭", "清蒸鲈鱼", "胡萝卜西兰花"], Meal.SNACK: ["南瓜发糕"]},
    {Meal.BREAKFAST: ["小米粥", "花卷"], Meal.LUNCH: ["米饭", "肉末豆腐", "香菇青菜", "紫菜蛋花汤"], Meal.SNACK: ["苹果"]},
    {Meal.BREAKFAST: ["牛奶", "鸡蛋羹"], Meal.LUNCH: ["米饭", "番茄炒蛋", "胡萝卜西兰花"], Meal.SNACK: ["香蕉"]},
    {Meal.BREAKFAST: ["小米粥", "花卷"], Meal.LUNCH: ["米饭", "土豆烧鸡", "香菇青菜"], Meal.SNACK: ["南瓜发糕"]},
]

SUPPLIERS = [
    # name, licence, days until licence expiry, certificate (kind, days until expiry)
    ("绿源蔬菜配送中心", "JY13301020001234", 300, ("农残检测报告", 120)),
    ("康达肉类食品有限公司", "JY13301020005678", 20, ("动物检疫合格证明", 10)),
    ("阳光粮油批发部", "JY13301020009012", -5, ("营业执照", 900)),
]

# product, supplier index, quantity, unit, price, chilled, bulk
DELIVERIES = [
    ("青菜", 0, "8", "kg", "4.50", False, False),
    ("番茄", 0, "6", "kg", "5.20", False, False),
    ("猪肉末", 1, "3", "kg", "28.00", True, False),
    ("鸡腿肉", 1, "4", "kg", "22.00", True, False),
    ("鸡蛋", 0, "5", "kg", "11.00", False, False),
]


# ingredient code -> the food store's item name, where they differ
STORE_NAMES = {"wheat-flour": "面粉", "soy-sauce": "生抽"}


def _stocked_delivery(ctx) -> None:
    """Sugar the food store keeps: the accepted line becomes a lot there; it was entered as 20 bags and
    corrected to 18, so the store shows the receipt, its reversal and the corrected receipt."""
    campus, cook = ctx.campuses["central"], ctx.users["cook"]
    if Acceptance.objects.filter(campus=campus, product="白砂糖").exists():
        return
    day = ctx.today - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    supplier = Supplier.objects.filter(campus=campus, name=SUPPLIERS[0][0]).first()
    if supplier is None:
        return
    line = {"product": "白砂糖", "specification": "1kg", "quantity": Decimal("20"), "unit": "袋", "unit_price": Decimal("8.50"),
            "production_date": day - dt.timedelta(days=40), "batch_no": f"TG{day:%Y%m%d}", "shelf_life": "24个月"}
    delivery = deliveries.record_delivery(campus, user=cook, supplier=supplier, date=day, received_at=dt.time(9, 0),
                                          receiver=cook, lines=[line], certificates_checked=True)
    sugar = delivery.lines.get()
    deliveries.record_acceptance(
        campus, user=cook, instance=sugar, reason="实收18袋，录入时多点了2袋", supplier=supplier, date=day, receiver=cook,
        **{**line, "quantity": Decimal("18")},
    )


def _at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed(ctx) -> None:
    if not Ingredient.objects.exists() and DATA.exists():
        dataset = services.read_ingredient_table(DATA.read_bytes(), DATA.name)
        services.import_ingredients(dataset, dry_run=False, reason=gettext_noop("demo data"))
    campus = ctx.campuses["central"]
    cook, health = ctx.users["cook"], ctx.users["health"]
    services.settings_for(campus)
    services.settings_for(ctx.campuses["village"])
    today = ctx.today

    suppliers = []
    for name, licence, days, (kind, cert_days) in SUPPLIERS:
        supplier, created = Supplier.objects.get_or_create(
            campus=campus, name=name,
            defaults={"licence_no": licence, "licence_expires_on": today + dt.timedelta(days=days), "contact": name[:2] + "经理",
                      "phone": "0571-8800" + licence[-4:], "address": "城关镇农贸路" + licence[-2:] + "号"},
        )
        if created:
            SupplierCertificate.objects.create(supplier=supplier, kind=kind, number=licence[-6:], expires_on=today + dt.timedelta(days=cert_days))
        suppliers.append(supplier)

    ingredients = {i.code: i for i in Ingredient.objects.filter(code__in={c for lines in DISHES.values() for c, *_ in lines})}
    dishes = {}
    for name, lines in DISHES.items():
        dish = Dish.objects.filter(campus=campus, name=name).first()
        if dish is None and all(code in ingredients for code, *_ in lines):
            rows = [{"ingredient": ingredients[code], "grams_nursery": Decimal(a), "grams_small": Decimal(b),
                     "grams_middle": Decimal(c), "grams_large": Decimal(d)} for code, a, b, c, d in lines]
            dish = services.save_dish(Dish(campus=campus, name=name), rows, health)
        if dish:
            dishes[name] = dish

    this_week = services.week_start_of(today)
    for week_start, publish in ((this_week - dt.timedelta(days=7), True), (this_week, True), (this_week + dt.timedelta(days=7), False)):
        if Menu.objects.filter(campus=campus, week_start=week_start).exists():
            continue
        entries = {}
        for offset, meals in enumerate(WEEK):
            for meal, names in meals.items():
                entries[(week_start + dt.timedelta(days=offset), meal)] = [dishes[n].pk for n in names if n in dishes]
        menu = services.save_menu(campus, week_start, entries, health)
        if publish:
            services.publish_menu(menu, health)

    # Two weeks of deliveries, samples, disinfection and staff meals, up to yesterday.
    days = [today - dt.timedelta(days=n) for n in range(14, 0, -1) if (today - dt.timedelta(days=n)).weekday() < 5]
    for day in days:
        if Acceptance.objects.filter(campus=campus, date=day).exists():
            continue
        for index in sorted({line[1] for line in DELIVERIES}):  # one delivery per supplier, with its lines
            lines = [
                {"product": product, "quantity": Decimal(qty), "unit": unit, "unit_price": Decimal(price), "production_date": day,
                 "shelf_life": "3天", "chilled": chilled, "temperature_c": Decimal("3.5") if chilled else None}
                for product, supplier_index, qty, unit, price, chilled, _bulk in DELIVERIES if supplier_index == index
            ]
            if day.weekday() == 2 and index == 0:  # sour tofu, sent back
                lines.append({"product": "豆腐", "quantity": Decimal("4"), "unit": "kg", "unit_price": Decimal("4"), "production_date": day,
                              "sensory_ok": False, "reject_reason": "有酸味，退回"})
            deliveries.record_delivery(
                campus, user=cook, supplier=suppliers[index], date=day, received_at=dt.time(7, 10 + 10 * index), receiver=cook,
                lines=lines, certificates_checked=True,
            )
        if day.weekday() == 0:
            # Rice from the wholesaler whose licence expired a few days ago: refused automatically
            # (拒收) once the licence had run out, then accepted by the director's override, with a reason.
            rice = deliveries.record_delivery(
                campus, user=cook, supplier=suppliers[2], date=day, received_at=dt.time(8, 0), receiver=cook,
                second_receiver=ctx.users["logistics"], certificates_checked=True,
                lines=[{"product": "大米", "specification": "25kg/袋", "quantity": Decimal("50"), "unit": "kg",
                        "unit_price": Decimal("5.60"), "bulk": True, "batch_no": f"DM{day:%Y%m%d}", "shelf_life": "12个月"}],
            )
            if rice.refused:
                deliveries.override_refused_delivery(rice, user=ctx.users["director"],
                                                     reason="续证已受理，回执已核对；本周米已送到，特批收货")
        if day == days[-1]:  # cooking oil from the same wholesaler: refused, waiting for the director
            deliveries.record_delivery(
                campus, user=cook, supplier=suppliers[2], date=day, received_at=dt.time(8, 30), receiver=cook,
                lines=[{"product": "大豆油", "specification": "5L/桶", "quantity": Decimal("4"), "unit": "桶",
                        "unit_price": Decimal("68"), "batch_no": f"YO{day:%Y%m%d}", "shelf_life": "18个月"}],
            )
        if day.weekday() == 0:
            deliveries.record_acceptance(
                campus, user=cook, supplier=suppliers[0], date=day, product="食堂教工用菜", quantity=Decimal("5"), unit="kg",
                unit_price=Decimal("6"), receiver=cook, canteen=Canteen.STAFF, production_date=day,
            )

    yesterday = today - dt.timedelta(days=1)
    meal_hours = {Meal.BREAKFAST: 8, Meal.LUNCH: 11, Meal.SNACK: 15, Meal.SUPPER: 17}
    rules = services.settings_for(campus)
    for day in [d for d in days if d >= this_week - dt.timedelta(days=7)]:
        menu_items = list(Menu.objects.filter(campus=campus, week_start=services.week_start_of(day)).values_list("items__meal", "items__dish", "items__date"))
        for meal in rules.served_meals():
            if not FoodSample.objects.filter(campus=campus, date=day, meal=meal).exists():
                todays = [dish_id for item_meal, dish_id, item_date in menu_items if item_meal == meal and item_date == day]
                if day == yesterday and meal == Meal.LUNCH:
                    todays = todays[:-1]  # one forgotten sample: the register flags it
                for dish in Dish.objects.filter(pk__in=todays):
                    sample = services.record_sample(
                        campus, user=cook, date=day, meal=meal, dish=dish, weight_g=Decimal("150"),
                        sampled_at=_at(day, meal_hours[meal], 20), fridge="留样专柜1号", fridge_temp_c=Decimal("4.0"),
                        sampler=cook, reviewer=health,
                    )
                    if sample.discard_not_before < timezone.now():
                        services.discard_sample(sample, user=cook, when=sample.discard_not_before + dt.timedelta(hours=1))
            if not Disinfection.objects.filter(campus=campus, date=day, meal=meal).exists():
                below = day == yesterday and meal == Meal.SNACK
                services.record_disinfection(
                    campus, user=cook, date=day, meal=meal,
                    method=DisinfectionMethod.INFRARED if below else DisinfectionMethod.STEAM, items="碗、勺、餐盘",
                    item_count=120, started_at=_at(day, meal_hours[meal] + 1), operator=cook,
                    duration_seconds=600 if below else 900, temperature_c=Decimal("100") if below else None,
                )
            if meal == Meal.LUNCH and not StaffMeal.objects.filter(campus=campus, date=day, meal=meal).exists():
                services.record_staff_meals(campus, date=day, meal=meal, count=12, user=cook)
    for ingredient in Ingredient.objects.filter(code__in=STORE_NAMES, store_name=""):  # the food store's everyday names
        ingredient.store_name = STORE_NAMES[ingredient.code]
        services.save_ingredient(ingredient, health, gettext_noop("demo data"))
    ctx.later.append(_stocked_delivery)  # once the food store is there (logistics seeds it)
    ctx.log.append(f"kitchen: {Ingredient.objects.count()} ingredients, {len(dishes)} dishes, {Role.COOK.label}")
    from .demo_feedback import seed as seed_feedback
    from .demo_photos import seed as seed_photos

    seed_feedback(ctx)
    seed_photos(ctx)
