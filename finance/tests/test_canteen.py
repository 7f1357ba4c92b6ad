"""The canteen account: income, spending, balance, cost per child-meal-day, the term's surplus as a %
of income against the limit, staff meals out; posting freezes a month; corrections are revisions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from campus.models import Attendance
from finance import close, services
from finance.choices import AccountStatus, CostKind
from finance.models import CanteenAccount, FinanceSettings
from finance.services import FinanceError
from tests.factories import make_all_present, make_attendance, school_days

from .conftest import APRIL, MARCH

pytestmark = pytest.mark.django_db


def fake_kitchen(monkeypatch, lines):
    """The kitchen's food-cost API returning these lines (whether or not the kitchen app has it yet)."""
    import sys
    import types

    try:
        from kitchen import services as kitchen_services
    except ImportError:
        import kitchen

        kitchen_services = types.ModuleType("kitchen.services")
        monkeypatch.setitem(sys.modules, "kitchen.services", kitchen_services)
        monkeypatch.setattr(kitchen, "services", kitchen_services, raising=False)
    monkeypatch.setattr(kitchen_services, "accepted_food_lines", lines, raising=False)
MAY = dt.date(2025, 5, 1)


@pytest.fixture
def closed(spring):
    march = school_days(spring.campus, MARCH)
    close.close_month(spring.campus, MARCH, render=False)
    make_all_present(spring.children, march)
    make_attendance(spring.children[0], march[:3], "sick")  # 2 refunded days (Shenzhen rule)
    close.close_month(spring.campus, APRIL, render=False)
    spring.march_days = march
    return spring


def test_income_spending_balance_and_cost_per_meal_day(closed, monkeypatch):
    fake_kitchen(monkeypatch, lambda campus, first, last: [
        {"day": dt.date(2025, 3, 3), "description": "大米 50kg", "quantity": "50kg", "amount": Decimal("300.00")},
        {"day": dt.date(2025, 3, 4), "description": "猪肉 10kg", "quantity": "10kg", "amount": Decimal("280.50")},
    ])
    services.add_cost_line(closed.campus, MARCH, CostKind.OTHER, "燃气费", "120.00", closed.cashier)
    services.add_cost_line(closed.campus, MARCH, CostKind.STAFF_MEALS, "教职工餐（另行收费）", "50.00", closed.cashier)
    account = CanteenAccount.objects.get(campus=closed.campus, month=MARCH)
    days = len(closed.march_days)
    assert account.meal_income == Decimal("15.00") * days * 3
    assert account.refunds == Decimal("30.00")
    assert account.income == account.meal_income - Decimal("30.00")
    assert account.food_cost == Decimal("580.50")
    assert account.other_cost == Decimal("120.00")
    assert account.staff_meals == Decimal("50.00")
    assert account.spending == Decimal("650.50")  # staff meals kept out
    assert account.balance == account.income - account.spending
    meal_days = Attendance.objects.filter(campus=closed.campus, status="present", date__month=3).count()
    assert account.child_meal_days == meal_days == days * 3 - 3
    assert account.cost_per_meal_day == (Decimal("650.50") / meal_days).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert {line.source for line in account.lines.all()} == {"kitchen", "manual"}


def test_the_term_surplus_percentage_is_warned_beyond_the_setting(closed):
    account = services.refresh_canteen_draft(closed.campus, MARCH)
    income = account.income
    # Spend all but 2 % of the income: exactly at the limit, no warning.
    services.add_cost_line(closed.campus, MARCH, CostKind.FOOD, "食材", income * Decimal("0.98"), closed.cashier)
    account.refresh_from_db()
    assert account.term_percent == Decimal("2.00") and not account.is_warning
    services.add_cost_line(closed.campus, MARCH, CostKind.FOOD, "退货", "-5.00", closed.cashier)
    account.refresh_from_db()
    assert account.term_percent > Decimal("2.00") and account.is_warning
    settings_row = FinanceSettings.for_campus(closed.campus)
    settings_row.surplus_warning_percent = Decimal("5.00")
    settings_row.save()
    account = services.refresh_canteen_draft(closed.campus, MARCH)
    assert not account.is_warning


def test_a_deficit_beyond_the_limit_is_warned_too(closed):
    account = services.refresh_canteen_draft(closed.campus, MARCH)
    services.add_cost_line(closed.campus, MARCH, CostKind.FOOD, "食材", account.income * Decimal("1.02"), closed.cashier)
    account.refresh_from_db()
    assert account.term_percent == Decimal("-2.00") and not account.is_warning  # at the limit
    services.add_cost_line(closed.campus, MARCH, CostKind.FOOD, "加购", "5.00", closed.cashier)
    account.refresh_from_db()
    assert account.term_percent < Decimal("-2.00") and account.is_warning


def test_the_term_percentage_is_cumulative_over_the_terms_months(closed):
    march = services.refresh_canteen_draft(closed.campus, MARCH)
    services.add_cost_line(closed.campus, MARCH, CostKind.FOOD, "食材", march.income, closed.cashier)  # March breaks even
    april_days = school_days(closed.campus, APRIL)
    make_all_present(closed.children, april_days)
    close.close_month(closed.campus, MAY, render=False)
    april = CanteenAccount.objects.get(campus=closed.campus, month=APRIL)
    assert april.term_income == march.income + april.income
    assert april.term_balance == april.balance  # March's balance is 0 now
    assert april.term_percent == (april.term_balance * 100 / april.term_income).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def test_posting_freezes_the_month_and_a_correction_is_a_new_visible_revision(closed):
    draft = services.refresh_canteen_draft(closed.campus, MARCH)
    posted = services.post_account(draft, closed.director)
    assert posted.status == AccountStatus.POSTED and posted.posted_by == closed.director
    with pytest.raises(FinanceError):
        services.post_account(posted, closed.director)
    balance = posted.balance
    services.add_cost_line(closed.campus, MARCH, CostKind.OTHER, "补录：燃气费", "99.00", closed.cashier)
    posted.refresh_from_db()
    assert posted.balance == balance  # frozen: no draft was opened
    assert services.refresh_canteen_draft(closed.campus, MARCH) is None
    with pytest.raises(FinanceError):
        services.start_correction(closed.campus, MARCH, "", closed.director)
    revision = services.start_correction(closed.campus, MARCH, "补录燃气费", closed.director)
    assert revision.revision == 2 and revision.balance == balance - Decimal("99.00")
    posted.refresh_from_db()
    assert posted.status == AccountStatus.POSTED  # still what parents see until the correction is posted
    services.post_account(revision, closed.director)
    posted.refresh_from_db()
    assert posted.status == AccountStatus.SUPERSEDED
    assert list(CanteenAccount.objects.filter(campus=closed.campus, month=MARCH).values_list("revision", "status")) == [
        (2, "posted"), (1, "superseded")]


def test_parents_see_posted_months_only(closed, client):
    from tests import factories

    parent = factories.make_parent(closed.children[0], phone="13700000001")
    draft = services.refresh_canteen_draft(closed.campus, MARCH)
    client.force_login(parent.user)
    url = reverse("finance:parent_canteen", args=[closed.children[0].pk, draft.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("finance:parent_canteen_list", args=[closed.children[0].pk]))
    assert "2025-03" not in listing.content.decode()
    services.post_account(draft, closed.director)
    page = client.get(url)
    assert page.status_code == 200 and str(draft.income) in page.content.decode()
    assert "2025-03" in client.get(reverse("finance:parent_canteen_list", args=[closed.children[0].pk])).content.decode()


def test_the_director_posts_from_the_page(closed, client):
    draft = services.refresh_canteen_draft(closed.campus, MARCH)
    client.force_login(closed.cashier)
    assert client.post(reverse("finance:canteen_post", args=[draft.pk])).status_code == 403
    client.force_login(closed.director)
    client.post(reverse("finance:canteen_post", args=[draft.pk]), {"note": "欢迎家长监督"})
    draft.refresh_from_db()
    assert draft.status == AccountStatus.POSTED and draft.note == "欢迎家长监督"
    response = client.post(reverse("finance:canteen_recalc", args=[draft.pk]), follow=True)
    assert "冻结" in response.content.decode() or "frozen" in response.content.decode()


def test_the_kitchens_accepted_food_is_the_canteens_food_cost(world):
    """With the kitchen app's acceptance records (staff-canteen deliveries stay out)."""
    from tests import factories
    from tests.factories import last_month, make_fee_standard

    make_fee_standard(world.campus)
    day = last_month() + dt.timedelta(days=3)
    factories.make_acceptance(world, product="大米", quantity="50", unit_price="6.00", day=day)
    factories.make_acceptance(world, product="教工餐猪肉", quantity="5", unit_price="30.00", day=day, canteen="staff")
    # A delivery from a supplier whose licence had expired is refused (拒收): no cost (issue 11).
    expired = factories.make_supplier(world.campus, name="过期粮油", licence_expires_on=day - dt.timedelta(days=1))
    factories.make_acceptance(world, supplier=expired, product="过期面粉", quantity="10", unit_price="4.00", day=day)
    close.close_month(world.campus, last_month(), render=False)
    account = services.refresh_canteen_draft(world.campus, last_month())
    assert account.food_cost == Decimal("300.00")
    assert not account.lines.filter(description__contains="过期面粉").exists()
    line = account.lines.get(source="kitchen")
    assert line.day == day and "大米" in line.description and line.quantity == "50kg"
