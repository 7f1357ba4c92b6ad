"""Checks on the shipped ingredient composition table (kitchen/data/ingredients.csv).

Pure file checks: no database. Values are per 100 g of edible portion, taken
from USDA SR28 (see kitchen/data/README.md).
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "ingredients.csv"

COLUMNS = [
    "code", "name_zh", "name_en", "category", "edible_pct", "energy_kcal",
    "protein_g", "fat_g", "carb_g", "calcium_mg", "iron_mg", "zinc_mg",
    "vit_a_ug_rae", "vit_c_mg", "quality_protein", "source", "source_ref",
]
CATEGORIES = {
    "cereal", "tuber", "legume", "vegetable", "fungus-algae", "fruit", "nut",
    "meat", "poultry", "egg", "fish-seafood", "dairy", "oil", "condiment",
    "sugar", "other",
}
MACROS = ["energy_kcal", "protein_g", "fat_g", "carb_g"]
MICROS = ["calcium_mg", "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg"]
ANIMAL = {"meat", "poultry", "egg", "fish-seafood", "dairy"}
# Soybeans and soy products (high-quality protein although not animal).
SOY = {
    "soybean-dry", "tofu-firm", "tofu-regular", "tofu-soft", "tofu-extra-firm",
    "tofu-fried", "tofu-fermented", "soymilk", "soybean-sprouts", "edamame",
    "miso-doubanjiang",
}
# Animal fats and gelatin outside the animal categories.
OTHER_ANIMAL = {"lard", "gelatin"}

# USDA energy uses food-specific Atwater factors, so it need not equal 4P+9F+4C.
# These foods are outside +-15 % (and outside the 10 kcal allowance below), for
# the reason given.
ENERGY_EXCEPTIONS = {
    "cooking-wine": "alcohol (16 g/100 g, 7 kcal/g) is not in P+F+C",
    "vinegar": "energy from acetic acid, not in P+F+C",
    "lemon": "organic acids; USDA specific factors for citrus carbohydrate",
    "baking-powder": "carbohydrate is mostly starch filler; mineral salts give no energy",
    "soybean-sprouts": "USDA specific factors for soy protein/carbohydrate and fibre",
    "tomato-paste": "fibre-rich (4.1 g) with specific factors for vegetable carbohydrate",
    "laver": "USDA specific factors for seaweed protein and carbohydrate",
    "shiitake-dried": "fibre-rich (11.5 g); specific factors for fungi",
    "wood-ear-dried": "fibre-rich (70 g fibre in the carbohydrate)",
    "pepper-black": "fibre-rich (25 g)",
    "curry-powder": "fibre-rich (53 g)",
    "cinnamon": "fibre-rich (53 g)",
    "yeast-dry": "fibre-rich (27 g) and specific factors for yeast protein",
    "cocoa-powder": "fibre-rich (37 g)",
}
# Low-energy vegetables: USDA's factors for vegetable protein (2.44 kcal/g) and
# carbohydrate (3.57 kcal/g) put them up to ~25 % below 4P+9F+4C, which for a
# 15-40 kcal food is a few kcal. Allow that absolute difference.
ENERGY_ABS_TOLERANCE = 10

NUMBER = re.compile(r"^\d+(\.\d+)?$")


def _load():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        rows = list(reader)
    return header, rows


HEADER, ROWS = _load()
BY_CODE = {r["code"]: r for r in ROWS}


def _d(value):
    return Decimal(value) if value != "" else None


def test_header_is_exactly_the_agreed_columns():
    assert HEADER == COLUMNS


def test_at_least_150_rows():
    assert len(ROWS) >= 150


def test_codes_are_unique_ascii_slugs():
    codes = [r["code"] for r in ROWS]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code


def test_names_are_unique_and_present():
    zh = [r["name_zh"] for r in ROWS]
    en = [r["name_en"] for r in ROWS]
    assert all(zh) and all(en)
    assert len(zh) == len(set(zh))
    assert len(en) == len(set(en))


def test_chinese_names_need_no_csv_quoting():
    # Names are typed and searched by cooks; keep ASCII commas and quotes out.
    for r in ROWS:
        assert not re.search(r'[,"]', r["name_zh"]), r["code"]


def test_categories_are_known():
    bad = {r["code"]: r["category"] for r in ROWS if r["category"] not in CATEGORIES}
    assert not bad


def test_every_row_has_source_and_source_ref():
    for r in ROWS:
        assert r["source"] == "USDA SR28", r["code"]
        assert re.match(r"NDB \d{5} '", r["source_ref"]), r["code"]
        assert "edible" in r["source_ref"], r["code"]


def test_approximations_say_so():
    # Foods that have no USDA entry of their own are marked in source_ref.
    for code in ["fish-grass-carp", "fish-hairtail", "chinese-chives", "laver", "tofu-firm"]:
        assert "approximation:" in BY_CODE[code]["source_ref"], code


def test_macros_present_and_numeric():
    for r in ROWS:
        for col in MACROS + ["edible_pct"]:
            assert NUMBER.match(r[col]), (r["code"], col, r[col])


def test_micros_numeric_or_blank_for_not_analysed():
    blanks = []
    for r in ROWS:
        for col in MICROS:
            if r[col] == "":
                blanks.append((r["code"], col))
            else:
                assert NUMBER.match(r[col]), (r["code"], col, r[col])
    # Blank means "not analysed in SR28", never zero; keep that list small.
    assert len(blanks) <= 20, blanks


def test_edible_share_in_range():
    for r in ROWS:
        assert Decimal(0) < _d(r["edible_pct"]) <= Decimal(100), r["code"]


def test_edible_share_matches_usda_refuse_or_states_why_not():
    # source_ref says either "refuse N% ... -> edible M%" (M = 100 - N) or
    # "edible M%: <reason>" when the USDA refuse does not fit how a canteen buys it.
    for r in ROWS:
        ref = r["source_ref"]
        derived = re.search(r"refuse (\d+(?:\.\d+)?)%.*?-> edible (\d+(?:\.\d+)?)%", ref)
        if derived:
            refuse, edible = Decimal(derived.group(1)), Decimal(derived.group(2))
            assert edible == 100 - refuse, r["code"]
        else:
            stated = re.search(r"edible (\d+(?:\.\d+)?)%: \S", ref)
            assert stated, r["code"]
            edible = Decimal(stated.group(1))
        assert edible == _d(r["edible_pct"]), r["code"]


def test_whole_foods_keep_their_refuse():
    # Spot checks that the edible share is not silently 100 for foods bought whole.
    assert BY_CODE["egg-whole"]["edible_pct"] == "88"
    assert BY_CODE["chicken-whole"]["edible_pct"] == "68"
    assert BY_CODE["banana"]["edible_pct"] == "64"
    assert BY_CODE["shrimp"]["edible_pct"] == "87"
    assert BY_CODE["chicken-drumstick"]["edible_pct"] == "67"


def test_macronutrient_sum_plausible():
    for r in ROWS:
        total = _d(r["protein_g"]) + _d(r["fat_g"]) + _d(r["carb_g"])
        assert Decimal(0) <= total <= Decimal(100), (r["code"], total)


def test_micronutrient_ranges_plausible():
    limits = {
        "calcium_mg": 8000, "iron_mg": 60, "zinc_mg": 20,
        "vit_a_ug_rae": 15000, "vit_c_mg": 300,
    }
    for r in ROWS:
        for col, top in limits.items():
            value = _d(r[col])
            if value is not None:
                assert 0 <= value <= top, (r["code"], col, value)


def test_energy_matches_atwater_within_15_percent():
    off = []
    for r in ROWS:
        if r["code"] in ENERGY_EXCEPTIONS:
            continue
        calc = 4 * _d(r["protein_g"]) + 9 * _d(r["fat_g"]) + 4 * _d(r["carb_g"])
        energy = _d(r["energy_kcal"])
        if abs(energy - calc) <= ENERGY_ABS_TOLERANCE:
            continue
        if abs(energy - calc) > Decimal("0.15") * calc:
            off.append((r["code"], energy, calc))
    assert not off


def test_energy_exceptions_are_real_rows_and_really_off():
    # An exception that no longer needs excusing should be removed from the list.
    for code in ENERGY_EXCEPTIONS:
        r = BY_CODE[code]
        calc = 4 * _d(r["protein_g"]) + 9 * _d(r["fat_g"]) + 4 * _d(r["carb_g"])
        energy = _d(r["energy_kcal"])
        assert abs(energy - calc) > ENERGY_ABS_TOLERANCE, code
        assert calc == 0 or abs(energy - calc) > Decimal("0.15") * calc, code


def test_quality_protein_flag():
    for r in ROWS:
        expected = (
            r["category"] in ANIMAL or r["code"] in SOY or r["code"] in OTHER_ANIMAL
        )
        assert r["quality_protein"] == ("1" if expected else "0"), r["code"]


def test_every_category_is_covered():
    assert {r["category"] for r in ROWS} == CATEGORIES


@pytest.mark.parametrize("name", [
    "大米(粳米)", "小麦粉(标准粉)", "挂面", "小米", "玉米(鲜)", "甘薯(红薯)", "马铃薯(土豆)",
    "北豆腐(老豆腐)", "猪里脊(瘦肉)", "牛肉(瘦)", "鸡胸肉", "鸭", "鸡蛋", "草鱼", "鲈鱼", "带鱼",
    "鲫鱼", "对虾(基围虾)", "牛奶(全脂)", "酸奶(原味)", "小白菜(青菜)", "菠菜", "大白菜",
    "西兰花", "胡萝卜", "番茄(西红柿)", "黄瓜", "冬瓜", "南瓜", "茄子", "芹菜", "木耳(干)",
    "香菇(鲜)", "海带(鲜/水发)", "紫菜(湿)", "苹果", "香蕉", "核桃仁", "大豆油", "白砂糖",
    "食盐", "酱油",
])
def test_staples_from_the_brief_are_present(name):
    assert name in {r["name_zh"] for r in ROWS}


# Spot checks: the exact SR28 values (FOOD_DES.txt refuse, NUT_DATA.txt nutrients)
# for a few foods, in the order of SPOT_COLUMNS. "" = no value in SR28.
SPOT_COLUMNS = ["edible_pct", "energy_kcal", "protein_g", "fat_g", "carb_g",
                "calcium_mg", "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg"]
SPOT = {
    # NDB 01123 Egg, whole, raw, fresh; refuse 12 % (shell)
    "egg-whole": ("01123", ["88", "143", "12.56", "9.51", "0.72", "56", "1.75", "1.29", "160", "0"]),
    # NDB 20450 Rice, white, medium-grain, raw, unenriched (no vitamin A value)
    "rice-polished": ("20450", ["100", "360", "6.61", "0.58", "79.34", "9", "0.8", "1.16", "", "0"]),
    # NDB 01211 Milk, whole, 3.25% milkfat, without added vitamin A and vitamin D
    "milk-whole": ("01211", ["100", "61", "3.15", "3.27", "4.78", "113", "0.03", "0.37", "46", "0"]),
    # NDB 11457 Spinach, raw; refuse 28 % (large stems and roots)
    "spinach": ("11457", ["72", "23", "2.86", "0.39", "3.63", "99", "2.71", "0.53", "469", "28.1"]),
    # NDB 10088 Pork, fresh, spareribs, separable lean and fat, raw; refuse 30 % (bone)
    "pork-spareribs": ("10088", ["70", "277", "15.47", "23.4", "0", "15", "0.91", "2.5", "0", "0"]),
    # NDB 04044 Oil, soybean, salad or cooking
    "oil-soybean": ("04044", ["100", "884", "0", "100", "0", "0", "0.05", "0.01", "0", "0"]),
}


@pytest.mark.parametrize("code", sorted(SPOT))
def test_spot_values_equal_the_source(code):
    row = BY_CODE[code]
    ndb, values = SPOT[code]
    assert [row[c] for c in SPOT_COLUMNS] == values
    assert row["source_ref"].startswith(f"NDB {ndb} ")
