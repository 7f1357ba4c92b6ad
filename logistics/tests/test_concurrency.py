"""Two phones issuing the last unit at once, on PostgreSQL: the balance row is locked, so one issue
succeeds and the other is refused with the clear message (not a double issue, not an error page).
Run with ``DATABASE_URL=postgres://...``; the SQLite pass deselects it."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import transaction

from campus.roles import Role
from logistics import services
from logistics.errors import StoresError
from logistics.models import Balance, StockMove
from tests import factories

pytestmark = pytest.mark.postgres


@pytest.fixture
def last_unit(postgres, transactional_db):
    campus = factories.make_campus("stor", "春天幼儿园")
    store = factories.make_store(campus, "总务仓库")
    keeper = factories.make_staff(Role.ASSETS, campus, username="stor-keeper").user
    head = factories.make_staff(Role.LOGISTICS, campus, username="stor-head").user
    item = factories.make_item(campus, "电池", unit="节", price="2.00")
    factories.make_stock(store, item, 1, user=keeper)
    return store, item, (keeper, head)


def test_two_phones_issue_the_last_unit_one_is_told_why(last_unit, in_threads):
    store, item, users = last_unit
    results, errors = in_threads(lambda index: services.issue(store, item, 1, user=users[index], reason="领用"))
    assert len([r for r in results if r]) == 1
    assert len(errors) == 1 and isinstance(errors[0], StoresError)
    assert "quantity" in errors[0].message_dict and "0" in errors[0].message_dict["quantity"][0]
    row = Balance.objects.get(store=store, item=item)
    assert row.quantity == 0 and row.value == Decimal("0")
    assert StockMove.objects.filter(kind="issue").count() == 1


def test_the_second_issue_waits_for_the_first_and_reads_its_result(last_unit, in_threads):
    store, item, users = last_unit
    first_done = threading.Event()

    def slow_first():
        with transaction.atomic():
            services.issue(store, item, 1, user=users[0], reason="领用")
            first_done.set()
            time.sleep(1.0)

    def second():
        assert first_done.wait(20)
        return services.issue(store, item, 1, user=users[1], reason="领用")

    _results, errors = in_threads(lambda index: (slow_first, second)[index]())
    assert len(errors) == 1 and isinstance(errors[0], StoresError)
    assert services.balance_of(store, item) == 0
