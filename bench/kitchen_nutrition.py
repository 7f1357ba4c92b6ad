"""Benchmark: the kitchen's reads at the size of a large kindergarten: a month of menus (3 meals,
3-5 dishes each, 60 dishes of 3-5 ingredients from the shipped table), and a month of samples and
disinfection. Prints JSON lines {"metric", "value", "unit", "baseline"}.

Standalone: ``.venv/bin/python bench/kitchen_nutrition.py`` builds its data in a throwaway SQLite
file. Goal: query counts independent of the number of days and dishes; a month's analysis < 1 s."""

import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="houqin-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["HOUQIN_VAR_DIR"] = TMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

settings.DEBUG = False  # measure what production runs: no SQL logging on every query

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from campus.models import Campus  # noqa: E402
from kitchen.analysis import nutrition_analysis, purchase_plan, today_board  # noqa: E402
from kitchen.choices import Meal  # noqa: E402
from kitchen.models import Dish, DishIngredient, Disinfection, FoodSample, Ingredient, Menu, MenuItem  # noqa: E402

FIRST = dt.date(2026, 11, 2)  # a Monday


def emit(metric, value, unit, baseline=None):
    print(json.dumps({"metric": metric, "value": value, "unit": unit, "baseline": baseline}, ensure_ascii=False), flush=True)


def measure(label, fn):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    emit(f"{label} time", round((time.perf_counter() - start) * 1000, 1), "ms")
    emit(f"{label} queries", len(ctx), "queries")
    return result


def build():
    call_command("migrate", verbosity=0)
    call_command("load_ingredients", verbosity=0, stdout=open(os.devnull, "w"))
    campus = Campus.objects.create(code="bench", name="基准园")
    rng = random.Random(4)
    ingredients = list(Ingredient.objects.all())
    dishes = Dish.objects.bulk_create(Dish(campus=campus, name=f"菜{n}") for n in range(60))
    DishIngredient.objects.bulk_create(
        DishIngredient(dish=dish, ingredient=ing, grams_nursery=Decimal(20), grams_small=Decimal(25), grams_middle=Decimal(30),
                       grams_large=Decimal(35))
        for dish in dishes for ing in rng.sample(ingredients, rng.randint(3, 5))
    )
    items, samples, disinfection = [], [], []
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench")
    reviewer = get_user_model().objects.create_user("bench2")
    for week in range(5):
        menu = Menu.objects.create(campus=campus, week_start=FIRST + dt.timedelta(days=7 * week))
        for offset in range(5):
            day = menu.week_start + dt.timedelta(days=offset)
            for meal in (Meal.BREAKFAST, Meal.LUNCH, Meal.SNACK):
                when = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
                for dish in rng.sample(dishes, rng.randint(3, 5)):
                    items.append(MenuItem(menu=menu, date=day, meal=meal, dish=dish))
                    samples.append(FoodSample(campus=campus, date=day, meal=meal, dish=dish, weight_g=130, sampled_at=when,
                                              fridge="柜", fridge_temp_c=4, sampler=user, reviewer=reviewer,
                                              discard_not_before=when + dt.timedelta(hours=48)))
                disinfection.append(Disinfection(campus=campus, date=day, meal=meal, method="steam", items="碗", item_count=200,
                                                 duration_seconds=900, started_at=when, operator=user))
    MenuItem.objects.bulk_create(items)
    FoodSample.objects.bulk_create(samples)
    Disinfection.objects.bulk_create(disinfection)
    emit("menu items", len(items), "rows")
    return campus


def main():
    campus = build()
    measure("nutrition analysis, one day", lambda: nutrition_analysis(campus, FIRST, FIRST, "middle"))
    report = measure("nutrition analysis, one month", lambda: nutrition_analysis(campus, FIRST, FIRST + dt.timedelta(days=29), "middle"))
    emit("days analysed", len(report.days), "days")
    measure("purchase plan, one week", lambda: purchase_plan(campus, FIRST))
    measure("kitchen today board", lambda: today_board(campus, FIRST + dt.timedelta(days=2)))


if __name__ == "__main__":
    main()
