"""The asset register: codes, low-value items, status changes, edits, depreciation and the pages."""

import datetime as dt
from decimal import Decimal

import pytest

from assets import depreciation, services
from assets.choices import AssetStatus, LifeClass, TopCategory
from assets.errors import AssetsError
from assets.models import Asset, AssetSettings
from campus.errors import ServiceError
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_codes_follow_the_campus_prefix_and_sequence(world):
    AssetSettings.for_campus(world.campus).__class__.objects.filter(campus=world.campus).update(code_prefix="ZX")
    world.campus.__dict__.pop("_settings_rows", None)
    first = factories.make_asset(world.campus, "格力空调")
    second = factories.make_asset(world.campus, "美的空调")
    other = factories.make_asset(world.other_campus, "钢琴", category="钢琴")
    assert (first.code, second.code) == ("ZX-00001", "ZX-00002")
    assert other.code == "BETA-00001" and other.sequence == 1
    assert first.history.first().history_change_reason == "registered"


def test_assets_errors_are_service_errors():
    assert issubclass(AssetsError, ServiceError)


def test_below_the_threshold_an_item_is_a_low_value_consumable_unless_a_batch_of_furniture(world):
    chair = factories.make_asset(world.campus, "椅子", category="电脑", value="300")
    beds = factories.make_asset(world.campus, "儿童床", category="儿童床", value="9000", quantity=30)
    piano = factories.make_asset(world.campus, "钢琴", category="钢琴", value="1400")
    laptop = factories.make_asset(world.campus, "笔记本电脑", category="电脑", value="1000")
    assert chair.is_low_value and not beds.is_low_value and piano.is_low_value and not laptop.is_low_value
    row = AssetSettings.for_campus(world.campus)
    services.update_settings(row, {"threshold_special": Decimal("1200")}, user=world.user(Role.DIRECTOR))
    piano.refresh_from_db()
    assert not piano.is_low_value


def test_register_refuses_a_place_of_another_campus_and_a_future_date(world):
    category = factories.make_category(world.campus)
    place = factories.make_place(world.other_campus, "别园仓库")
    with pytest.raises(AssetsError) as error:
        services.register_asset(world.campus, name="空调", category=category, place=place, value=Decimal("3000"),
                                purchased_on=dt.date(2999, 1, 1), user=None)
    assert set(error.value.message_dict) == {"place", "purchased_on"}
    assert not Asset.objects.exists()


def test_set_status_keeps_the_reason_and_refuses_lending_or_writing_off(world):
    asset = factories.make_asset(world.campus)
    user = world.user(Role.ASSETS)
    services.set_status(asset, AssetStatus.UNDER_REPAIR, user=user, reason="压缩机不制冷")
    asset.refresh_from_db()
    assert asset.status == AssetStatus.UNDER_REPAIR
    assert asset.history.first().history_change_reason == "压缩机不制冷"
    for status in (AssetStatus.DISPOSED, AssetStatus.LENT):
        with pytest.raises(AssetsError):
            services.set_status(asset, status, user=user, reason="x")
    with pytest.raises(AssetsError) as error:
        services.set_status(asset, AssetStatus.IN_USE, user=user, reason=" ")
    assert "reason" in error.value.message_dict


def test_update_asset_keeps_history_and_refuses_the_code(world):
    asset = factories.make_asset(world.campus)
    services.update_asset(asset, {"name": "格力柜机", "value": Decimal("500")}, user=world.user(Role.ASSETS), reason="发票更正")
    asset.refresh_from_db()
    assert asset.name == "格力柜机" and asset.is_low_value
    with pytest.raises(AssetsError):
        services.update_asset(asset, {"code": "X"}, user=None)


def test_straight_line_monthly_depreciation_from_the_month_of_purchase(world):
    rules = AssetSettings.for_campus(world.campus)
    asset = factories.make_asset(world.campus, category="空调", value="6000.00", purchased_on=dt.date(2024, 3, 20))
    assert asset.category.life_class == LifeClass.ELECTRICAL and rules.life_electrical == 5
    assert depreciation.accumulated(asset, rules, dt.date(2024, 2, 28)) == 0
    assert depreciation.accumulated(asset, rules, dt.date(2024, 3, 31)) == Decimal("100.00")
    assert depreciation.monthly_charge(asset, rules, dt.date(2025, 1, 1)) == Decimal("100.00")
    assert depreciation.net_book_value(asset, rules, dt.date(2029, 2, 1)) == 0
    assert depreciation.net_book_value(asset, rules, dt.date(2035, 1, 1)) == 0
    books = factories.make_asset(world.campus, "绘本", category="图书", value="8000", quantity=400)
    assert books.category.top == TopCategory.BOOKS and depreciation.net_book_value(books, rules, dt.date(2030, 1, 1)) == books.value


def test_depreciation_report_by_category(world):
    rules = AssetSettings.for_campus(world.campus)
    factories.make_asset(world.campus, category="空调", value="6000.00", purchased_on=dt.date(2024, 3, 1))
    factories.make_asset(world.campus, category="空调", value="1200.00", purchased_on=dt.date(2024, 4, 1))
    factories.make_asset(world.campus, category="电脑", value="7200.00", purchased_on=dt.date(2024, 5, 1))
    report = depreciation.period_report(Asset.objects.select_related("category"), rules, dt.date(2024, 4, 1), dt.date(2024, 4, 15))
    assert [(line.category.name, line.assets, line.charge) for line in report.lines] == [("空调", 2, Decimal("120.00"))]
    assert report.total.net == Decimal("7200.00") - Decimal("220.00")


def test_find_by_code_or_scanned_url(world):
    asset = factories.make_asset(world.campus)
    assert services.find_by_code(world.campus, asset.code.lower()) == asset
    assert services.find_by_code(world.campus, f"https://houqin.example/assets/{asset.pk}/?count=3") == asset
    assert services.find_by_code(world.campus, "\x00") is None  # a hostile scan (PostgreSQL refused the NUL)
    assert services.find_by_code(world.other_campus, asset.code) is None


def test_pages(world, client_as):
    asset = factories.make_asset(world.campus, "格力空调")
    manager = client_as(world.user(Role.ASSETS))
    page = manager.get("/assets/?q=格力").content.decode()
    assert "格力空调" in page and asset.code in page
    detail = manager.get(asset.get_absolute_url()).content.decode()
    assert asset.code in detail and "asset_edit" not in detail
    teacher = client_as(world.user(Role.TEACHER))
    assert teacher.get(asset.get_absolute_url()).status_code == 200
    assert teacher.get(f"/assets/{asset.pk}/edit/").status_code == 403
    outsider = client_as(world.outsider.user)
    assert outsider.get(asset.get_absolute_url()).status_code == 404


def test_add_an_asset_from_the_form(world, client_as):
    category = factories.make_category(world.campus, "电脑")
    place = factories.make_place(world.campus, "园长办公室")
    response = client_as(world.user(Role.ASSETS)).post("/assets/add/", {
        "name": "联想电脑", "category": category.pk, "quantity": 1, "value": "4999.00", "purchased_on": "2025-09-01",
        "funding_source": "fiscal", "place": place.pk, "status": "in_use",
    })
    asset = Asset.objects.get()
    assert response.status_code == 302 and response["Location"] == asset.get_absolute_url()


def test_an_assets_address_is_the_reversed_detail_url(world):
    from django.urls import reverse

    asset = factories.make_asset(world.campus, "格力空调")
    assert asset.get_absolute_url() == reverse("assets:asset_detail", args=[asset.pk]) == f"/assets/{asset.pk}/"
