"""Repair pages: a report from a phone (photo checked, asset of another campus refused), the list
(each sees their own; managers all), the 维修登记 register and the dashboard card, in a constant
number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets import dashboard
from assets.models.repairs import RepairRequest
from assets.repair_dashboard import repair_cards
from assets.services import repairs
from campus.roles import Role
from campus.ui import CardState
from tests import factories
from tests.factories.repairs import photo

pytestmark = pytest.mark.django_db


def test_a_teacher_reports_from_the_assets_label_with_a_photo(world, client_as):
    manager = world.user(Role.ASSETS)
    room = factories.make_place(world.campus, "小一班教室")
    chair = factories.make_asset(world.campus, name="儿童椅", category="儿童床", place=room, user=manager)
    client = client_as(world.user(Role.TEACHER))
    page = client.get(f"/assets/repairs/report/?asset={chair.pk}")
    assert page.status_code == 200 and "儿童椅" in page.content.decode() and "place" not in page.context["form"].fields
    response = client.post(f"/assets/repairs/report/?asset={chair.pk}", {
        "problem": "椅子腿断了", "urgency": "urgent", "photo": photo("broken.png")})
    repair = RepairRequest.objects.get()
    assert response.status_code == 302 and response.url == repair.get_absolute_url()
    assert (repair.asset, repair.place, repair.urgency) == (chair, room, "urgent") and repair.photo


def test_a_report_from_the_layout_button_asks_where_and_refuses_a_fake_photo(world, client_as):
    client = client_as(world.user(Role.COOK))
    kitchen = factories.make_place(world.campus, "厨房")
    response = client.post("/assets/repairs/report/", {"problem": "水龙头漏水", "urgency": "normal"})
    assert "place" in response.context["form"].errors
    fake = photo("x.png")
    fake.file.write(b"not an image")
    fake.file.seek(0)
    fake.file.truncate(5)
    response = client.post("/assets/repairs/report/", {"problem": "水龙头漏水", "urgency": "normal", "place": kitchen.pk,
                                                       "photo": fake})
    assert "photo" in response.context["form"].errors and not RepairRequest.objects.exists()
    page = client.get(f"/assets/repairs/report/?place={kitchen.pk}")
    assert page.context["form"].initial["place"] == kitchen


def test_an_asset_or_place_of_another_campus_is_not_found(world, client_as):
    other_manager = factories.make_staff(Role.ASSETS, world.other_campus).user
    other_place = factories.make_place(world.other_campus, "别园教室")
    other = factories.make_asset(world.other_campus, name="别园的椅子", category="儿童床", place=other_place, user=other_manager)
    client = client_as(world.user(Role.TEACHER))
    assert client.get(f"/assets/repairs/report/?asset={other.pk}").status_code == 404
    assert client.get(f"/assets/repairs/report/?place={other_place.pk}").status_code == 404


def test_each_sees_their_own_reports_and_the_managers_see_all(world, client_as):
    mine = factories.make_repair(world.campus, world.user(Role.TEACHER), problem="我的报修")
    factories.make_repair(world.campus, world.user(Role.COOK), problem="厨房的报修")
    teacher_list = client_as(world.user(Role.TEACHER)).get("/assets/repairs/").context["repairs"]
    assert teacher_list == [mine]
    for role in (Role.ASSETS, Role.LOGISTICS, Role.DIRECTOR):
        assert len(client_as(world.user(role)).get("/assets/repairs/").context["repairs"]) == 2
    assert client_as(world.user(Role.GATEKEEPER)).get(mine.get_absolute_url()).status_code == 404


def test_the_close_form_shows_a_missing_photo_next_to_the_field(world, client_as):
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER))
    response = client_as(world.user(Role.ASSETS)).post(f"/assets/repairs/{repair.pk}/close/",
                                                        {"note": "修好了", "cost": "20"})
    assert response.status_code == 200 and "photo" in response.context["close_form"].errors


def test_the_repair_register_lists_the_month_with_cost_in_constant_queries(world, client_as, clock,
                                                                            django_assert_num_queries):
    clock.at("10:00")
    manager = world.user(Role.ASSETS)
    factories.make_repair(world.campus, world.user(Role.TEACHER), contractor="李师傅", close_by=manager, cost="80",
                          verify_by=world.user(Role.TEACHER))
    client = client_as(world.user(Role.DIRECTOR))
    client.get("/assets/repairs/register/")  # warm the session and the settings rows
    with CaptureQueriesContext(connection) as one:
        client.get("/assets/repairs/register/")
    for _n in range(3):
        factories.make_repair(world.campus, world.user(Role.COOK), assign_to=world.user(Role.GATEKEEPER),
                              close_by=world.user(Role.GATEKEEPER), cost="12.50")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/assets/repairs/register/")
    text = page.content.decode()
    assert "维修登记" in text and "李师傅" in text and "¥117.50" in text
    xlsx = client.get("/assets/repairs/register/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    a4 = client.get("/assets/repairs/register/?format=pdf")
    assert a4.status_code == 200 and a4["Content-Type"] == "application/pdf" and a4.content.startswith(b"%PDF-")


def test_the_repair_list_takes_the_same_queries_for_one_request_or_many(world, client_as, django_assert_num_queries):
    client = client_as(world.user(Role.ASSETS))
    factories.make_repair(world.campus, world.user(Role.TEACHER), contractor="李师傅")
    client.get("/assets/repairs/")
    with CaptureQueriesContext(connection) as one:
        client.get("/assets/repairs/")
    for _n in range(4):
        factories.make_repair(world.campus, world.user(Role.COOK), assign_to=world.user(Role.GATEKEEPER))
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/assets/repairs/")
    assert len(page.context["repairs"]) == 5


def test_the_card_is_green_only_on_records_and_red_when_one_is_late(world, clock, django_assert_num_queries):
    clock.at("09:00")
    today = timezone.localdate()
    card = dashboard.cards(world.campus, today)
    repair_card = next(c for c in card if c.key == "assets.repairs")
    assert repair_card.state == CardState.NONE
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER), urgency="urgent")
    with django_assert_num_queries(1):  # the repairs' own card (the register's card has its own test)
        [repair_card] = [c for c in repair_cards(world.campus, today) if c.key == "assets.repairs"]
    assert repair_card.state == CardState.OK and repair_card.value == "1"
    clock.move(repair.due_at + dt.timedelta(minutes=1))
    [repair_card] = [c for c in dashboard.cards(world.campus, timezone.localdate()) if c.key == "assets.repairs"]
    assert repair_card.state == CardState.OVERDUE and "status=overdue" in repair_card.url
    assert repairs.notify_overdue_repairs() == 1


def test_todos_tell_the_manager_to_assign_and_the_reporter_to_verify(world, rf):
    manager, teacher = world.user(Role.ASSETS), world.user(Role.TEACHER)
    factories.make_repair(world.campus, teacher)
    factories.make_repair(world.campus, teacher, contractor="x", close_by=manager)
    request = rf.get("/")
    request.campus, request.user = world.campus, manager
    titles = [todo.title for todo in dashboard.todos(request, timezone.localdate())]
    assert any("待派工" in t for t in titles)
    request.user = teacher
    titles = [todo.title for todo in dashboard.todos(request, timezone.localdate())]
    assert any("待我验收" in t for t in titles)
