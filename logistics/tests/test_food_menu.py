"""The kitchen's daily issue proposed from the day's menu (grams per child × the children eating), edited
by the cook before posting; expired food is never proposed nor issued."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.roles import Role
from campus.services import record_class_attendance
from kitchen.choices import Meal
from logistics import services
from logistics.models import StockMove
from tests import factories

URL = "/logistics/food/kitchen-issue/"


@pytest.fixture
def kitchen(world, clock):
    clock.at(dt.date(2026, 11, 10))
    day = timezone.localdate()
    store = factories.make_store(world.campus, "食品库房", kind="food")
    keeper = world.user(Role.ASSETS)
    rice = factories.make_item(world.campus, "大米", category="food", unit="kg", store=store, expiry_required=True)
    flour = factories.make_item(world.campus, "面粉", specification="特一粉 25kg", category="food", unit="袋", store=store,
                                expiry_required=True)
    milk = factories.make_item(world.campus, "全脂奶粉", specification="800g", category="food", unit="罐", store=store,
                               expiry_required=True)
    factories.make_stock(store, rice, 20, user=keeper, unit_cost="6.00", lot_code="R", expires_on=day + dt.timedelta(days=200))
    factories.make_stock(store, flour, 2, user=keeper, unit_cost="118.00", lot_code="F", expires_on=day + dt.timedelta(days=200))
    factories.make_stock(store, milk, 3, user=keeper, unit_cost="98.00", lot_code="M", expires_on=day - dt.timedelta(days=3))
    ing = {
        "rice": factories.make_ingredient("rice-t", "大米(粳米)", energy=360, protein=7, fat=1, carb=79),
        "flour": factories.make_ingredient("flour-t", "小麦粉(标准粉)", energy=350, protein=11, fat=1, carb=74, store_name="面粉"),
        "milk": factories.make_ingredient("milk-powder-t", "全脂奶粉", energy=480, protein=20, fat=21, carb=51),
        "greens": factories.make_ingredient("greens-t", "青菜", energy=15, protein=1, fat=0, carb=2),
    }
    health = world.user(Role.HEALTH)
    lunch = [factories.make_dish(world.campus, "米饭", [(ing["rice"], 100)], health),
             factories.make_dish(world.campus, "炒青菜", [(ing["greens"], 80)], health)]
    snack = [factories.make_dish(world.campus, "发糕", [(ing["flour"], 250), (ing["milk"], 20)], health)]
    factories.make_menu(world.campus, {(day, Meal.LUNCH): lunch, (day, Meal.SNACK): snack}, health)
    return store, rice, flour, milk


def test_the_menu_proposes_the_day_s_issue_for_the_children_present(world, kitchen):
    store, rice, flour, milk = kitchen
    day = timezone.localdate()
    record_class_attendance(world.classroom, day, {}, world.user(Role.TEACHER))  # both children present
    listed = services.flag_rows(services.balance_list(store, day), day, 30)
    proposal = services.proposed_issue(store, day, listed)
    assert proposal.counted and proposal.children_total == 2
    lines = proposal.lines
    assert lines[rice.pk].quantity == Decimal("0.20")  # 100 g × 2 children, in kg
    assert lines[flour.pk].quantity == Decimal("0.02")  # 500 g of a 25 kg bag, matched by the ingredient's store link
    assert lines[milk.pk].quantity == 0 and lines[milk.pk].short  # only an expired tin: nothing can be issued
    assert [need.ingredient.name_zh for need in proposal.not_kept] == ["青菜"]  # fresh food, not stock

    # one child sick: the meal count drops, so does the rice
    record_class_attendance(world.classroom, day, {world.other_child.pk: (AttendanceStatus.SICK, "")}, world.user(Role.TEACHER))
    proposal = services.proposed_issue(store, day, services.flag_rows(services.balance_list(store, day), day, 30))
    assert proposal.lines[rice.pk].quantity == Decimal("0.10")


def test_the_cook_edits_the_proposal_and_posts_it(world, kitchen, client_as):
    store, rice, flour, milk = kitchen
    day = timezone.localdate()
    record_class_attendance(world.classroom, day, {}, world.user(Role.TEACHER))
    client = client_as(world.user(Role.COOK))
    page = client.get(URL)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial[f"item_{rice.pk}"] == Decimal("0.20") and f"item_{milk.pk}" not in form.initial
    assert "米饭" in form.fields[f"item_{rice.pk}"].help_text and "青菜" in page.content.decode()
    response = client.post(URL, {"day": day.isoformat(), f"item_{rice.pk}": "0.25", f"item_{flour.pk}": "0.02"})
    assert response.status_code == 302 and response["Location"].startswith(URL)  # the cook does not see the store page
    assert services.balance_of(store, rice) == Decimal("19.75")
    assert StockMove.objects.filter(kind="issue", created_by=world.user(Role.COOK)).count() == 2


def test_expired_food_is_refused_before_it_is_issued(world, kitchen, client_as):
    store, rice, flour, milk = kitchen
    client = client_as(world.user(Role.COOK))
    response = client.post(URL, {f"item_{milk.pk}": "1"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[f"item_{milk.pk}"])
    assert "3" in errors and not StockMove.objects.filter(item=milk, kind="issue").exists()
    assert services.balance_of(store, milk) == 3


def test_a_day_without_a_menu_is_entered_by_hand(world, kitchen, client_as):
    store, rice, _flour, _milk = kitchen
    client = client_as(world.user(Role.LOGISTICS))
    later = timezone.localdate() + dt.timedelta(days=30)
    page = client.get(f"{URL}?day={later.isoformat()}")
    assert not page.context["proposal"].lines and f"item_{rice.pk}" not in page.context["form"].initial


def test_grams_per_unit_from_the_unit_or_the_pack():
    from logistics.models import Item

    assert services.grams_per_unit(Item(unit="kg")) == 1000
    assert services.grams_per_unit(Item(unit="斤")) == 500
    assert services.grams_per_unit(Item(unit="袋", specification="加碘 400g")) == 400
    assert services.grams_per_unit(Item(unit="桶", specification="5L")) == 5000
    assert services.grams_per_unit(Item(unit="包", specification="大包")) is None


def test_other_roles_cannot_issue(world, kitchen, client_as):
    assert client_as(world.user(Role.TEACHER)).get(URL).status_code == 403
    assert client_as(world.user(Role.HEALTH)).get(URL).status_code == 403
