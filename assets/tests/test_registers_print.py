"""Every asset register as a page, an xlsx and an A4 PDF: 固定资产登记簿, 资产卡片, 维修登记, 调拨单,
盘点表 with its differences, 报废审批表 (the register and one write-off's form) and depreciation by
category. The files open (openpyxl, pdftotext) and carry the Chinese title and the header row; the
pages take the same number of queries for a few rows as for more."""

import io
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook

from assets import registers, services
from assets.choices import WriteOffKind
from assets.repair_registers import REPAIRS
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(world):
    """A campus with assets, a transfer, a finished count with differences, a write-off and a repair."""
    manager, teacher = world.user(Role.ASSETS), world.user(Role.TEACHER)
    room = factories.make_place(world.campus, "小一班教室", kind="classroom", custodian=world.staff[Role.TEACHER])
    office = factories.make_place(world.campus, "园长办公室", kind="office")
    world.room, world.office = room, office
    world.assets = [factories.make_asset(world.campus, f"格力空调{n}", place=room, value="3200.00") for n in range(3)]
    world.assets.append(factories.make_asset(world.campus, "投影仪", category="投影仪", place=office, value="4800.00"))
    services.request_transfer(world.assets[3], to_place=room, user=manager, reason="新学期教学用")
    count = services.start_count(world.campus, place=room, user=manager)
    services.scan(count, world.assets[0].code, user=manager)
    world.count = services.finish_count(count, user=manager)
    world.write_off = services.request_write_off(world.campus, assets=[world.assets[2]], kind=WriteOffKind.SCRAP,
                                                 reason="压缩机损坏，无维修价值", user=manager)
    factories.make_repair(world.campus, teacher, asset=world.assets[1], contractor="李师傅", close_by=manager, cost="80")
    return world


def more_rows(world):
    """More of everything each register lists (the query count must not change)."""
    manager = world.user(Role.ASSETS)
    extra = [factories.make_asset(world.campus, f"儿童床{n}", category="儿童床", place=world.office, value="1800.00",
                                  custodian=world.staff[Role.TEACHER]) for n in range(4)]
    for asset in extra[:2]:
        services.request_transfer(asset, to_place=world.room, user=manager, reason="调整")
    services.request_write_off(world.campus, assets=extra[2:], kind=WriteOffKind.SCRAP, reason="破损", user=manager)
    for _n in range(2):
        factories.make_repair(world.campus, world.user(Role.COOK), asset=extra[0], close_by=manager, cost="12.50")


def zh(text) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(text)


def headers_of(register) -> list[str]:
    with translation.override("zh-hans"):
        return [str(column.header) for column in register.columns_for(None)]


REGISTERS = {  # name: (url, register or None for a one-record print, Chinese title)
    "fixed_assets": ("/assets/registers/fixed-assets/", registers.FIXED_ASSETS, "固定资产登记簿"),
    "depreciation": ("/assets/registers/depreciation/", registers.DEPRECIATION, "分类折旧表"),
    "transfers": ("/assets/registers/transfers/", registers.TRANSFERS, "资产调拨单"),
    "count_sheet": ("/assets/registers/count-sheet/?count={count}", registers.COUNT_SHEET, "资产盘点表"),
    "write_offs": ("/assets/registers/write-offs/", registers.WRITE_OFFS, "资产报废审批表"),
    "repairs": ("/assets/repairs/register/", REPAIRS, "维修登记"),
    "card": ("/assets/{asset}/card/", None, "资产卡片"),
    "write_off_form": ("/assets/write-offs/{write_off}/print/", None, "资产报废审批表"),
}
# Queries of each register page (a warm session): the same for the fixture's rows and for more.
QUERIES = {"fixed_assets": 13, "depreciation": 9, "transfers": 8, "count_sheet": 13, "write_offs": 10, "repairs": 8}


def url_of(world, name, fmt=""):
    url = REGISTERS[name][0].format(count=world.count.pk, asset=world.assets[0].pk, write_off=world.write_off.pk)
    if fmt:
        url += ("&" if "?" in url else "?") + f"format={fmt}"
    return url


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "register.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", list(REGISTERS))
def test_each_register_is_an_a4_pdf_with_its_chinese_title(book, client_as, tmp_path, name):
    response = client_as(book.user(Role.DIRECTOR)).get(url_of(book, name, "pdf" if REGISTERS[name][1] else ""))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content, tmp_path)
    assert REGISTERS[name][2] in text.replace(" ", "")
    info = subprocess.run(["pdfinfo", str(tmp_path / "register.pdf")], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "595.2" in size and "841.8" in size  # A4, portrait or landscape


@pytest.mark.parametrize("name", list(REGISTERS))
def test_each_register_is_an_xlsx_with_its_title_and_header_row(book, client_as, name):
    response = client_as(book.user(Role.DIRECTOR)).get(url_of(book, name, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == REGISTERS[name][2]
    register = REGISTERS[name][1]
    expected = headers_of(register) if register else None
    if name == "card":
        expected = ["项目", "内容"]
    elif name == "write_off_form":
        expected = [zh("Asset code"), zh("Asset name"), zh("Category"), zh("Quantity"), zh("Purchase date"),
                    zh("Original value (yuan)"), zh("Net book value (yuan)")]
    assert [value for value in rows[2] if value is not None] == expected
    assert len(rows) > 4  # rows below the header


def test_the_registers_show_what_the_fixture_recorded(book, client_as):
    client = client_as(book.user(Role.DIRECTOR))
    count_sheet = client.get(url_of(book, "count_sheet")).content.decode()
    assert "盘亏" in count_sheet or "缺失" in count_sheet or "未找到" in count_sheet or book.assets[1].code in count_sheet
    assert book.assets[1].code in count_sheet and book.assets[0].code in count_sheet
    assert "新学期教学用" in client.get(url_of(book, "transfers")).content.decode()
    assert "压缩机损坏" in client.get(url_of(book, "write_offs")).content.decode()
    assert "李师傅" in client.get(url_of(book, "repairs")).content.decode()


@pytest.mark.parametrize("name", list(QUERIES))
def test_each_register_page_keeps_its_query_count(book, client_as, django_assert_num_queries, name):
    client = client_as(book.user(Role.DIRECTOR))
    url = url_of(book, name)
    client.get(url)  # warm the session and the settings rows
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200
    more_rows(book)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200
