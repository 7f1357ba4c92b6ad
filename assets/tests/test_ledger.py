"""Import of an existing ledger (preview, row errors, all or nothing, formulas as text) and the
fixed-asset register's xlsx, which imports back unchanged."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assets import services
from assets.models import Asset, Category
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "资产名称", "资产类别", "国标大类", "规格型号", "数量", "单位", "单价", "购置日期", "存放地点", "保管人", "备注"]


@pytest.fixture
def rooms(world):
    factories.make_place(world.campus, "小一班教室")
    factories.make_place(world.campus, "园长办公室")
    factories.make_category(world.campus, "空调")
    return world


def upload(content, name="台账.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_ledger_is_previewed_then_imported(rooms, client_as):
    world = rooms
    content = factories.make_xlsx([
        [1, "格力空调", "空调", "", "KFR-35", 1, "台", 3200, "2021-06-01", "小一班教室", world.staff[Role.TEACHER].name, ""],
        [2, "儿童床", "儿童床", "家具、用具、装具及动植物", "", 30, "张", 300, "2020/9/1", "小一班教室", "", ""],
        [3, "=HYPERLINK(\"http://x\",\"点我\")", "空调", "", "", 1, "台", 2500, "2019年3月5日", "园长办公室", "", "旧账"],
    ], headers=HEADERS, title="固定资产明细账")
    client = client_as(world.user(Role.ASSETS))
    preview = client.post("/assets/import/", {"file": upload(content)})
    assert preview.status_code == 200 and preview.context["token"] and not Asset.objects.exists()
    assert len(preview.context["outcome"].new_rows) == 3
    done = client.post("/assets/import/confirm/", {"token": preview.context["token"]})
    assert done.status_code == 302
    beds = Asset.objects.get(name="儿童床")
    assert beds.value == Decimal("9000.00") and beds.quantity == 30 and not beds.is_low_value
    assert Category.objects.get(name="儿童床").top == "furniture"
    assert Asset.objects.get(value=Decimal("2500")).name == '=HYPERLINK("http://x","点我")'
    assert Asset.objects.get(name="格力空调").custodian == world.staff[Role.TEACHER]
    assert [a.sequence for a in Asset.objects.order_by("sequence")] == [1, 2, 3]
    assert Asset.history.filter(history_change_reason="imported from a ledger").count() == 3


def test_a_bad_row_imports_nothing_and_is_named(rooms):
    content = factories.make_xlsx([
        ["格力空调", "空调", 1, 3200, "2021-06-01", "小一班教室"],
        ["柜子", "柜子", 1, "=A1*2", "2021-13-01", "储藏室"],
    ], headers=["资产名称", "资产类别", "数量", "原值", "购置日期", "存放地点"])
    outcome = services.import_ledger(rooms.campus, content, user=None, dry_run=False)
    assert not outcome.ok and not Asset.objects.exists()
    [bad] = outcome.invalid_rows
    assert bad.number == 3
    text = " ".join(bad.errors)
    assert "公式" in text or "formula" in text
    assert "储藏室" in text and "柜子" in text


def test_a_file_without_the_columns_is_refused(rooms):
    with pytest.raises(services.AssetsError) as error:
        services.import_ledger(rooms.campus, factories.make_xlsx([["a", "b"]], headers=["资产名称", "价格"]), user=None)
    assert "file" in error.value.message_dict
    with pytest.raises(services.AssetsError):
        services.import_ledger(rooms.campus, b"not a zip", user=None)


def test_the_register_xlsx_imports_back_unchanged(rooms, client_as):
    world = rooms
    factories.make_asset(world.campus, "格力空调", place=world.campus.places.get(name="小一班教室"))
    client = client_as(world.user(Role.ASSETS))
    response = client.get("/assets/registers/fixed-assets/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(cell.value == "格力空调" for row in sheet.iter_rows() for cell in row)
    outcome = services.import_ledger(world.campus, response.content, user=None, dry_run=False)
    assert outcome.ok, [(row.values, row.errors) for row in outcome.rows]
    assert outcome.skipped == 1 and outcome.created == 0 and Asset.objects.count() == 1


@pytest.mark.parametrize("url", ["/assets/registers/fixed-assets/", "/assets/registers/depreciation/", "/assets/"])
def test_the_registers_keep_their_query_count(rooms, client_as, django_assert_num_queries, url):
    world = rooms
    factories.make_asset(world.campus, "空调")
    client = client_as(world.user(Role.ASSETS))
    client.get(url)
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200
    for index in range(5):
        factories.make_asset(world.campus, f"电脑{index}", category="电脑", custodian=world.staff[Role.TEACHER])
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200


QUERIES = {"/assets/registers/fixed-assets/": 13, "/assets/registers/depreciation/": 9, "/assets/": 12}
