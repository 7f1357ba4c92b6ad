"""Dietary reference intakes (DRIs) for children, per day, by age, with a record of where each number
comes from and how far it was checked.

Two editions of the Chinese Nutrition Society's book are offered (a kitchen setting):
《中国居民膳食营养素参考摄入量（2013版）》 (科学出版社, 2014), whose values were issued as the health
industry standard WS/T 578 (parts 1–5, 2017–2018), and the 2023 edition (人民卫生出版社, 2023).

Every value carries a ``Check``:

- ``COPY_CHECKED``: each figure was compared with a reproduction of the book's table that we actually
  read (listed in ``seen_in``); the printed book and the WS/T text themselves were not at hand.
- ``UNCHECKED``: this project's transcription of the edition; no table was read to check it.

The page shows the citation (book, table, age) and this status in words; ``check_record()`` is the
machine-readable form. Energy is per sex; the analysis uses the mean of boys and girls.

Age groups: a class's grade gives the age row (托班 2-3 y -> 2, 小班 3-4 y -> 3, 中班 4-5 y -> 4,
大班 5-6 y -> 5).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campus.choices import Grade

COPY_CHECKED = "copy_checked"
UNCHECKED = "unchecked"

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

BOOKS = {
    "2013": pgettext_lazy("DRI book", "Chinese Dietary Reference Intakes (2013 edition)"),
    "2023": pgettext_lazy("DRI book", "Chinese Dietary Reference Intakes (2023 edition)"),
}

# The table of the book each nutrient is read from, and (2013 only) the WS/T 578 part that issued it.
TABLES = {
    "energy_kcal": pgettext_lazy("DRI table", "estimated energy requirement (EER)"),
    "protein_g": pgettext_lazy("DRI table", "protein reference intakes"),
    "calcium_mg": pgettext_lazy("DRI table", "macro-element reference intakes"),
    "iron_mg": pgettext_lazy("DRI table", "trace-element reference intakes"),
    "zinc_mg": pgettext_lazy("DRI table", "trace-element reference intakes"),
    "vit_a_ug_rae": pgettext_lazy("DRI table", "fat-soluble vitamin reference intakes"),
    "vit_c_mg": pgettext_lazy("DRI table", "water-soluble vitamin reference intakes"),
}
STANDARD_2013 = {
    "energy_kcal": "WS/T 578.1—2017", "protein_g": "WS/T 578.1—2017", "calcium_mg": "WS/T 578.2—2018",
    "iron_mg": "WS/T 578.3—2017", "zinc_mg": "WS/T 578.3—2017", "vit_a_ug_rae": "WS/T 578.4—2018",
    "vit_c_mg": "WS/T 578.5—2018",
}

# Full references for the foot of the page, per edition.
SOURCES = {
    "2013": [
        _("Chinese Nutrition Society (ed.), Chinese Dietary Reference Intakes (2013 edition), Science Press, 2014."),
        _("WS/T 578.1—2017 Chinese dietary reference intakes — Part 1: Macronutrients."),
        _("WS/T 578.2—2018 Chinese dietary reference intakes — Part 2: Macro elements."),
        _("WS/T 578.3—2017 Chinese dietary reference intakes — Part 3: Trace elements."),
        _("WS/T 578.4—2018 Chinese dietary reference intakes — Part 4: Fat-soluble vitamins."),
        _("WS/T 578.5—2018 Chinese dietary reference intakes — Part 5: Water-soluble vitamins."),
    ],
    "2023": [
        _("Chinese Nutrition Society (ed.), Chinese Dietary Reference Intakes (2023 edition), People's Medical Publishing House, 2023."),
    ],
}


@dataclass(frozen=True)
class Check:
    status: str  # COPY_CHECKED or UNCHECKED
    seen_in: tuple = ()  # the reproductions of the table that were read (record only, never shown)
    note: str = ""


@dataclass(frozen=True)
class Value:
    edition: str
    nutrient: str
    age: int
    amount: Decimal
    check: Check
    boys: Decimal | None = None  # energy only
    girls: Decimal | None = None

    @property
    def checked(self) -> bool:
        return self.check.status == COPY_CHECKED

    @property
    def standard(self) -> str:
        return STANDARD_2013[self.nutrient] if self.edition == "2013" else ""

    @property
    def citation(self) -> str:
        """Book, table, age (and the WS/T part for 2013), then how far the value was checked."""
        if self.boys is not None:
            row = _("age %(age)s, mean of boys %(boys)s and girls %(girls)s kcal") % {
                "age": self.age, "boys": self.boys, "girls": self.girls}
            if self.age >= 6:
                row = _("%(row)s, moderate physical activity") % {"row": row}
        else:
            row = _("age %(age)s") % {"age": self.age}
        place = {"book": BOOKS[self.edition], "table": TABLES[self.nutrient], "row": row}
        if self.standard:
            place["row"] = _("%(row)s; issued as %(standard)s") % {"row": row, "standard": self.standard}
        if self.checked:
            return _("%(book)s, %(table)s, %(row)s. Checked figure by figure against a copy of this table, "
                     "not against the printed book.") % place
        return _("Taken from %(book)s, %(table)s, %(row)s. Transcribed by this project; not checked item by item.") % place


# --- what was read -------------------------------------------------------------------------------
# Reproductions of the 2013 tables. Their text was read through the research search tool.
_ENERGY_2013 = (
    "《2013版中国居民膳食营养素参考摄入量分类总表》表1 中国居民膳食能量需要量 (三一文库转载, "
    "https://m.31doc.com/p-9495146.html): 2岁 1100/1000, 3岁 1250/1200, 4岁 1300/1250, 5岁 1400/1300, "
    "6岁 中 1600/1450 kcal (男/女)",
    "表 1-1 中国居民膳食能量需要量(EER), 身体活动水平(中) 男: 1岁~11岁 900 1100 1250 1300 1400 1600 ... "
    "(https://360docs.net/doc/7617630269.html)",
)
_TRACE_2013 = (
    "中国居民膳食矿物质的每日推荐摄入量(RNI)或适宜摄入量(AI) (https://online.flippingbook.com/view/844304058/22/): "
    "1岁~ 铁 9 mg, 锌 4.0 mg; 4岁~ 铁 10 mg, 锌 5.5 mg (the page does not name the edition; its 0.5岁 and "
    "adult rows match 2013, not 2000)",
)
_CALCIUM_2013 = (
    "表 1-4 中国居民膳食常量元素参考摄入量 (https://360docs.net/doc/7617630269.html): RNI by age group "
    "600 800 1000 1200 1000 800 1000 1000 1000 (1岁~ 600, 4岁~ 800; column headings lost in the copy)",
)
_ENERGY_2023 = (
    "《2023居民膳食营养素参考摄入标准》 1. 膳食能量需要量(EER) (第一文库转载, https://001doc.com/doc/945902.html, "
    "garbled OCR): 2岁 1100/1000, 3岁 1250/1150 kcal (男/女); 4岁 and older unreadable",
)

_NONE = Check(UNCHECKED)


def _check(edition, nutrient, age):
    if edition == "2013":
        if nutrient == "energy_kcal":
            return Check(COPY_CHECKED, _ENERGY_2013)
        if nutrient in ("iron_mg", "zinc_mg"):
            return Check(COPY_CHECKED, _TRACE_2013)
        if nutrient == "calcium_mg":
            return Check(COPY_CHECKED, _CALCIUM_2013, "the copy lost its column headings; the row matches calcium RNI only")
        if nutrient == "protein_g":
            return Check(UNCHECKED, note="agrees with a third-party code transcription (zhengrr/rrexenut3), which is not a table")
        return _NONE
    if nutrient == "energy_kcal" and age in (2, 3):
        return Check(COPY_CHECKED, _ENERGY_2023, "OCR copy with garbled characters")
    return _NONE


# edition -> age -> nutrient -> amount (energy: (boys, girls))
_DATA = {
    "2013": {
        2: {"energy_kcal": (1100, 1000), "protein_g": 25, "calcium_mg": 600, "iron_mg": 9, "zinc_mg": "4.0",
            "vit_a_ug_rae": 310, "vit_c_mg": 40},
        3: {"energy_kcal": (1250, 1200), "protein_g": 30, "calcium_mg": 600, "iron_mg": 9, "zinc_mg": "4.0",
            "vit_a_ug_rae": 310, "vit_c_mg": 40},
        4: {"energy_kcal": (1300, 1250), "protein_g": 30, "calcium_mg": 800, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 360, "vit_c_mg": 50},
        5: {"energy_kcal": (1400, 1300), "protein_g": 30, "calcium_mg": 800, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 360, "vit_c_mg": 50},
        6: {"energy_kcal": (1600, 1450), "protein_g": 35, "calcium_mg": 800, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 360, "vit_c_mg": 50},
    },
    "2023": {
        2: {"energy_kcal": (1100, 1000), "protein_g": 25, "calcium_mg": 500, "iron_mg": 10, "zinc_mg": "4.0",
            "vit_a_ug_rae": 340, "vit_c_mg": 40},
        3: {"energy_kcal": (1250, 1150), "protein_g": 30, "calcium_mg": 500, "iron_mg": 10, "zinc_mg": "4.0",
            "vit_a_ug_rae": 340, "vit_c_mg": 40},
        4: {"energy_kcal": (1300, 1250), "protein_g": 30, "calcium_mg": 600, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 390, "vit_c_mg": 50},
        5: {"energy_kcal": (1400, 1300), "protein_g": 30, "calcium_mg": 600, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 390, "vit_c_mg": 50},
        6: {"energy_kcal": (1600, 1450), "protein_g": 35, "calcium_mg": 600, "iron_mg": 10, "zinc_mg": "5.5",
            "vit_a_ug_rae": 390, "vit_c_mg": 50},
    },
}


def _value(edition, age, nutrient, raw):
    check = _check(edition, nutrient, age)
    if nutrient == "energy_kcal":
        boys, girls = Decimal(raw[0]), Decimal(raw[1])
        return Value(edition, nutrient, age, (boys + girls) / 2, check, boys, girls)
    return Value(edition, nutrient, age, Decimal(str(raw)), check)


TABLE = {
    edition: {age: {key: _value(edition, age, key, raw) for key, raw in row.items()} for age, row in ages.items()}
    for edition, ages in _DATA.items()
}

# Energy shares (% of energy) and meal split, per the kindergarten practice cited in the facts sheet.
ENERGY_SHARE_RANGES = {"protein": (12, 15), "fat": (30, 35), "carb": (50, 60)}
MEAL_SPLIT_TARGET = {"morning": 30, "lunch": 40, "afternoon": 30}
QUALITY_PROTEIN_MIN_PCT = 50


def reference(edition: str, grade: str) -> dict[str, Value]:
    return TABLE[edition][GRADE_AGE[grade]]


def check_record() -> list[dict]:
    """One row per value: edition, nutrient, age, amount, WS/T part, check status, what was read."""
    return [
        {"edition": v.edition, "nutrient": v.nutrient, "age": v.age, "amount": v.amount, "boys": v.boys, "girls": v.girls,
         "standard": v.standard, "status": v.check.status, "seen_in": v.check.seen_in, "note": v.check.note}
        for ages in TABLE.values() for row in ages.values() for v in row.values()
    ]
