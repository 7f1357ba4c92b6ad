from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campus.roles import Role
from kitchen.models import Ingredient
from tests import factories

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_xlsx_import_previews_then_saves_on_confirm(world, client_as):
    client = client_as(world.user(Role.HEALTH))
    content = factories.make_xlsx([["编码", "食物名称", "可食部", "能量", "蛋白质", "脂肪", "碳水化合物", "钙", "优质蛋白", "来源"],
                    ["X1", "小白菜", 81, 17, 1.5, 0.3, 2.7, 90, "否", "中国食物成分表 标准版 第6版"]])
    upload = SimpleUploadedFile("table.xlsx", content)
    response = client.post("/kitchen/ingredients/import/", {"file": upload})
    assert response.status_code == 200 and response.context["preview"] and not response.context["errors"]
    assert not Ingredient.objects.exists()  # dry run only
    response = client.post("/kitchen/ingredients/import/", {"confirm": "1", "payload": response.context["payload"], "filename": "table.xlsx"})
    assert response.status_code == 302
    row = Ingredient.objects.get(code="X1")
    assert (row.name_zh, row.edible_pct, row.calcium_mg, row.source) == ("小白菜", 81, 90, "中国食物成分表 标准版 第6版")
    assert row.history.first().history_user == world.user(Role.HEALTH)


def test_bad_rows_are_listed_in_chinese_and_nothing_is_saved(world, client_as):
    client = client_as(world.user(Role.HEALTH))
    upload = SimpleUploadedFile("bad.csv", (FIXTURES / "ingredients_bad.csv").read_bytes())
    response = client.post("/kitchen/ingredients/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    errors = response.context["errors"]
    assert errors and {number for number, _ in errors} == {3}
    assert any("不是数字" in message or "100" in message for _, message in errors), errors
    assert response.context["payload"] == ""  # no confirm button
    assert not Ingredient.objects.exists()


def test_a_file_without_the_needed_columns_is_refused(world, client_as):
    client = client_as(world.user(Role.HEALTH))
    upload = SimpleUploadedFile("x.csv", "名称,价格\n白菜,3\n".encode())
    response = client.post("/kitchen/ingredients/import/", {"file": upload})
    assert response.context["form"].non_field_errors()
    assert not Ingredient.objects.exists()
