"""Catalogue xlsx import (dry-run preview, row errors, all or nothing) and export (texts as text,
read back unchanged)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from campus.roles import Role
from logistics import services
from logistics.models import Item
from tests import factories

HEADERS = ["名称", "类别", "规格", "单位", "最低库存", "仓库", "参考单价", "按批次", "需有效期"]


def _upload(content):
    return SimpleUploadedFile("目录.xlsx", content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_rows(world, client_as):
    factories.make_store(world.campus, "总务仓库")
    content = factories.make_xlsx([
        ["洗手液", "清洁日用品", "500ml", "瓶", "10", "总务仓库", "12.5", "否", "否"],
        ["彩纸", "玩具类", "A4", "包", "abc", "", "", "", ""],
        ["", "办公用品", "", "", "", "火星仓库", "", "也许", ""],
    ], headers=HEADERS)
    client = client_as(world.user(Role.ASSETS))
    response = client.post("/logistics/items/import/", {"file": _upload(content)})
    outcome = response.context["outcome"]
    assert [row.number for row in outcome.invalid_rows] == [3, 4]
    text = response.content.decode()
    assert "第 3 行" in text or "Row 3" in text
    assert response.context["token"] is None and not Item.objects.exists()


def test_preview_then_confirm_imports_and_export_reads_back(world, client_as):
    factories.make_store(world.campus, "总务仓库")
    content = factories.make_xlsx([
        ["洗手液", "清洁日用品", "500ml", "瓶", "10", "总务仓库", "12.5", "否", "否"],
        ["84消毒液", "危险化学品及消毒剂", "1kg", "瓶", "5", "", "8.5", "是", "是"],
    ], headers=HEADERS)
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post("/logistics/items/import/", {"file": _upload(content)})
    assert response.context["outcome"].totals == {"new": 2, "update": 0, "same": 0} and not Item.objects.exists()
    response = client.post("/logistics/items/import/confirm/", {"token": response.context["token"]})
    assert response.status_code == 302
    bleach = Item.objects.get(name="84消毒液")
    assert bleach.category == "chemical" and bleach.expiry_required and bleach.default_store is None
    exported = client.get("/logistics/items/export/").content
    outcome = services.read_catalogue(world.campus, exported)
    assert outcome.ok and outcome.totals == {"new": 0, "update": 0, "same": 2}


def test_export_writes_a_formula_looking_name_as_text(world):
    factories.make_item(world.campus, "=1+1")
    sheet = load_workbook(io.BytesIO(services.export_catalogue(world.campus))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=1+1" and cell.data_type == "s"
