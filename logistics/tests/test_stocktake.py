"""Stocktakes (盘点): the balance is copied when the count starts; issues made while people count are
not shortages; every variance says why; the director (not the counter) approves and the
adjustments post with the stocktake as their document."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.roles import Role
from logistics.errors import StoresError
from logistics.models import StockMove, Stocktake, StocktakeStatus
from logistics.services import balance_of, issue, stocktake
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(world):
    world.keeper, world.director = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR)
    world.store = factories.make_flow_store(world.campus)
    world.soap = factories.make_stocked_item(world.store, "洗手液", "20", user=world.keeper, price="10.00")
    world.bags = factories.make_stocked_item(world.store, "垃圾袋", "50", user=world.keeper, unit="卷", price="2.00")
    return world


def lines_of(count):
    return {line.item.name: line for line in count.lines.select_related("item")}


def test_a_count_is_against_the_balance_when_it_started(shelf, clock):
    count = factories.make_stocktake(shelf.store, shelf.keeper)
    lines = lines_of(count)
    assert lines["洗手液"].book_quantity == 20 and lines["垃圾袋"].book_quantity == 50
    clock.move(timezone.now() + dt.timedelta(minutes=5))
    issue(shelf.store, shelf.soap, Decimal("3"), user=shelf.keeper, reason="小一班领用")  # taken while counting
    stocktake.record_counts(count, {lines["洗手液"].pk: Decimal("17"), lines["垃圾袋"].pk: Decimal("48")},
                            notes={lines["垃圾袋"].pk: "两卷受潮报废"}, user=shelf.keeper)
    lines = lines_of(count)
    assert lines["洗手液"].moved_since == -3 and lines["洗手液"].variance == 0  # the issue is not a shortage
    assert lines["垃圾袋"].variance == -2 and lines["垃圾袋"].variance_value == Decimal("-4.00")
    stocktake.submit_stocktake(count, user=shelf.keeper)
    with pytest.raises(StoresError, match="盘点人"):
        stocktake.approve_stocktake(count, user=shelf.keeper)
    stocktake.approve_stocktake(count, user=shelf.director)
    count.refresh_from_db()
    assert count.status == StocktakeStatus.POSTED
    assert balance_of(shelf.store, shelf.bags) == 48 and balance_of(shelf.store, shelf.soap) == 17
    move = StockMove.objects.get(document_id=count.pk, kind="adjustment")
    assert move.quantity == -2 and "两卷受潮报废" in move.reason


def test_every_line_is_counted_and_every_variance_explained(shelf):
    count = factories.make_stocktake(shelf.store, shelf.keeper)
    lines = lines_of(count)
    stocktake.record_counts(count, {lines["洗手液"].pk: Decimal("19")}, user=shelf.keeper)
    with pytest.raises(StoresError, match="垃圾袋"):
        stocktake.submit_stocktake(count, user=shelf.keeper)
    stocktake.record_counts(count, {lines["垃圾袋"].pk: Decimal("50")}, user=shelf.keeper)
    with pytest.raises(StoresError, match="洗手液"):
        stocktake.submit_stocktake(count, user=shelf.keeper)
    with pytest.raises(StoresError):
        stocktake.record_counts(count, {lines["垃圾袋"].pk: Decimal("-1")}, user=shelf.keeper)


def test_one_open_stocktake_per_store(shelf):
    factories.make_stocktake(shelf.store, shelf.keeper)
    with pytest.raises(StoresError, match="未完成"):
        factories.make_stocktake(shelf.store, shelf.keeper)


def test_counted_on_a_phone_and_approved_by_the_director(shelf, client_as):
    client = client_as(shelf.keeper)
    response = client.post(reverse("logistics:stocktake_start"), {"store": shelf.store.pk, "note": ""})
    count = Stocktake.objects.get()
    assert response.status_code == 302
    lines = lines_of(count)
    data = {f"count-{lines['洗手液'].pk}": "20", f"count-{lines['垃圾袋'].pk}": "49", f"note-{lines['垃圾袋'].pk}": "丢失一卷",
            "submit": "1"}
    client.post(reverse("logistics:stocktake_count", args=[count.pk]), data)
    count.refresh_from_db()
    assert count.status == StocktakeStatus.SUBMITTED
    page = client_as(shelf.director).get(count.get_absolute_url())
    assert page.context["may_approve"] and len(page.context["differing"]) == 1
    client_as(shelf.director).post(reverse("logistics:stocktake_approve", args=[count.pk]))
    assert balance_of(shelf.store, shelf.bags) == 49
    sheet = client.get(reverse("logistics:stocktake_sheet"), {"stocktake": count.pk})
    assert sheet.status_code == 200 and len(sheet.context["rows"]) == 2


def test_a_count_that_is_not_a_number_is_refused_not_a_server_error(shelf, client_as):
    count = factories.make_stocktake(shelf.store, shelf.keeper)
    line = lines_of(count)["洗手液"]
    client = client_as(shelf.keeper)
    for raw in ("NaN", "inf", "-Infinity", "abc"):
        response = client.post(reverse("logistics:stocktake_count", args=[count.pk]), {f"count-{line.pk}": raw},
                               follow=True)
        assert response.status_code == 200 and "不是数字" in response.content.decode()
    response = client.post(reverse("logistics:stocktake_count", args=[count.pk]), {f"count-{line.pk}": "1e309"},
                           follow=True)
    assert response.status_code == 200 and "不合理" in response.content.decode()
    for value in (Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity")):
        with pytest.raises(StoresError, match="不是数字"):
            stocktake.record_counts(count, {line.pk: value}, user=shelf.keeper)
    with pytest.raises(StoresError):
        stocktake.record_counts(count, {line.pk: Decimal("1e30")}, user=shelf.keeper)
    line.refresh_from_db()
    assert line.counted is None


def test_the_term_end_count_duty_opens_a_stocktake_and_is_done_by_it(shelf, client_as):
    from checklists.choices import RunStatus
    from checklists.hooks import record_kind_for

    template = factories.make_checklist_template(shelf.campus, code="kitchen-tableware-count", title="学期结束前清点餐用具",
                                                 role=Role.COOK, items=("碗（个）",), recurrence="term_end", department="kitchen")
    assert record_kind_for(template).url_name == "logistics:stocktake_start"
    run = factories.make_run(template)
    cook = shelf.user(Role.COOK)
    client = client_as(cook)
    page = client.get(reverse("logistics:stocktake_start"), {"run": run.pk})
    assert page.context["run"] == run
    client.post(reverse("logistics:stocktake_start"), {"store": shelf.store.pk, "note": "", "run": run.pk})
    count = Stocktake.objects.get()
    assert count.checklist_run_id == run.pk
    lines = lines_of(count)
    stocktake.record_counts(count, {line.pk: line.book_quantity for line in lines.values()}, user=cook)
    stocktake.submit_stocktake(count, user=cook)
    stocktake.approve_stocktake(count, user=shelf.director)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.record == count and run.completed_by == shelf.director
