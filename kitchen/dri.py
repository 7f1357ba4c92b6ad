"""Dietary reference intakes (DRIs) for children, per day, by age, with where each number comes from.

Per ``/work/shared/domain-facts.md`` section 6. Each value carries its certainty: ``S`` (a secondary
source was seen) or ``U`` (not confirmed; shown as [U] in the UI). The 2023 edition's values other
than age-3 energy are not confirmed: they are carried over where the facts sheet gives nothing and
are all marked [U]. Energy is per sex; the analysis uses the mean of boys and girls.

Age groups: a class's grade gives the age row (托班 2-3 y -> 2, 小班 3-4 y -> 3, 中班 4-5 y -> 4,
大班 5-6 y -> 5).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from campus.choices import Grade

SOURCES = {
    "2013": [
        "中国居民膳食营养素参考摄入量 2013 (WS/T 578); energy by age: https://m.31doc.com/p-9495146.html",
        "Fe, Zn: https://online.flippingbook.com/view/844304058/22/",
    ],
    "2023": ["中国居民膳食营养素参考摄入量 2023; age-3 energy: https://001doc.com/doc/945902.html (other values not confirmed)"],
}

GRADE_AGE = {Grade.NURSERY: 2, Grade.SMALL: 3, Grade.MIDDLE: 4, Grade.LARGE: 5}

NUTRIENTS = ["energy_kcal", "protein_g", "calcium_mg", "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg"]
NUTRIENT_LABELS = {
    "energy_kcal": _("Energy (kcal)"),
    "protein_g": _("Protein (g)"),
    "fat_g": _("Fat (g)"),
    "carb_g": _("Carbohydrate (g)"),
    "calcium_mg": _("Calcium (mg)"),
    "iron_mg": _("Iron (mg)"),
    "zinc_mg": _("Zinc (mg)"),
    "vit_a_ug_rae": _("Vitamin A (µg RAE)"),
    "vit_c_mg": _("Vitamin C (mg)"),
}


@dataclass(frozen=True)
class Value:
    amount: Decimal
    certainty: str  # "S" or "U"

    @property
    def unconfirmed(self) -> bool:
        return self.certainty == "U"


def _v(amount, certainty):
    return Value(Decimal(str(amount)), certainty)


def _energy(boys, girls, certainty):
    return _v((Decimal(boys) + Decimal(girls)) / 2, certainty)


# edition -> age -> nutrient -> Value
TABLE = {
    "2013": {
        2: {"energy_kcal": _energy(1100, 1000, "U"), "protein_g": _v(25, "U"), "calcium_mg": _v(600, "U"), "iron_mg": _v(9, "U"),
            "zinc_mg": _v("4.0", "U"), "vit_a_ug_rae": _v(310, "U"), "vit_c_mg": _v(40, "U")},
        3: {"energy_kcal": _energy(1250, 1200, "S"), "protein_g": _v(30, "U"), "calcium_mg": _v(600, "U"), "iron_mg": _v(9, "U"),
            "zinc_mg": _v("4.0", "U"), "vit_a_ug_rae": _v(310, "U"), "vit_c_mg": _v(40, "U")},
        4: {"energy_kcal": _energy(1300, 1250, "S"), "protein_g": _v(30, "U"), "calcium_mg": _v(800, "U"), "iron_mg": _v(10, "S"),
            "zinc_mg": _v("5.5", "S"), "vit_a_ug_rae": _v(360, "U"), "vit_c_mg": _v(50, "U")},
        5: {"energy_kcal": _energy(1400, 1300, "S"), "protein_g": _v(30, "U"), "calcium_mg": _v(800, "U"), "iron_mg": _v(10, "S"),
            "zinc_mg": _v("5.5", "S"), "vit_a_ug_rae": _v(360, "U"), "vit_c_mg": _v(50, "U")},
        6: {"energy_kcal": _energy(1600, 1450, "S"), "protein_g": _v(35, "U"), "calcium_mg": _v(800, "U"), "iron_mg": _v(10, "S"),
            "zinc_mg": _v("5.5", "S"), "vit_a_ug_rae": _v(360, "U"), "vit_c_mg": _v(50, "U")},
    },
    "2023": {
        2: {"energy_kcal": _energy(1100, 1000, "U"), "protein_g": _v(25, "U"), "calcium_mg": _v(500, "U"), "iron_mg": _v(10, "U"),
            "zinc_mg": _v("4.0", "U"), "vit_a_ug_rae": _v(340, "U"), "vit_c_mg": _v(40, "U")},
        3: {"energy_kcal": _energy(1250, 1150, "S"), "protein_g": _v(30, "U"), "calcium_mg": _v(500, "U"), "iron_mg": _v(10, "U"),
            "zinc_mg": _v("4.0", "U"), "vit_a_ug_rae": _v(340, "U"), "vit_c_mg": _v(40, "U")},
        4: {"energy_kcal": _energy(1300, 1250, "U"), "protein_g": _v(30, "U"), "calcium_mg": _v(600, "U"), "iron_mg": _v(10, "U"),
            "zinc_mg": _v("5.5", "U"), "vit_a_ug_rae": _v(390, "U"), "vit_c_mg": _v(50, "U")},
        5: {"energy_kcal": _energy(1400, 1300, "U"), "protein_g": _v(30, "U"), "calcium_mg": _v(600, "U"), "iron_mg": _v(10, "U"),
            "zinc_mg": _v("5.5", "U"), "vit_a_ug_rae": _v(390, "U"), "vit_c_mg": _v(50, "U")},
        6: {"energy_kcal": _energy(1600, 1450, "U"), "protein_g": _v(35, "U"), "calcium_mg": _v(600, "U"), "iron_mg": _v(10, "U"),
            "zinc_mg": _v("5.5", "U"), "vit_a_ug_rae": _v(390, "U"), "vit_c_mg": _v(50, "U")},
    },
}

# Energy shares (% of energy) and meal split, per the kindergarten practice cited in the facts sheet.
ENERGY_SHARE_RANGES = {"protein": (12, 15), "fat": (30, 35), "carb": (50, 60)}
MEAL_SPLIT_TARGET = {"morning": 30, "lunch": 40, "afternoon": 30}
QUALITY_PROTEIN_MIN_PCT = 50


def reference(edition: str, grade: str) -> dict[str, Value]:
    return TABLE[edition][GRADE_AGE[grade]]
