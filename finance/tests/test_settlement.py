"""Term-end settlement: what remains to a family's credit is paid back, once; what is owed is listed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from campus.models import Term
from finance import close, services
from finance.choices import CloseStatus, EntryKind
from finance.models import LedgerEntry, MonthClose

from .conftest import MARCH

pytestmark = pytest.mark.django_db
AUGUST = dt.date(2025, 8, 1)  # the month after the spring term (ends 2025-07-11)


@pytest.fixture
def term_end(spring):
    close.close_month(spring.campus, MARCH, render=False)
    paid_ahead, owing, even = spring.children
    services.record_payment(paid_ahead, "2000.00", "wechat", spring.cashier)
    services.record_payment(even, services.balances([even.pk])[even.pk], "cash", spring.cashier)
    spring.term = Term.objects.get(campus=spring.campus)
    spring.paid_ahead, spring.owing, spring.even = paid_ahead, owing, even
    return spring


def balance(child):
    return services.balances([child.pk])[child.pk]


def test_credits_and_debts_of_the_term(term_end):
    settlement = services.Settlement(term_end.campus, term_end.term)
    assert settlement.month == AUGUST and not settlement.closed
    assert [c.pk for c in settlement.credits] == [term_end.paid_ahead.pk]
    assert [c.pk for c in settlement.owed] == [term_end.owing.pk]
    assert settlement.credit_total == -balance(term_end.paid_ahead) > 0
    assert settlement.owed_total == balance(term_end.owing) > 0


def test_paying_back_leaves_every_chosen_account_at_zero_and_twice_pays_nothing(term_end):
    credit = -balance(term_end.paid_ahead)
    ids = [c.pk for c in term_end.children]
    entries = services.refund_credits(term_end.campus, term_end.term, ids, "bank", term_end.cashier)
    assert [(e.child_id, e.kind, e.amount, e.method) for e in entries] == [
        (term_end.paid_ahead.pk, EntryKind.REFUND_PAID, credit, "bank")]
    assert "2025年春季学期" in entries[0].note and entries[0].history.get().history_user == term_end.cashier
    assert balance(term_end.paid_ahead) == Decimal("0.00")
    assert balance(term_end.owing) > 0  # a debt is not touched
    assert services.refund_credits(term_end.campus, term_end.term, ids, "bank", term_end.cashier) == []
    assert LedgerEntry.objects.filter(kind=EntryKind.REFUND_PAID).count() == 1


def test_another_campus_child_is_never_paid_from_this_page(term_end, world):
    services.record_payment(world.other_child, "50.00", "cash", term_end.cashier)  # a credit on the other campus
    assert services.refund_credits(term_end.campus, term_end.term, [world.other_child.pk], "cash", term_end.cashier) == []
    assert balance(world.other_child) == Decimal("-50.00")


def test_the_page_lists_and_pays_back(client, term_end, django_assert_num_queries):
    client.force_login(term_end.cashier)
    url = reverse("finance:settlement")
    with django_assert_num_queries(12):
        page = client.get(url, {"term": term_end.term.pk}).content.decode()
    assert term_end.paid_ahead.name in page and "2025-08" in page  # the settlement month is not closed yet
    response = client.post(reverse("finance:settlement_refund"),
                           {"term": term_end.term.pk, "method": "cash", "child": [term_end.paid_ahead.pk]}, follow=True)
    assert balance(term_end.paid_ahead) == 0
    assert "已退还 1 笔余额" in response.content.decode()


def test_nothing_ticked_is_a_clear_message_and_nothing_saved(client, term_end):
    client.force_login(term_end.cashier)
    response = client.post(reverse("finance:settlement_refund"), {"term": term_end.term.pk, "method": "cash"}, follow=True)
    assert not LedgerEntry.objects.filter(kind=EntryKind.REFUND_PAID).exists()
    assert "请勾选要退款的幼儿。" in response.content.decode()


def test_a_director_sees_the_page_but_cannot_pay(client, term_end):
    client.force_login(term_end.director)
    assert client.get(reverse("finance:settlement")).status_code == 200
    denied = client.post(reverse("finance:settlement_refund"),
                         {"term": term_end.term.pk, "method": "cash", "child": [term_end.paid_ahead.pk]})
    assert denied.status_code == 403 and balance(term_end.paid_ahead) < 0


def test_the_settlement_month_closed_is_shown(term_end):
    MonthClose.objects.create(campus=term_end.campus, month=AUGUST, status=CloseStatus.DONE)
    assert services.Settlement(term_end.campus, term_end.term).closed
