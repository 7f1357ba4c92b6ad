"""Staff pages: constant queries on lists, clear Chinese messages for bad input, nothing half saved."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import close, services
from finance.models import FeeStandard, FinanceSettings, LedgerEntry
from tests import factories

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db
# session, user, staff, campuses, permissions (2), roles (class scoping of the class filter), the
# classes, bills, their ledger sums (one aggregate: finance.arrears). The same with any filter. The
# menu's queries (each app's nav.items) are left out: they depend on which apps are installed.
BILL_LIST_QUERIES = 10


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def cashier_client(spring, client):
    close.close_month(spring.campus, MARCH, render=False)
    close.close_month(spring.campus, APRIL, render=False)
    client.force_login(spring.cashier)
    return client


@pytest.mark.parametrize("name", ["finance:bill_list", "finance:report", "finance:index", "finance:canteen_list",
                                  "finance:claim_list", "finance:invite_list"])
def test_lists_use_the_same_number_of_queries_for_more_children(spring, cashier_client, name, django_assert_num_queries):
    url = reverse(name) + "?month=2025-04"
    factories.make_parent(spring.children[0])
    before = count_queries(cashier_client, url)
    for n in range(5):
        child = factories.make_child(spring.room, f"加{n}", enrolled_on=dt.date(2025, 2, 17))
        factories.make_parent(child)
    close.close_month(spring.campus, dt.date(2025, 5, 1), render=False)
    for child in spring.children:
        services.record_payment(child, "10", "cash", spring.cashier)
    with django_assert_num_queries(before):
        cashier_client.get(url)


def test_bill_list_queries_exactly(spring, cashier_client, django_assert_num_queries, no_nav):
    with django_assert_num_queries(BILL_LIST_QUERIES):
        response = cashier_client.get(reverse("finance:bill_list") + "?month=2025-04")
    assert len(response.context["bills"]) == 3


def test_a_bad_payment_gets_a_chinese_message_and_saves_nothing(spring, cashier_client):
    child = spring.children[0]
    before = LedgerEntry.objects.count()
    response = cashier_client.post(reverse("finance:payment_add", args=[child.pk]),
                                   {"amount": "-5", "method": "wechat"}, follow=True)
    assert "金额" in response.content.decode()
    response = cashier_client.post(reverse("finance:payment_add", args=[child.pk]),
                                   {"amount": "12.345", "method": "wechat"}, follow=True)
    assert LedgerEntry.objects.count() == before
    response = cashier_client.post(reverse("finance:payment_add", args=[child.pk]),
                                   {"amount": "350", "method": "wechat", "receipt_no": "W-1"}, follow=True)
    assert "已登记收款 ¥350.00" in response.content.decode()
    assert LedgerEntry.objects.count() == before + 1


def test_reversing_from_the_page_needs_a_reason(spring, cashier_client):
    entry = services.record_payment(spring.children[0], "100", "cash", spring.cashier)
    cashier_client.post(reverse("finance:entry_reverse", args=[entry.pk]), {"reason": ""})
    assert not LedgerEntry.objects.filter(reverses=entry).exists()
    response = cashier_client.post(reverse("finance:entry_reverse", args=[entry.pk]), {"reason": "收错了"}, follow=True)
    assert LedgerEntry.objects.get(reverses=entry).reason == "收错了"
    assert "已冲正" in response.content.decode()


def test_the_director_edits_settings_shown_with_their_rule(spring, client):
    client.force_login(spring.director)
    page = client.get(reverse("finance:settings")).content.decode()
    assert "深圳" in page and "学前教育法" in page
    client.post(reverse("finance:settings"), {"refund_rule": "beyond_n", "refund_threshold_days": "3",
                                              "surplus_warning_percent": "2.00", "second_approval_amount": "3000.00",
                                              "invitation_days": "7", "food_cost_basis": "accepted"})
    row = FinanceSettings.for_campus(spring.campus)
    assert row.refund_rule == "beyond_n" and row.refund_threshold_days == 3
    assert row.history.latest().history_user == spring.director  # saved by services.update_settings
    response = client.post(reverse("finance:settings"), {"refund_rule": "beyond_n", "refund_threshold_days": "0",
                                                         "surplus_warning_percent": "2.00", "second_approval_amount": "3000.00",
                                                         "invitation_days": "7", "food_cost_basis": "accepted"})
    assert "refund_threshold_days" in response.context["form"].errors
    assert FinanceSettings.for_campus(spring.campus).refund_threshold_days == 3


def test_fee_standard_is_created_then_published_and_then_frozen(spring, client):
    term = factories.make_term(spring.campus, dt.date(2025, 9, 1), dt.date(2026, 1, 20))  # 2025年秋季学期
    client.force_login(spring.cashier)
    data = {"term": term.pk, "care_fee_month": "900.00", "meal_fee_day": "16.00", "notes": "",
            "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-name": "床上用品", "items-0-amount": "150.00",
            "items-0-period": "term"}
    response = client.post(reverse("finance:fee_create"), data)
    standard = FeeStandard.objects.get(term=term)
    assert response.status_code == 302 and standard.items.get().name == "床上用品"
    assert client.post(reverse("finance:fee_publish", args=[standard.pk])).status_code == 403  # the director publishes
    client.force_login(spring.director)
    client.post(reverse("finance:fee_publish", args=[standard.pk]))
    standard.refresh_from_db()
    assert standard.is_published
    response = client.get(reverse("finance:fee_edit", args=[standard.pk]))
    assert response.status_code == 302
    duplicate = client.post(reverse("finance:fee_create"), data)
    assert duplicate.status_code == 200 and FeeStandard.objects.filter(term=term).count() == 1


def test_child_page_links_to_the_fees_account(spring, client):
    client.force_login(spring.cashier)
    page = client.get(reverse("campus:child_detail", args=[spring.children[0].pk])).content.decode()
    assert reverse("finance:child_account", args=[spring.children[0].pk]) in page


def _print(client, data, capture):
    """Ask for a print (a job, run when the request commits), follow it to its page; the download."""
    from finance.models import StatementsPrint

    with capture(execute=True):
        response = client.post(reverse("finance:bills_print"), data)
    if response.status_code != 302 or "/print/" not in response["Location"]:
        return response
    job = StatementsPrint.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    assert job.status == "done" and "100%" in page and reverse("finance:print_pdf", args=[job.pk]) in page, page
    return client.get(reverse("finance:print_pdf", args=[job.pk]))


def test_a_class_statements_print_in_one_pdf(spring, client, tmp_path, settings, django_capture_on_commit_callbacks):
    from campus.models import Classroom

    from .test_pdfs import text_of

    settings.CELERY_TASK_ALWAYS_EAGER = True
    close.close_month(spring.campus, MARCH, render=False)
    other_room = Classroom.objects.create(campus=spring.campus, name="大一班", grade="large")
    elsewhere = factories.make_child(other_room, "别班孩子", enrolled_on=dt.date(2025, 2, 17))
    services.bill_child(elsewhere, MARCH)
    client.force_login(spring.cashier)
    response = _print(client, {"month": "2025-03", "classroom": spring.room.pk}, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(b"".join(response.streaming_content), tmp_path).replace(" ", "")
    assert all(f"幼儿：{child.name}" in text for child in spring.children) and "别班孩子" not in text
    assert text.count("幼儿：") == 3  # one statement per child of the class, nobody else's
    whole = _print(client, {"month": "2025-03"}, django_capture_on_commit_callbacks)
    assert "别班孩子" in text_of(b"".join(whole.streaming_content), tmp_path, "all").replace(" ", "")
    no_bills = client.post(reverse("finance:bills_print"), {"month": "2025-07"}, follow=True)
    assert "close the month first" in no_bills.content.decode().lower() or "请先" in no_bills.content.decode()
    assert client.post(reverse("finance:bills_print"), {"month": "2025-03", "classroom": "x1"}).status_code == 404
    assert client.get(reverse("finance:bills_print"), {"month": "2025-03"}).status_code == 405  # a GET starts nothing
    assert client.get(reverse("finance:settlement"), {"term": "abc"}).status_code == 404
    page = client.get(reverse("finance:bill_list"), {"month": "2025-03"}).content.decode()
    assert f'name="classroom" value="{spring.room.pk}"' in page
