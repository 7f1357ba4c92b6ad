"""The director's cards and each role's to-dos, and the monthly report's received totals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone

from campus.roles import Role
from finance import close, dashboard, services
from finance.models import Bill, Reimbursement
from finance.reports import build_report
from tests import factories

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


def request_for(user, campus):
    request = RequestFactory().get("/")
    request.user, request.campus, request.campus_ids = user, campus, [campus.pk]
    return request


def test_cards_show_outstanding_fees_and_the_canteen_percentage(spring, clock):
    clock.at(dt.date(2025, 3, 3))
    close.close_month(spring.campus, MARCH, render=False)  # due 03-13
    clock.at(dt.date(2025, 4, 1))
    close.close_month(spring.campus, APRIL, render=False)  # due 04-11: not yet in arrears on 04-02
    cards = dashboard.cards(spring.campus, dt.date(2025, 4, 2))
    march = sum(b.total for b in Bill.objects.filter(month=MARCH))
    assert march > 0 and cards[0].value == f"¥{march:,.2f}" and "3" in cards[0].detail
    assert cards[1].value.endswith("%") and cards[1].url.startswith("/finance/canteen/")


def test_todos_for_the_director_and_the_cashier(spring, clock):
    clock.at(dt.date(2025, 3, 3))
    close.close_month(spring.campus, MARCH, render=False)
    clock.at(dt.date(2025, 4, 1))
    close.close_month(spring.campus, APRIL, render=False)
    logistics = factories.make_staff(Role.LOGISTICS, spring.campus, username="todo-logistics").user
    claim = Reimbursement.objects.create(campus=spring.campus, claimant=logistics, title="灯管", amount=Decimal("30"),
                                         spent_on=dt.date(2025, 4, 1))
    director_todos = dashboard.todos(request_for(spring.director, spring.campus), dt.date(2025, 4, 2))
    titles = " ".join(t.title for t in director_todos)
    assert "1" in titles and "2025-03" in titles
    services.approve_claim(claim, spring.director)
    cashier_todos = dashboard.todos(request_for(spring.cashier, spring.campus), dt.date(2025, 4, 2))
    # the approved claim to pay, then the fees: March's overdue, March's and April's unpaid
    assert len(cashier_todos) == 3 and "逾期欠费：3 名幼儿" in cashier_todos[1].title


def test_the_report_counts_payments_by_method_net_of_reversed_payments(spring):
    close.close_month(spring.campus, MARCH, render=False)
    child = spring.children[0]
    services.record_payment(child, "100", "cash", spring.cashier)
    wrong = services.record_payment(child, "50", "wechat", spring.cashier)
    services.record_payment(child, "70", "wechat", spring.cashier)
    services.reverse_entry(wrong, "重复收款", spring.cashier)
    report = build_report(spring.campus, services.month_start(timezone.localdate()))
    received = {label: amount for label, _count, amount in report.received}
    assert received == {"现金": Decimal("100.00"), "微信支付": Decimal("70.00")}
    assert report.received_total == Decimal("170.00") and report.reversal_count == 1
