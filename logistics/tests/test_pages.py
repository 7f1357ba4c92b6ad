"""Ledger pages: catalogue, balance list with flags, item card, move forms with refusals next to the
field in Chinese, registers; query counts that do not grow with the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from campus.roles import Role
from logistics import services
from logistics.models import Item, StockMove
from tests import factories


@pytest.fixture
def shop(world):
    store = factories.make_store(world.campus, "总务仓库")
    keeper = world.user(Role.ASSETS)
    return store, keeper


def _fill(world, store, keeper, count, prefix="物"):
    for n in range(count):
        item = factories.make_item(world.campus, f"{prefix}{n}", price="2.00", minimum=Decimal("5"), store=store,
                                   expiry_required=bool(n % 2))
        factories.make_stock(store, item, 3, user=keeper, lot_code=f"L{n}",
                             expires_on=dt.date(2030, 1, 1) if n % 2 else None)
        services.issue(store, item, 1, user=keeper, reason="领用", to=world.classroom)


def test_store_balance_list_flags_and_constant_queries(world, shop, client_as, django_assert_num_queries, no_nav, clock):
    clock.at(dt.date(2026, 11, 2))
    store, keeper = shop
    milk = factories.make_item(world.campus, "奶粉", category="food", unit="袋", expiry_required=True, minimum=Decimal("1"))
    factories.make_stock(store, milk, 2, user=keeper, lot_code="A", expires_on=dt.date(2026, 11, 10))
    factories.make_stock(store, milk, 2, user=keeper, lot_code="B", expires_on=dt.date(2026, 11, 20), day=dt.date(2026, 10, 1))
    clock.at(dt.date(2026, 11, 15))
    client = client_as(keeper)
    url = f"/logistics/stores/{store.pk}/"
    client.get(url)
    with django_assert_num_queries(11):  # the page's item ids, then the sums of those items only
        response = client.get(url)
    row = next(i for i in response.context["page"].object_list if i.pk == milk.pk)
    assert row.expired and row.near and not row.low and row.qty == 4
    _fill(world, store, keeper, 6)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 7
    low = client.get(url + "?only=low").context["page"].object_list
    assert {i.name for i in low} == {f"物{n}" for n in range(6)}
    expired = client.get(url + "?only=expired").context["page"].object_list
    assert [i.name for i in expired] == ["奶粉"]


def test_item_card_lists_moves_newest_first_in_constant_queries(world, shop, client_as, django_assert_num_queries, no_nav):
    store, keeper = shop
    item = factories.make_item(world.campus, "胶带", store=store)
    factories.make_stock(store, item, 100, user=keeper)
    client = client_as(world.user(Role.DIRECTOR))
    client.get(f"/logistics/items/{item.pk}/")
    with django_assert_num_queries(10):
        client.get(f"/logistics/items/{item.pk}/")
    for n in range(40):
        services.issue(store, item, 1, user=keeper, reason=f"领用{n}", to=world.classroom)
    with django_assert_num_queries(10):
        response = client.get(f"/logistics/items/{item.pk}/")
    moves = list(response.context["page"].object_list)
    assert len(moves) == 30 and moves[0].reason == "领用39"
    assert len(client.get(f"/logistics/items/{item.pk}/?page=2").context["page"].object_list) == 11


def test_issue_form_refuses_too_much_next_to_the_field_in_chinese(world, shop, client_as):
    store, keeper = shop
    item = factories.make_item(world.campus, "抽纸", unit="包", store=store)
    factories.make_stock(store, item, 2, user=keeper)
    client = client_as(keeper)
    with translation.override("zh-hans"):
        response = client.post("/logistics/issue/", {"store": store.pk, "item": item.pk, "quantity": "5", "reason": "领用",
                                                     "to_classroom": world.classroom.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    errors = response.context["form"].errors["quantity"]
    assert "只有" in errors[0] and "抽纸" in errors[0]
    response = client.post("/logistics/issue/", {"store": store.pk, "item": item.pk, "quantity": "2", "reason": "领用",
                                                 "to_classroom": world.classroom.pk})
    assert response.status_code == 302 and services.balance_of(store, item) == 0


def test_receive_form_needs_expiry_for_lot_items(world, shop, client_as):
    store, keeper = shop
    item = factories.make_item(world.campus, "消毒片", category="chemical", expiry_required=True)
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post("/logistics/receive/", {"store": store.pk, "item": item.pk, "quantity": "5", "reason": "采购"})
    assert "expires_on" in response.context["form"].errors
    response = client.post("/logistics/receive/", {"store": store.pk, "item": item.pk, "quantity": "5", "reason": "采购",
                                                   "expires_on": "2030-01-01", "lot_code": "X1"})
    assert response.status_code == 302 and services.balance_of(store, item) == 5


def test_reverse_from_the_move_page(world, shop, client_as):
    store, keeper = shop
    item = factories.make_item(world.campus, "铅笔", store=store)
    move = factories.make_stock(store, item, 3, user=keeper)
    client = client_as(keeper)
    assert client.get(f"/logistics/moves/{move.pk}/").status_code == 200
    response = client.post(f"/logistics/moves/{move.pk}/reverse/", {"reason": "录重了"})
    assert response.status_code == 302 and services.balance_of(store, item) == 0
    assert StockMove.objects.filter(reverses=move).exists()


def test_catalogue_search_and_category(world, shop, client_as, django_assert_num_queries, no_nav):
    store, keeper = shop
    factories.make_item(world.campus, "A4打印纸", category="office", specification="70g 500张/包")
    factories.make_item(world.campus, "洗洁精", category="cleaning")
    client = client_as(world.user(Role.DIRECTOR))
    response = client.get("/logistics/items/?q=500张")
    assert [i.name for i in response.context["page"].object_list] == ["A4打印纸"]
    response = client.get("/logistics/items/?category=cleaning")
    assert [i.name for i in response.context["page"].object_list] == ["洗洁精"]


def test_ledger_register_constant_queries_and_filters(world, shop, client_as, django_assert_num_queries, no_nav):
    store, keeper = shop
    _fill(world, store, keeper, 2)
    client = client_as(world.user(Role.DIRECTOR))
    client.get("/logistics/ledger/")
    with django_assert_num_queries(9):
        response = client.get("/logistics/ledger/")
    assert len(response.context["rows"]) == 4
    _fill(world, store, keeper, 5, prefix="新")
    with django_assert_num_queries(9):
        response = client.get("/logistics/ledger/")
    assert len(response.context["rows"]) == 14
    item = Item.objects.get(name="新1")
    assert len(client.get(f"/logistics/ledger/?item={item.pk}").context["rows"]) == 2
    assert client.get("/logistics/ledger/?format=xlsx").status_code == 200
    assert client.get("/logistics/ledger/?format=pdf").status_code == 200


def test_chemical_register_and_count(world, shop, client_as, clock):
    store, keeper = shop
    bleach = factories.make_item(world.campus, "84消毒液", category="chemical", unit="瓶", max_per_issue=Decimal("2"))
    factories.make_stock(store, bleach, 10, user=keeper)
    witness = world.staff[Role.LOGISTICS.value]
    client = client_as(keeper)
    page = client.get("/logistics/chemicals/issues/")  # no keeper named yet: the page says where to name one
    assert "尚未指定危险化学品/消毒剂保管人" in page.content.decode()
    issue = {"store": store.pk, "item": bleach.pk, "quantity": "1", "reason": "消毒", "witness": witness.pk,
             "purpose": "玩具消毒"}
    response = client.post("/logistics/issue/", issue)
    assert "物资设置" in response.context["form"].errors["item"][0]
    factories.name_chemicals_keeper(world.campus, keeper)
    assert keeper.staff.name in client.get("/logistics/chemicals/counts/").content.decode()
    response = client.post("/logistics/issue/", {"store": store.pk, "item": bleach.pk, "quantity": "3", "reason": "消毒"})
    assert {"quantity", "witness", "purpose"} <= set(response.context["form"].errors)
    response = client.post("/logistics/issue/", {"store": store.pk, "item": bleach.pk, "quantity": "2", "reason": "消毒",
                                                 "witness": witness.pk, "purpose": "玩具消毒", "dilution": "1:100",
                                                 "to_classroom": world.classroom.pk})
    assert response.status_code == 302
    rows = client.get("/logistics/chemicals/issues/").context["rows"]
    assert len(rows) == 1 and "1:100" in rows[0][1]
    assert services.chemical_count_due(world.campus, timezone.localdate())
    response = client.post("/logistics/chemicals/counts/add/", {"store": store.pk, "item": bleach.pk, "counted": "7"})
    assert response.status_code == 302
    count = client.get("/logistics/chemicals/counts/").context["rows"][0][1]
    assert "-1" in count[5]  # a difference of one bottle, flagged
    assert not services.chemical_count_due(world.campus, timezone.localdate())


def test_the_head_issues_chemicals_in_the_keepers_absence_and_the_register_shows_why(world, shop, client_as):
    store, keeper = shop
    bleach = factories.make_item(world.campus, "84消毒液", category="chemical", unit="瓶")
    factories.make_stock(store, bleach, 10, user=keeper)
    factories.name_chemicals_keeper(world.campus, keeper)
    head = world.user(Role.LOGISTICS)
    client = client_as(head)
    issue = {"store": store.pk, "item": bleach.pk, "quantity": "1", "reason": "消毒", "purpose": "地面消毒",
             "witness": world.staff[Role.HEALTH.value].pk, "dilution": "1:200"}
    response = client.post("/logistics/issue/", issue)
    assert keeper.staff.name in response.context["form"].errors["keeper_override"][0]
    response = client.post("/logistics/issue/", {**issue, "keeper_override": "保管人病假"})
    assert response.status_code == 302
    move = StockMove.objects.get(kind="issue")
    assert move.keeper_override == "保管人病假"
    assert "保管人病假" in client.get(f"/logistics/moves/{move.pk}/").content.decode()
    (_url, cells), = client.get("/logistics/chemicals/issues/").context["rows"]
    assert "保管人病假" in cells[-1] and head.staff.name in cells[-1]
    client_as(world.user(Role.ASSETS))  # the store keeper is the chemicals keeper here: no reason asked
    response = client.post("/logistics/issue/", {**issue, "witness": world.staff[Role.HEALTH.value].pk})
    assert response.status_code == 302 and services.balance_of(store, bleach) == 8


def test_ledger_page_shows_the_first_rows_and_the_xlsx_has_all(world, shop, client_as, monkeypatch):
    from logistics.registers import ledger as registers

    monkeypatch.setattr(registers, "PAGE_ROWS", 3)
    store, keeper = shop
    _fill(world, store, keeper, 3)
    client = client_as(world.user(Role.DIRECTOR))
    response = client.get("/logistics/ledger/")
    assert len(response.context["rows"]) == 3 and response.context["total"] == 6 and response.context["more"]
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(client.get("/logistics/ledger/?format=xlsx").content)).active
    assert sum(1 for row in sheet.iter_rows(values_only=True) if row and row[1] in ("入库", "出库", "Receipt", "Issue")) == 6
