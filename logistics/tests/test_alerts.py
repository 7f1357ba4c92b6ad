"""Alerts: the daily task tells the keepers of items below minimum and lots near expiry or expired
(once a day); the keeper's to-dos and the dashboard card (green only on evidence)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory

from campus.models_notify import Notification
from campus.roles import Role
from campus.ui import CardState
from logistics import dashboard, services, tasks
from tests import factories


@pytest.fixture
def stocked(world, clock):
    clock.at(dt.date(2026, 11, 2))
    store = factories.make_store(world.campus, "总务仓库")
    keeper = world.user(Role.ASSETS)
    return store, keeper


def test_card_is_none_without_stock_and_green_only_on_evidence(world, stocked):
    store, keeper = stocked
    day = dt.date(2026, 11, 2)
    assert dashboard.cards(world.campus, day)[0].state == CardState.NONE
    item = factories.make_item(world.campus, "抽纸", minimum=Decimal("5"), store=store)
    factories.make_stock(store, item, 10, user=keeper)
    assert dashboard.cards(world.campus, day)[0].state == CardState.OK
    services.issue(store, item, 6, user=keeper, reason="领用")
    card = dashboard.cards(world.campus, day)[0]
    assert card.state == CardState.ATTENTION and "1" in card.detail


def test_expired_stock_makes_the_card_overdue_and_a_todo(world, stocked, clock):
    store, keeper = stocked
    milk = factories.make_item(world.campus, "奶粉", category="food", expiry_required=True)
    factories.make_stock(store, milk, 3, user=keeper, lot_code="A", expires_on=dt.date(2026, 11, 5))
    clock.at(dt.date(2026, 11, 6))
    day = dt.date(2026, 11, 6)
    assert dashboard.cards(world.campus, day)[0].state == CardState.OVERDUE
    request = RequestFactory().get("/")
    request.user, request.campus = keeper, world.campus
    titles = [t.title for t in dashboard.todos(request, day)]
    assert any("xpired" in str(t) or "过期" in str(t) for t in titles)
    request.user = world.user(Role.TEACHER)
    assert dashboard.todos(request, day) == []


def test_daily_task_notifies_once_per_day(world, stocked, clock):
    store, keeper = stocked
    paper = factories.make_item(world.campus, "A4打印纸", minimum=Decimal("20"), store=store)
    factories.make_stock(store, paper, 5, user=keeper)
    milk = factories.make_item(world.campus, "奶粉", category="food", expiry_required=True)
    factories.make_stock(store, milk, 3, user=keeper, lot_code="A", expires_on=dt.date(2026, 11, 20))
    assert tasks.stock_alerts("2026-11-02") >= 2
    kinds = set(Notification.objects.filter(campus=world.campus).values_list("kind", flat=True))
    assert {"logistics.low_stock", "logistics.expiry"} <= kinds
    count = Notification.objects.count()
    tasks.stock_alerts("2026-11-02")
    assert Notification.objects.count() == count
