"""The nutrition analysis of a small known menu, against a hand computation written out here."""

import datetime as dt
from decimal import Decimal as D

import pytest

from kitchen import services
from kitchen.analysis import nutrition_analysis, purchase_plan
from kitchen.choices import Meal
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu(world):
    cook = world.user("health_teacher")
    rice = factories.make_ingredient("A", "米", energy="360", protein="7", fat="1", carb="79", calcium_mg=D("10"), iron_mg=D("1"),
                               zinc_mg=D("1"), vit_a_ug_rae=D("0"), vit_c_mg=D("0"))
    egg = factories.make_ingredient("B", "蛋", energy="144", protein="13", fat="9", carb="1", edible="88", quality=True,
                              calcium_mg=D("50"), iron_mg=D("2"), zinc_mg=D("1"), vit_a_ug_rae=D("200"), vit_c_mg=D("0"))
    greens = factories.make_ingredient("C", "青菜", energy="20", protein="2", fat="0.5", carb="3", edible="80", calcium_mg=D("100"),
                                 iron_mg=D("2"), zinc_mg=D("0.5"), vit_a_ug_rae=D("300"), vit_c_mg=D("30"))
    d1 = factories.make_dish(world.campus, "米饭", [(rice, 60)], cook)
    d2 = factories.make_dish(world.campus, "青菜炒蛋", [(egg, 50), (greens, 100)], cook)
    d3 = factories.make_dish(world.campus, "水煮蛋", [(egg, 25)], cook)
    monday = dt.date(2026, 3, 2)
    services.save_menu(world.campus, monday, {
        (monday, Meal.BREAKFAST): [d3.pk],
        (monday, Meal.LUNCH): [d1.pk, d2.pk],
        (monday + dt.timedelta(days=1), Meal.LUNCH): [d1.pk],
    }, cook)
    return monday


def test_week_analysis_matches_the_hand_computation(world, menu):
    """Edible grams = raw grams × edible %; nutrient = edible grams × value / 100.

    Day 1  breakfast 水煮蛋: egg 25 g × 0.88 = 22 g -> 31.68 kcal, 2.86 g protein, 1.98 fat, 0.22 carb,
                            Ca 11, Fe 0.44, Zn 0.22, VA 44
           lunch 米饭: rice 60 g -> 216 kcal, 4.2 protein, 0.6 fat, 47.4 carb, Ca 6, Fe 0.6, Zn 0.6
                 青菜炒蛋: egg 50 × 0.88 = 44 g -> 63.36 kcal, 5.72 protein, 3.96 fat, 0.44 carb, Ca 22, Fe 0.88,
                            Zn 0.44, VA 88; greens 100 × 0.8 = 80 g -> 16 kcal, 1.6 protein, 0.4 fat, 2.4 carb,
                            Ca 80, Fe 1.6, Zn 0.4, VA 240, VC 24
    Day 2  lunch 米饭 again: 216 kcal, 4.2, 0.6, 47.4, Ca 6, Fe 0.6, Zn 0.6
    Totals / 2 days: energy 543.04/2 = 271.52; protein 18.58/2 = 9.29; fat 7.54/2 = 3.77; carb 97.86/2 = 48.93;
      Ca 125/2 = 62.5; Fe 4.12/2 = 2.06; Zn 2.26/2 = 1.13; VA 372/2 = 186; VC 24/2 = 12.
    DRIs 2013, 中班 (age 4): energy (1300 + 1250)/2 = 1275, protein 30, Ca 800, Fe 10, Zn 5.5, VA 360, VC 50.
      % : 271.52/1275 = 21.30 %; 9.29/30 = 30.97 %; 62.5/800 = 7.81 %; 2.06/10 = 20.6 %; 1.13/5.5 = 20.55 %;
          186/360 = 51.67 %; 12/50 = 24.0 %.
    Energy shares (4/9/4): 37.16 + 33.93 + 195.72 = 266.81 kcal -> protein 13.93 %, fat 12.72 %, carb 73.36 %.
    Meals: breakfast 31.68 of 543.04 = 5.83 %, 15.84 kcal a day; lunch 511.36 = 94.17 %, 255.68 kcal a day.
    High-quality protein: egg 2.86 + 5.72 = 8.58 of 18.58 g = 46.18 %.
    """
    report = nutrition_analysis(world.campus, menu, menu + dt.timedelta(days=6), "middle", "2013")
    assert report.days == [menu, menu + dt.timedelta(days=1)]
    got = {row.key: (row.intake, row.reference, row.pct) for row in report.rows}
    assert got == {
        "energy_kcal": (D("271.5"), D("1275.0"), D("21.3")),
        "protein_g": (D("9.3"), D("30.0"), D("31.0")),
        "fat_g": (D("3.8"), None, None),
        "carb_g": (D("48.9"), None, None),
        "calcium_mg": (D("62.5"), D("800.0"), D("7.8")),
        "iron_mg": (D("2.1"), D("10.0"), D("20.6")),
        "zinc_mg": (D("1.1"), D("5.5"), D("20.5")),
        "vit_a_ug_rae": (D("186.0"), D("360.0"), D("51.7")),
        "vit_c_mg": (D("12.0"), D("50.0"), D("24.0")),
    }
    assert report.row("energy_kcal").meets is False and report.row("energy_kcal").target_pct == 80
    assert report.row("protein_g").unconfirmed and not report.row("energy_kcal").unconfirmed
    assert [(s.key, s.pct, s.low, s.high, s.ok) for s in report.energy_shares] == [
        ("protein", D("13.9"), 12, 15, True), ("fat", D("12.7"), 30, 35, False), ("carb", D("73.4"), 50, 60, False),
    ]
    assert [(str(label), kcal, pct) for label, kcal, pct in report.meal_energy] == [
        ("早餐", D("15.8"), D("5.8")), ("午餐", D("255.7"), D("94.2")), ("午点", D("0.0"), D("0.0")),
    ]
    assert [(s.key, s.pct, s.target, s.ok) for s in report.meal_split] == [
        ("morning", D("5.8"), 30, False), ("lunch", D("94.2"), 40, False), ("afternoon", D("0.0"), 30, False)]
    assert report.quality_protein_pct == D("46.2") and report.quality_protein_ok is False


def test_meal_split_passes_within_the_campus_tolerance():
    from kitchen.analysis import ShareRow

    def split(pct, tolerance=5, target=30):
        return ShareRow(key="morning", label="早餐", pct=D(pct), low=target - tolerance, high=target + tolerance, target=target)

    assert split("25.0").ok and split("35.0").ok  # the edges pass
    assert not split("24.9").ok and not split("35.1").ok
    assert split("38.0", tolerance=8).ok


def test_the_tolerance_is_a_campus_setting(world, menu):
    rules = services.settings_for(world.campus)
    rules.meal_split_tolerance_pct = 10
    rules.save()
    report = nutrition_analysis(world.campus, menu, menu, "middle")
    assert [(s.low, s.high) for s in report.meal_split] == [(20, 40), (30, 50), (20, 40)]


def test_dri_edition_setting_and_age_group(world, menu):
    rules = services.settings_for(world.campus)
    rules.dri_edition = "2023"
    rules.save()
    report = nutrition_analysis(world.campus, menu, menu, "small")
    assert report.edition == "2023"
    assert report.row("energy_kcal").reference == D("1200.0")  # age 3, 2023: (1250 + 1150) / 2
    # one day: breakfast 31.68 + lunch 295.36 = 327.04 kcal (small class uses the same grams here)
    assert report.row("energy_kcal").intake == D("327.0")


def test_missing_micronutrient_is_reported_not_invented(world):
    health = world.user("health_teacher")
    shrimp = factories.make_ingredient("S", "虾", energy="85", protein="20", fat="0.5", carb="0", quality=True)  # VA unknown
    dish = factories.make_dish(world.campus, "白灼虾", [(shrimp, 40)], health)
    monday = dt.date(2026, 3, 9)
    services.save_menu(world.campus, monday, {(monday, Meal.LUNCH): [dish.pk]}, health)
    report = nutrition_analysis(world.campus, monday, monday, "large", "2013")
    assert report.row("vit_a_ug_rae").missing == ["虾"]
    assert report.row("vit_a_ug_rae").intake == D("0.0")


def test_purchase_quantities_from_menu_and_expected_children(world, menu):
    lines, expected, days = purchase_plan(world.campus, menu, expected={"nursery": D("0"), "small": D("4"), "middle": D("10"), "large": D("0")})
    got = {line.ingredient.code: (line.per_day, line.total_kg) for line in lines}
    # rice: 60 g × (4 + 10) children = 840 g on Monday and Tuesday
    assert got["A"] == ({menu: D("0.84"), menu + dt.timedelta(days=1): D("0.84")}, D("1.68"))
    # egg: (25 + 50) g × 14 = 1050 g on Monday; greens 100 g × 14 = 1.4 kg
    assert got["B"] == ({menu: D("1.05")}, D("1.05"))
    assert got["C"] == ({menu: D("1.40")}, D("1.40"))
    assert len(days) == 7


def test_nutrition_page_and_pdf(world, menu, client_as):
    client = client_as(world.user("health_teacher"))
    response = client.get("/kitchen/nutrition/", {"period": "week", "date": menu.isoformat(), "grade": "middle"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "271.5" in body and "[U]" in body
    pdf = client.get("/kitchen/nutrition/", {"period": "month", "date": menu.isoformat(), "grade": "middle", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_weighed_meal_replaces_the_menu_grams(world, menu):
    """Monday lunch weighed: 1200 g rice raw for 20 children with 10 % left over
    -> 1200 × 0.9 / 20 = 54 g rice per child (instead of the menu's 60 g rice + egg + greens).
    Monday: breakfast egg 22 g edible = 31.68 kcal; lunch rice 54 g × 3.6 = 194.4 kcal -> 226.08 kcal.
    Tuesday (menu): 216 kcal. Average over 2 days: (226.08 + 216) / 2 = 221.04 kcal; protein
    (2.86 + 54 × 0.07 + 4.2) / 2 = (2.86 + 3.78 + 4.2) / 2 = 5.42 g."""
    from kitchen.models import Ingredient

    rice = Ingredient.objects.get(code="A")
    services.record_weighing(world.campus, date=menu, meal=Meal.LUNCH, children=20, leftover_pct=D("10"),
                             lines=[(rice, D("1200"))], user=world.user("cook"))
    report = nutrition_analysis(world.campus, menu, menu + dt.timedelta(days=6), "middle", "2013")
    assert report.weighed_meals == 1
    assert report.row("energy_kcal").intake == D("221.0")
    assert report.row("protein_g").intake == D("5.4")


def test_weighing_is_validated_and_the_page_prefills_from_the_menu(world, menu, client_as):
    from django.core.exceptions import ValidationError

    from kitchen.models import Ingredient, Weighing

    rice = Ingredient.objects.get(code="A")
    with pytest.raises(ValidationError) as info:
        services.record_weighing(world.campus, date=menu, meal=Meal.LUNCH, children=0, leftover_pct=D("95"),
                                 lines=[(rice, D("-1"))], user=world.user("cook"))
    assert {"children", "leftover_pct", "__all__"} <= set(info.value.message_dict)
    assert not Weighing.objects.exists()
    client = client_as(world.user("cook"))
    response = client.get(f"/kitchen/nutrition/weigh/?date={menu.isoformat()}&meal=lunch")
    assert response.status_code == 200


def test_reference_can_be_a_share_of_the_full_day(world, menu):
    rules = services.settings_for(world.campus)
    rules.dri_day_share_pct = 70
    rules.save()
    report = nutrition_analysis(world.campus, menu, menu + dt.timedelta(days=6), "middle", "2013")
    # 1275 × 0.7 = 892.5 kcal; 271.52 / 892.5 = 30.42 %
    assert report.row("energy_kcal").reference == D("892.5") and report.row("energy_kcal").pct == D("30.4")
