"""Builders for kitchen tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.roles import Role
from kitchen import deliveries, services
from kitchen.models import Dish, Ingredient, Supplier


def supplier(campus, name="绿源蔬菜配送", expires_in_days=200, **extra) -> Supplier:
    obj, _created = Supplier.objects.get_or_create(
        campus=campus, name=name, defaults={"licence_no": "JY13301000000001",
                                            "licence_expires_on": timezone.localdate() + dt.timedelta(days=expires_in_days), **extra},
    )
    return obj


def acceptance(world, *, supplier_obj=None, product="青菜", quantity="10", unit_price="3.50", day=None, **extra):
    campus = world.campus
    data = {
        "user": world.user(Role.COOK), "supplier": supplier_obj or supplier(campus), "date": day or timezone.localdate(),
        "product": product, "quantity": Decimal(quantity), "unit": "kg", "unit_price": Decimal(unit_price),
        "receiver": world.user(Role.COOK), "batch_no": "B20261125",
    }
    data.update(extra)
    return deliveries.record_acceptance(campus, **data)


def ingredient(code, name, *, energy, protein, fat, carb, edible="100", quality=False, **extra) -> Ingredient:
    return Ingredient.objects.create(
        code=code, name_zh=name, energy_kcal=Decimal(energy), protein_g=Decimal(protein), fat_g=Decimal(fat),
        carb_g=Decimal(carb), edible_pct=Decimal(edible), quality_protein=quality, source="test", **extra,
    )


def dish(campus, name, lines=(), user=None) -> Dish:
    """lines: [(ingredient, grams for every grade) or (ingredient, {grade: grams})]"""
    obj = Dish(campus=campus, name=name)
    rows = []
    for ing, grams in lines:
        if not isinstance(grams, dict):
            grams = dict.fromkeys(("nursery", "small", "middle", "large"), grams)
        rows.append({"ingredient": ing, **{f"grams_{g}": Decimal(str(v)) for g, v in grams.items()}})
    return services.save_dish(obj, rows, user)
