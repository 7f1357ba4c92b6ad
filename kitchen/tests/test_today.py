import datetime as dt

import pytest
from django.utils import timezone

from campus.choices import CertificateKind
from campus.models import StaffCertificate
from campus.roles import Role
from kitchen import dashboard, services
from kitchen.analysis import today_board
from kitchen.choices import Meal
from tests import factories

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def day_menu(world):
    health = world.user(Role.HEALTH)
    rice = factories.make_ingredient("R", "米", energy="360", protein="7", fat="1", carb="79")
    dishes = [factories.make_dish(world.campus, name, [(rice, 50)], health) for name in ("米饭", "粥", "饼")]
    today = timezone.localdate()
    services.save_menu(world.campus, services.week_start_of(today), {
        (today, Meal.BREAKFAST): [dishes[1].pk], (today, Meal.LUNCH): [dishes[0].pk, dishes[2].pk],
    }, health)
    return today, dishes


def test_due_done_and_late_per_meal(world, day_menu):
    today, (rice, porridge, cake) = day_menu
    early = today_board(world.campus, today, now=at(today, 7))
    assert [(m.meal, m.state) for m in early.meals] == [("breakfast", "due"), ("lunch", "due"), ("snack", "none")]
    factories.make_sample(world, porridge, Meal.BREAKFAST, day=today, at=at(today, 0, 5))
    factories.make_disinfection(world, Meal.BREAKFAST, day=today, at=at(today, 0, 10))
    factories.make_sample(world, rice, Meal.LUNCH, day=today, at=at(today, 0, 5))
    board = today_board(world.campus, today, now=at(today, 13))
    states = {m.meal: m for m in board.meals}
    assert states["breakfast"].state == "done"
    assert states["lunch"].state == "late" and states["lunch"].missing_samples == [cake]
    assert states["snack"].state == "none"  # nothing on the menu: nothing due
    evening = today_board(world.campus, today, now=at(today, 16))
    assert {m.meal: m.state for m in evening.meals} == {"breakfast": "done", "lunch": "late", "snack": "none"}
    assert evening.deliveries_late  # a menu, no delivery recorded by 10:00
    factories.make_sample(world, cake, Meal.LUNCH, day=today, at=at(today, 0, 6))
    factories.make_disinfection(world, Meal.LUNCH, day=today, at=at(today, 0, 7))
    assert {m.meal: m.state for m in today_board(world.campus, today, now=at(today, 16)).meals}["lunch"] == "done"


def test_kitchen_today_page_query_count_is_constant(world, day_menu, client_as, django_assert_num_queries, no_nav):
    today, (rice, porridge, cake) = day_menu
    client = client_as(world.user(Role.COOK))
    client.get("/kitchen/")
    # 14, and the cook's own health certificate (their roles, their certificate): 16.
    with django_assert_num_queries(16):
        client.get("/kitchen/")
    factories.make_sample(world, rice, Meal.LUNCH, day=today, at=at(today, 0, 5))
    factories.make_sample(world, cake, Meal.LUNCH, day=today, at=at(today, 0, 6))
    factories.make_disinfection(world, Meal.LUNCH, day=today, at=at(today, 0, 7))
    factories.make_acceptance(world)
    factories.make_acceptance(world, product="肉")
    with django_assert_num_queries(16):
        response = client.get("/kitchen/")
    assert "data-state" in response.content.decode()


def test_sample_and_disinfection_registers_query_counts(world, day_menu, client_as, django_assert_num_queries, no_nav):
    today, (rice, porridge, cake) = day_menu
    client = client_as(world.user(Role.DIRECTOR))
    factories.make_sample(world, rice, Meal.LUNCH, day=today, at=at(today, 0, 5))
    factories.make_disinfection(world, Meal.LUNCH, day=today, at=at(today, 0, 7))
    client.get("/kitchen/samples/")
    with django_assert_num_queries(10):
        client.get("/kitchen/samples/")
    with django_assert_num_queries(7):
        client.get("/kitchen/disinfection/")
    factories.make_sample(world, cake, Meal.LUNCH, day=today, at=at(today, 0, 6))
    factories.make_sample(world, porridge, Meal.BREAKFAST, day=today, at=at(today, 0, 6))
    factories.make_disinfection(world, Meal.BREAKFAST, day=today, at=at(today, 0, 7))
    with django_assert_num_queries(10):
        client.get("/kitchen/samples/")
    with django_assert_num_queries(7):
        response = client.get("/kitchen/disinfection/")
    assert len(response.context["rows"]) == 2


def test_expired_kitchen_health_certificate_is_flagged_on_the_page_and_dashboard(world, client_as):
    today = timezone.localdate()
    cook = world.staff[Role.COOK.value]
    cook.name = "刘师傅"
    cook.save()
    StaffCertificate.objects.create(staff=cook, kind=CertificateKind.HEALTH, expires_on=today - dt.timedelta(days=1))
    StaffCertificate.objects.create(staff=world.staff[Role.HEALTH.value], kind=CertificateKind.HEALTH,
                                    expires_on=today - dt.timedelta(days=1))  # not kitchen staff
    assert [s.name for s in services.kitchen_staff_without_valid_certificate(world.campus, today)] == ["刘师傅"]
    page = client_as(world.user(Role.DIRECTOR)).get("/kitchen/").content.decode()
    assert "刘师傅" in page
    card = dashboard.cards(world.campus, today)[0]
    assert "刘师傅" in card.detail and card.level == "danger"
    StaffCertificate.objects.create(staff=cook, kind=CertificateKind.HEALTH, expires_on=today + dt.timedelta(days=300))
    assert services.kitchen_staff_without_valid_certificate(world.campus, today) == []


def test_cook_todos_list_what_is_missing(world, day_menu, rf):
    today, dishes = day_menu
    request = rf.get("/")
    request.user = world.user(Role.COOK)
    request.campus = world.campus
    titles = [todo.title for todo in dashboard.todos(request, today)]
    assert "Kitchen: Lunch" in titles or "厨房：午餐" in titles
