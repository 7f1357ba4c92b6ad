from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kitchen.models import Ingredient
from kitchen.services import import_errors, import_ingredients, read_ingredient_table

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_load_ingredients_is_idempotent_by_code():
    call_command("load_ingredients", str(FIXTURES / "ingredients_tiny.csv"))
    assert Ingredient.objects.count() == 3
    egg = Ingredient.objects.get(code="T002")
    assert (egg.name_zh, egg.edible_pct, egg.quality_protein, egg.source, egg.source_ref) == (
        "鸡蛋", 88, True, "USDA FoodData Central SR Legacy", "171287")
    histories = Ingredient.history.count()
    call_command("load_ingredients", str(FIXTURES / "ingredients_tiny.csv"))
    assert Ingredient.objects.count() == 3
    assert Ingredient.history.count() == histories  # nothing changed, nothing recorded


def test_a_bad_row_loads_nothing_and_is_reported_in_chinese():
    call_command("load_ingredients", str(FIXTURES / "ingredients_tiny.csv"))
    with translation.override("zh-hans"):
        dataset = read_ingredient_table((FIXTURES / "ingredients_bad.csv").read_bytes(), "bad.csv")
        result = import_ingredients(dataset, dry_run=False)
        errors = import_errors(result)
    assert errors and all(number == 3 for number, _ in errors)
    assert any("100" in message or "小于" in message or "数字" in message or "十进制" in message for _, message in errors), errors
    assert Ingredient.objects.get(code="T001").name_zh == "大米"  # the good row was not saved either
    assert not Ingredient.objects.filter(code="T009").exists()
    with pytest.raises(CommandError):
        call_command("load_ingredients", str(FIXTURES / "ingredients_bad.csv"))


def test_chinese_headers_from_a_licensed_table_are_understood():
    content = "编码,食物名称,可食部,能量,蛋白质,脂肪,碳水化合物,优质蛋白,来源\nC1,豆腐,100,84,6.6,5.3,3.4,是,中国食物成分表\n"
    dataset = read_ingredient_table(content.encode(), "table.csv")
    result = import_ingredients(dataset, dry_run=False)
    assert not import_errors(result)
    tofu = Ingredient.objects.get(code="C1")
    assert tofu.quality_protein and tofu.source == "中国食物成分表"
