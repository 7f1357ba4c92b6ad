"""The stores ledger: moves are append-only (model and database), balances follow every move in
the same transaction, FIFO by expiry, expired lots never issued, refusals named by field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from campus.roles import Role
from logistics import services
from logistics.choices import MoveKind
from logistics.errors import AppendOnly, StoresError
from logistics.models import Balance, StockMove
from tests import factories

D = Decimal


@pytest.fixture
def stores(world):
    store = factories.make_store(world.campus, "总务仓库")
    keeper = world.user(Role.ASSETS)
    return store, keeper


def test_receive_and_issue_keep_the_balance_and_value(world, stores, clock):
    store, keeper = stores
    soap = factories.make_item(world.campus, "洗手液", unit="瓶", price="12.50")
    services.receive(store, [{"item": soap, "quantity": D("10")}], user=keeper, reason="采购入库")
    assert services.balance_of(store, soap) == 10
    moves = services.issue(store, soap, D("3"), user=keeper, reason="班级领用", to=world.classroom)
    assert [m.kind for m in moves] == [MoveKind.ISSUE]
    assert moves[0].quantity == D("-3") and moves[0].value == D("-37.50") and moves[0].to_classroom == world.classroom
    row = Balance.objects.get(store=store, item=soap)
    assert row.quantity == 7 and row.value == D("87.50")
    services.issue(store, soap, D("7"), user=keeper, reason="班级领用", to="小一班")
    row.refresh_from_db()
    assert row.quantity == 0 and row.value == 0


def test_issue_of_more_than_in_stock_is_refused_on_the_quantity(world, stores):
    store, keeper = stores
    item = factories.make_item(world.campus, "抽纸", unit="包")
    factories.make_stock(store, item, 2, user=keeper)
    with pytest.raises(StoresError) as refused:
        services.issue(store, item, 3, user=keeper, reason="领用")
    assert "quantity" in refused.value.message_dict
    assert "2" in refused.value.message_dict["quantity"][0]
    assert services.balance_of(store, item) == 2
    assert StockMove.objects.filter(kind=MoveKind.ISSUE).count() == 0


def test_a_store_allowing_negative_stock_goes_below_zero(world):
    store = factories.make_store(world.campus, "临时库", allow_negative=True)
    item = factories.make_item(world.campus, "垃圾袋", unit="卷", price="3.00")
    services.issue(store, item, 4, user=world.user(Role.ASSETS), reason="先用后补")
    assert services.balance_of(store, item) == -4


def test_fifo_by_expiry_and_expired_lots_are_never_issued(world, stores, clock):
    clock.at(dt.date(2026, 10, 1))
    store, keeper = stores
    milk = factories.make_item(world.campus, "奶粉", category="food", unit="袋", expiry_required=True)
    late = factories.make_stock(store, milk, 5, user=keeper, lot_code="B", expires_on=dt.date(2027, 3, 1))
    early = factories.make_stock(store, milk, 5, user=keeper, lot_code="A", expires_on=dt.date(2026, 12, 1))
    expired = factories.make_stock(store, milk, 5, user=keeper, lot_code="OLD", expires_on=dt.date(2026, 10, 5))
    clock.at(dt.date(2026, 11, 1))
    moves = services.issue(store, milk, 7, user=keeper, reason="厨房领用")
    assert [(m.lot, m.quantity) for m in moves] == [(early.lot, D("-5")), (late.lot, D("-2"))]
    with pytest.raises(StoresError) as refused:
        services.issue(store, milk, 4, user=keeper, reason="厨房领用")
    assert "expired" in str(refused.value) or "过期" in str(refused.value)
    with pytest.raises(StoresError) as refused:
        services.issue(store, milk, 1, user=keeper, reason="厨房领用", lot=expired.lot)
    assert "lot" in refused.value.message_dict
    services.write_off(store, milk, 5, user=keeper, reason="过期报废", lot=expired.lot)
    assert services.balance_of(store, milk) == 3


def test_a_lot_is_required_with_its_expiry_date(world, stores):
    store, keeper = stores
    item = factories.make_item(world.campus, "84消毒液", category="chemical", expiry_required=True)
    with pytest.raises(StoresError) as refused:
        services.receive(store, [{"item": item, "quantity": 3}], user=keeper, reason="入库")
    assert "expires_on" in refused.value.message_dict


def test_several_lines_name_the_line_in_error(world, stores):
    store, keeper = stores
    a, b = factories.make_item(world.campus, "A"), factories.make_item(world.campus, "B")
    with pytest.raises(StoresError) as refused:
        services.receive(store, [{"item": a, "quantity": 1}, {"item": b, "quantity": 0}], user=keeper, reason="入库")
    assert "lines-1-quantity" in refused.value.message_dict
    assert not StockMove.objects.exists()


def test_reverse_restores_the_balance_once(world, stores):
    store, keeper = stores
    item = factories.make_item(world.campus, "胶水", price="2.00")
    factories.make_stock(store, item, 10, user=keeper)
    wrong = services.issue(store, item, 4, user=keeper, reason="领用")[0]
    (back,) = services.reverse(wrong, user=keeper, reason="数量记错")
    assert back.kind == MoveKind.REVERSAL and back.quantity == 4 and back.reverses == wrong
    assert services.balance_of(store, item) == 10
    with pytest.raises(StoresError):
        services.reverse(wrong, user=keeper, reason="再冲一次")
    with pytest.raises(StoresError):
        services.reverse(back, user=keeper, reason="冲红冲红")


def test_a_receipt_already_issued_cannot_be_reversed(world, stores):
    store, keeper = stores
    item = factories.make_item(world.campus, "彩纸")
    receipt = factories.make_stock(store, item, 5, user=keeper)
    services.issue(store, item, 3, user=keeper, reason="领用")
    with pytest.raises(StoresError):
        services.reverse(receipt, user=keeper, reason="录错")
    assert services.balance_of(store, item) == 2


def test_transfer_between_campuses_moves_lot_and_value(world, stores):
    store, keeper = stores
    other = factories.make_store(world.other_campus, "分园仓库")
    item = factories.make_item(world.campus, "湿巾", expiry_required=True, price="5.00")
    factories.make_stock(store, item, 6, user=keeper, lot_code="L1", expires_on=dt.date(2030, 1, 1))
    ((out, move_in),) = services.transfer(store, other, item, 4, user=keeper, reason="调拨分园")
    assert out.quantity == -4 and move_in.quantity == 4 and move_in.pair == out
    assert move_in.item.campus == world.other_campus and move_in.lot.code == "L1"
    assert services.balance_of(other, move_in.item) == 4 and services.balance_of(store, item) == 2
    services.reverse(move_in, user=keeper, reason="调错")
    assert services.balance_of(other, move_in.item) == 0 and services.balance_of(store, item) == 6


def test_adjust_gain_and_loss(world, stores):
    store, keeper = stores
    item = factories.make_item(world.campus, "拖把", unit="把", price="20.00")
    factories.make_stock(store, item, 5, user=keeper)
    services.adjust(store, item, D("-2"), user=keeper, reason="盘亏")
    services.adjust(store, item, D("1"), user=keeper, reason="盘盈")
    row = Balance.objects.get(store=store, item=item)
    assert row.quantity == 4 and row.value == D("80.00")
    with pytest.raises(StoresError):
        services.adjust(store, item, D("-9"), user=keeper, reason="盘亏")
    with pytest.raises(StoresError) as refused:
        services.adjust(store, item, D("1"), user=keeper, reason=" ")
    assert "reason" in refused.value.message_dict


def test_chemicals_need_a_witness_purpose_and_a_limit(world, stores):
    store, keeper = stores
    bleach = factories.make_item(world.campus, "84消毒液", category="chemical", max_per_issue=D("2"))
    factories.make_stock(store, bleach, 10, user=keeper)
    factories.name_chemicals_keeper(world.campus, keeper)
    with pytest.raises(StoresError) as refused:
        services.issue(store, bleach, 3, user=keeper, reason="消毒")
    assert {"quantity", "witness", "purpose"} <= set(refused.value.message_dict)
    witness = world.staff[Role.LOGISTICS.value]
    (move,) = services.issue(store, bleach, 2, user=keeper, reason="消毒", witness=witness, purpose="玩具消毒",
                             dilution="1:100")
    assert move.witness == witness and move.dilution == "1:100"


def _chemical(world, store, keeper, **extra):
    item = factories.make_item(world.campus, extra.pop("name", "84消毒液"), **{"category": "chemical", **extra})
    factories.make_stock(store, item, 10, user=keeper)
    return item


WITNESSED = {"reason": "消毒", "purpose": "玩具消毒", "dilution": "1:100"}


def test_with_no_keeper_named_a_chemical_is_not_issued(world, stores):
    store, keeper = stores
    bleach = _chemical(world, store, keeper)
    with pytest.raises(StoresError) as refused:
        services.issue(store, bleach, 1, user=keeper, witness=world.staff[Role.HEALTH.value], **WITNESSED)
    assert "物资设置" in refused.value.message_dict["item"][0]  # name one in the stores settings
    assert services.balance_of(store, bleach) == 10


def test_only_the_keeper_issues_chemicals_and_disinfectants(world, stores):
    store, keeper = stores
    bleach = _chemical(world, store, keeper)
    factories.name_chemicals_keeper(world.campus, world.staff[Role.HEALTH.value])
    witness = world.staff[Role.TEACHER.value]
    with pytest.raises(StoresError) as refused:  # the store keeper is not the chemicals keeper
        services.issue(store, bleach, 1, user=keeper, witness=witness, **WITNESSED)
    assert world.staff[Role.HEALTH.value].name in refused.value.message_dict["item"][0]
    (move,) = services.issue(store, bleach, 1, user=world.user(Role.HEALTH), witness=witness, **WITNESSED)
    assert move.keeper_override == ""
    # a cleaning item the campus (or the item itself) issues with a second person present is kept too
    powder = _chemical(world, store, keeper, name="消毒粉", category="cleaning", needs_witness=True)
    with pytest.raises(StoresError) as refused:
        services.issue(store, powder, 1, user=keeper, witness=witness, **WITNESSED)
    assert "item" in refused.value.message_dict
    soap = _chemical(world, store, keeper, name="洗手液", category="cleaning")
    services.issue(store, soap, 1, user=keeper, reason="班级领用")  # ordinary goods: any store keeper


def test_in_the_keepers_absence_the_head_issues_with_a_named_reason(world, stores):
    store, keeper = stores
    bleach = _chemical(world, store, keeper)
    factories.name_chemicals_keeper(world.campus, world.staff[Role.HEALTH.value])
    head, witness = world.user(Role.LOGISTICS), world.staff[Role.TEACHER.value]
    with pytest.raises(StoresError) as refused:
        services.issue(store, bleach, 1, user=head, witness=witness, keeper_override="  ", **WITNESSED)
    assert list(refused.value.message_dict) == ["keeper_override"]
    (move,) = services.issue(store, bleach, 1, user=head, witness=witness, keeper_override="保健医病假", **WITNESSED)
    assert move.keeper_override == "保健医病假" and move.created_by == head
    director = world.user(Role.DIRECTOR)
    (move,) = services.issue(store, bleach, 1, user=director, witness=witness, keeper_override="园长代发", **WITNESSED)
    assert move.keeper_override == "园长代发"
    assert services.balance_of(store, bleach) == 8


def test_an_item_of_another_campus_is_refused(world, stores):
    store, keeper = stores
    foreign = factories.make_item(world.other_campus, "外园物品")
    with pytest.raises(StoresError) as refused:
        services.receive(store, [{"item": foreign, "quantity": 1}], user=keeper, reason="入库")
    assert "item" in refused.value.message_dict


def test_moves_are_append_only(world, stores):
    store, keeper = stores
    move = factories.make_stock(store, factories.make_item(world.campus), 3, user=keeper)
    with pytest.raises(AppendOnly):
        move.save()
    with pytest.raises(AppendOnly):
        move.delete()
    with pytest.raises(AppendOnly):
        StockMove.objects.filter(pk=move.pk).update(reason="x")
    with pytest.raises(AppendOnly):
        StockMove.objects.filter(pk=move.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE logistics_stockmove SET reason = 'x' WHERE id = %s", [move.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM logistics_stockmove WHERE id = %s", [move.pk])


def test_balances_equal_the_sum_of_moves(world, stores):
    store, keeper = stores
    items = [factories.make_item(world.campus, f"物{i}", price="1.10") for i in range(3)]
    for item in items:
        factories.make_stock(store, item, 7, user=keeper, unit_cost="1.10")
        services.issue(store, item, D("2.5"), user=keeper, reason="领用")
        services.issue(store, item, 1, user=keeper, reason="领用")
    for row in services.balances_for(store):
        moves = StockMove.objects.filter(store=store, item=row.item)
        assert row.quantity == sum(m.quantity for m in moves) == D("3.5")
        assert row.value == sum(m.value for m in moves)


def test_the_weekly_chemicals_count_compares_the_count_with_the_balance(world, stores, clock):
    store, keeper = stores
    monday = dt.date(2026, 11, 2)
    clock.at(monday)
    bleach = _chemical(world, store, keeper)  # 10 on the books
    factories.name_chemicals_keeper(world.campus, keeper)
    services.issue(store, bleach, 1, user=keeper, witness=world.staff[Role.HEALTH.value], **WITNESSED)
    assert services.chemical_count_due(world.campus, monday)  # held and never counted
    count = services.record_chemical_count(store, bleach, 8, user=keeper, note="少一瓶")
    assert (count.balance, count.counted, count.difference) == (D("9"), D("8"), D("-1"))  # the balance at that moment
    assert services.balance_of(store, bleach) == 9  # a count moves nothing: the difference is settled by an adjustment
    assert not services.chemical_count_due(world.campus, monday + dt.timedelta(days=6))
    assert services.chemical_count_due(world.campus, monday + dt.timedelta(days=7))  # weekly by default
    soap = factories.make_item(world.campus, "洗手液")
    with pytest.raises(StoresError) as refused:
        services.record_chemical_count(store, soap, 1, user=keeper)
    assert "item" in refused.value.message_dict
