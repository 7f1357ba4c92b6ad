"""Reads: the kitchen-today board, meal counts, purchase quantities and the nutrition analysis.

No writes here. Each function uses a fixed number of queries whatever the size of the menu."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus import attendance
from campus.choices import Grade  # noqa: F401 (analysis.Grade: the grade names of the views)
from campus.models import Classroom

from . import dri
from .choices import Meal
from .models import Acceptance, DishIngredient, Disinfection, FoodSample, MenuItem, StaffMeal, WeighingLine
from .needs import GRADES, ONE, expected_children, q1  # noqa: F401 (read here by callers)
from .services import expiring_supplier_papers, kitchen_staff_without_valid_certificate, settings_for

HUNDRED = Decimal("100")


# --- kitchen today -------------------------------------------------------------------------------


@dataclass
class MealStatus:
    meal: str
    label: str
    due: dt.time
    dishes: list = field(default_factory=list)
    samples: list = field(default_factory=list)
    missing_samples: list = field(default_factory=list)
    disinfections: list = field(default_factory=list)
    late: bool = False

    @property
    def samples_done(self) -> bool:
        return bool(self.dishes) and not self.missing_samples

    @property
    def disinfection_done(self) -> bool:
        return bool(self.disinfections)

    @property
    def done(self) -> bool:
        return (self.samples_done or not self.dishes) and self.disinfection_done

    @property
    def state(self) -> str:
        if not self.dishes and not self.disinfections:
            return "none"  # nothing on the menu for this meal: nothing is due
        if self.done:
            return "done"
        return "late" if self.late else "due"


@dataclass
class TodayBoard:
    day: dt.date
    meals: list
    deliveries: list
    deliveries_late: bool
    expired_cooks: list
    supplier_papers: list
    settings: object

    @property
    def problems(self) -> int:
        return sum(1 for meal in self.meals if meal.state == "late") + len(self.expired_cooks) + int(self.deliveries_late)


def today_board(campus, day: dt.date, now=None) -> TodayBoard:
    now = timezone.localtime(now or timezone.now())
    rules = settings_for(campus)
    items = list(MenuItem.objects.filter(menu__campus=campus, date=day).select_related("dish").order_by("meal", "dish__name"))
    samples = list(FoodSample.objects.filter(campus=campus, date=day).select_related("dish", "sampler", "reviewer"))
    disinfections = list(Disinfection.objects.filter(campus=campus, date=day).select_related("operator"))
    deliveries = list(Acceptance.objects.filter(campus=campus, date=day).select_related("supplier").order_by("id"))
    meals = []
    for meal in rules.served_meals():
        status = MealStatus(meal=meal, label=Meal(meal).label, due=rules.due_time(meal))
        status.dishes = [item.dish for item in items if item.meal == meal]
        status.samples = [sample for sample in samples if sample.meal == meal]
        sampled = {sample.dish_id for sample in status.samples}
        status.missing_samples = [dish for dish in status.dishes if dish.pk not in sampled]
        status.disinfections = [row for row in disinfections if row.meal == meal]
        is_past = day < now.date() or (day == now.date() and now.time() > status.due)
        status.late = is_past and bool(status.dishes) and not status.done
        meals.append(status)
    has_menu = bool(items)
    deliveries_late = has_menu and not deliveries and (day < now.date() or (day == now.date() and now.time() > rules.acceptance_due))
    return TodayBoard(
        day=day, meals=meals, deliveries=deliveries, deliveries_late=deliveries_late,
        expired_cooks=kitchen_staff_without_valid_certificate(campus, day),
        supplier_papers=expiring_supplier_papers(campus, day, rules), settings=rules,
    )


def missing_samples(campus, first: dt.date, last: dt.date) -> list[tuple]:
    """(date, meal, dish) of menu dishes with no sample, for the register and the dashboard (two queries)."""
    sampled = set(FoodSample.objects.filter(campus=campus, date__range=(first, last)).values_list("date", "meal", "dish_id"))
    items = MenuItem.objects.filter(menu__campus=campus, date__range=(first, last)).select_related("dish").order_by("date", "meal")
    return [(item.date, item.meal, item.dish) for item in items if (item.date, item.meal, item.dish_id) not in sampled]


# --- meal counts ---------------------------------------------------------------------------------


@dataclass
class MealCounts:
    day: dt.date
    meals: list  # meal values served
    classes: list  # [(classroom, present or None)]
    staff: dict  # meal -> count or None

    @property
    def children_total(self) -> int:
        return sum(present or 0 for _room, present in self.classes)

    @property
    def unrecorded(self) -> list:
        return [room for room, present in self.classes if present is None]


def meal_counts(campus, day: dt.date) -> MealCounts:
    """Children's meals per class from attendance (present children eat every meal served), and
    staff meals apart (three queries plus the settings)."""
    rules = settings_for(campus)
    rooms = list(attendance.with_counts(Classroom.objects.filter(campus=campus, is_active=True), day, day)
                 .order_by("grade", "name"))
    staff = dict(StaffMeal.objects.filter(campus=campus, date=day).values_list("meal", "count"))
    return MealCounts(
        day=day, meals=rules.served_meals(), classes=[(room, room.present if room.recorded else None) for room in rooms],
        staff={meal: staff.get(meal) for meal in rules.served_meals()},
    )


# --- purchase quantities -------------------------------------------------------------------------


@dataclass
class PurchaseLine:
    ingredient: object
    per_day: dict  # date -> kg
    total_kg: Decimal


def purchase_plan(campus, week_start: dt.date, expected: dict | None = None) -> tuple[list[PurchaseLine], dict, list]:
    """Raw kilograms to buy per ingredient and day for a week's menu × expected children per grade."""
    expected = expected if expected is not None else expected_children(campus, week_start)
    days = [week_start + dt.timedelta(days=n) for n in range(7)]
    items = list(MenuItem.objects.filter(menu__campus=campus, date__range=(days[0], days[-1])).values_list("date", "dish_id"))
    lines = DishIngredient.objects.filter(dish_id__in={dish for _d, dish in items}).select_related("ingredient")
    by_dish = defaultdict(list)
    for line in lines:
        by_dish[line.dish_id].append(line)
    grams = defaultdict(lambda: defaultdict(Decimal))
    ingredients = {}
    for day, dish_id in items:
        for line in by_dish[dish_id]:
            ingredients[line.ingredient_id] = line.ingredient
            grams[line.ingredient_id][day] += sum(line.grams_for(grade) * expected[grade] for grade in GRADES)
    result = []
    for ingredient_id, per_day in grams.items():
        kg = {day: (value / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for day, value in per_day.items()}
        total = (sum(per_day.values()) / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        result.append(PurchaseLine(ingredient=ingredients[ingredient_id], per_day=kg, total_kg=total))
    result.sort(key=lambda line: (line.ingredient.category, line.ingredient.code))
    return result, expected, days


# --- nutrition analysis --------------------------------------------------------------------------

COMPONENTS = ["energy_kcal", "protein_g", "fat_g", "carb_g", "calcium_mg", "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg"]
MEAL_GROUP = {Meal.BREAKFAST: "morning", Meal.LUNCH: "lunch", Meal.SNACK: "afternoon", Meal.SUPPER: "afternoon"}


@dataclass
class NutrientRow:
    key: str
    label: str
    intake: Decimal
    reference: Decimal | None = None
    pct: Decimal | None = None
    target_pct: int | None = None
    checked: bool = False  # the reference value was compared with a copy of the published table
    citation: str = ""  # book, table, age, and how far the value was checked
    missing: list = field(default_factory=list)  # ingredients without a value for this nutrient

    @property
    def bar(self) -> Decimal:
        """Bar length for the chart: 2 px per % of the reference, capped at 150 %."""
        return min(self.pct or Decimal("0"), Decimal("150")) * 2

    @property
    def meets(self) -> bool | None:
        if self.pct is None or self.target_pct is None:
            return None
        return self.pct >= self.target_pct


@dataclass
class ShareRow:
    key: str
    label: str
    pct: Decimal
    low: int
    high: int
    target: int | None = None  # the meal split's share (low/high are target ± the campus's tolerance)

    @property
    def ok(self) -> bool:
        return self.low <= self.pct <= self.high

    @property
    def bar(self) -> Decimal:
        return min(self.pct, HUNDRED) * 3

    @property
    def band_x(self) -> int:
        return self.low * 3

    @property
    def band_width(self) -> int:
        return max((self.high - self.low) * 3, 2)


@dataclass
class NutritionReport:
    campus: object
    first: dt.date
    last: dt.date
    grade: str
    edition: str
    days: list
    rows: list
    energy_shares: list
    meal_energy: list  # [(meal label, kcal, pct)]
    meal_split: list  # [ShareRow] morning/lunch/afternoon vs 30/40/30 ± the campus's tolerance
    quality_protein_pct: Decimal | None
    target_pct: int
    sources: list
    weighed_meals: int = 0
    day_share_pct: int = 100

    @property
    def quality_protein_ok(self) -> bool | None:
        if self.quality_protein_pct is None:
            return None
        return self.quality_protein_pct >= dri.QUALITY_PROTEIN_MIN_PCT

    @property
    def chart_rows(self) -> list:
        return [row for row in self.rows if row.pct is not None]

    @property
    def chart_height(self) -> int:
        return 36 * len(self.chart_rows) + 4

    @property
    def target_x(self) -> int:
        return 2 * self.target_pct

    def row(self, key):
        return next(row for row in self.rows if row.key == key)


def nutrition_analysis(campus, first: dt.date, last: dt.date, grade: str, edition: str | None = None) -> NutritionReport:
    """Intake per child per day from the menu (raw grams × edible share × composition / 100),
    averaged over the days that have a menu, against the DRIs of the grade's age. A weighed meal
    (称重法: raw grams used × (1 − share left over) / children who ate) replaces the menu's grams.

    Energy shares use 4/9/4 kcal per g of protein/fat/carbohydrate over their sum; the meal split
    groups breakfast as morning, lunch, and snack + supper as afternoon (30/40/30 %)."""
    rules = settings_for(campus)
    edition = edition or rules.dri_edition
    weighed_lines = list(
        WeighingLine.objects.filter(weighing__campus=campus, weighing__date__range=(first, last)).select_related("weighing", "ingredient")
    )
    weighed = {(line.weighing.date, line.weighing.meal) for line in weighed_lines}
    items = [
        item for item in MenuItem.objects.filter(menu__campus=campus, date__range=(first, last)).values_list("date", "meal", "dish_id")
        if (item[0], item[1]) not in weighed  # a weighed meal replaces the menu's planned grams
    ]
    lines = DishIngredient.objects.filter(dish_id__in={dish for _d, _m, dish in items}).select_related("ingredient")
    by_dish = defaultdict(list)
    for line in lines:
        by_dish[line.dish_id].append(line)
    # per child: raw grams used × (1 − share left over) / children who ate
    portions = [
        (line.weighing.meal, line.ingredient,
         line.raw_grams * (HUNDRED - line.weighing.leftover_pct) / HUNDRED / line.weighing.children)
        for line in weighed_lines
    ]
    portions += [(meal, line.ingredient, line.grams_for(grade)) for _day, meal, dish_id in items for line in by_dish[dish_id]]
    totals = defaultdict(Decimal)
    per_meal = defaultdict(Decimal)
    quality_protein = Decimal("0")
    missing = defaultdict(set)
    days = sorted({day for day, _m, _d in items} | {day for day, _m in weighed})
    for meal, ing, grams in portions:
        edible = grams * ing.edible_pct / HUNDRED
        for key in COMPONENTS:
            value = getattr(ing, key)
            if value is None:  # not analysed in the source: counted as 0 and reported
                missing[key].add(ing.name_zh)
                continue
            totals[key] += edible * value / HUNDRED
        per_meal[meal] += edible * ing.energy_kcal / HUNDRED
        if ing.quality_protein:
            quality_protein += edible * ing.protein_g / HUNDRED
    n = Decimal(len(days)) or Decimal("1")
    average = {key: totals[key] / n for key in COMPONENTS}
    reference = dri.reference(edition, grade)
    share = Decimal(rules.dri_day_share_pct) / HUNDRED
    rows = []
    for key in COMPONENTS:
        ref = reference.get(key)
        row = NutrientRow(key=key, label=dri.NUTRIENT_LABELS[key], intake=q1(average[key]), missing=sorted(missing[key]))
        if ref is not None:
            row.reference, row.checked, row.citation = q1(ref.amount * share), ref.checked, ref.citation
            row.pct = q1(average[key] * HUNDRED / (ref.amount * share))
            row.target_pct = rules.dri_target_pct if key in ("energy_kcal", "protein_g") else 80
        rows.append(row)
    macro = {"protein": average["protein_g"] * 4, "fat": average["fat_g"] * 9, "carb": average["carb_g"] * 4}
    macro_sum = sum(macro.values())
    labels = {"protein": dri.NUTRIENT_LABELS["protein_g"], "fat": dri.NUTRIENT_LABELS["fat_g"], "carb": dri.NUTRIENT_LABELS["carb_g"]}
    energy_shares = [
        ShareRow(key=key, label=labels[key], pct=q1(macro[key] * HUNDRED / macro_sum) if macro_sum else Decimal("0"),
                 low=low, high=high)
        for key, (low, high) in dri.ENERGY_SHARE_RANGES.items()
    ]
    meal_total = sum(per_meal.values())
    served = rules.served_meals()
    meal_energy = [
        (Meal(meal).label, q1(per_meal[meal] / n), q1(per_meal[meal] * HUNDRED / meal_total) if meal_total else Decimal("0"))
        for meal in Meal.values if meal in served or per_meal[meal]
    ]
    group_energy = defaultdict(Decimal)
    for meal, kcal in per_meal.items():
        group_energy[MEAL_GROUP[meal]] += kcal
    group_labels = {"morning": _("Breakfast"), "lunch": _("Lunch"), "afternoon": _("Afternoon snack and supper")}
    tolerance = rules.meal_split_tolerance_pct
    meal_split = [
        ShareRow(key=key, label=group_labels[key], pct=q1(group_energy[key] * HUNDRED / meal_total) if meal_total else Decimal("0"),
                 low=max(target - tolerance, 0), high=target + tolerance, target=target)
        for key, target in dri.MEAL_SPLIT_TARGET.items()
    ]
    total_protein = totals["protein_g"]
    quality_pct = q1(quality_protein * HUNDRED / total_protein) if total_protein else None
    return NutritionReport(
        campus=campus, first=first, last=last, grade=grade, edition=edition, days=days, rows=rows, weighed_meals=len(weighed),
        energy_shares=energy_shares, meal_energy=meal_energy, meal_split=meal_split, quality_protein_pct=quality_pct,
        target_pct=rules.dri_target_pct, sources=dri.SOURCES[edition], day_share_pct=rules.dri_day_share_pct,
    )
