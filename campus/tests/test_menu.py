"""Issue 11: the campus switch heads the menu; menu entries and dashboard links only where the role may go."""

from django.test import Client

from campus.access import may_open
from campus.roles import Role
from tests.factories import log_in, make_staff

PASSWORD = "pw-123456!"


def test_the_campus_switch_is_the_first_thing_in_the_menu(world):
    make_staff(Role.DIRECTOR, [world.campus, world.other_campus], username="two_campus_director")
    client = Client()
    assert log_in(client, "two_campus_director", PASSWORD)
    html = client.get("/").content.decode()
    menu = html[html.index('id="mainnav"'):]
    switch = menu.index("campus-switch")
    assert switch < menu.index('class="nav-link', menu.index("navbar-nav me-auto"))  # before the first page
    assert menu.index(world.other_campus.name) < menu.index("/dashboard/")


def test_may_open_follows_the_views_access_rule(world):
    logistics, director = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR)
    assert may_open(director, "/finance/report/") and not may_open(logistics, "/finance/report/")
    assert may_open(logistics, "/dashboard/?day=2025-01-01")
    assert not may_open(world.user(Role.COOK), "/dashboard/")
    assert not may_open(director, "/no-such-page/")
    assert may_open(world.parent.user, "/parent/") and not may_open(director, "/parent/")


def test_the_logistics_heads_dashboard_links_no_page_it_cannot_open(world):
    client = Client()
    assert log_in(client, world.user(Role.LOGISTICS).username, PASSWORD)
    html = client.get("/dashboard/").content.decode()
    assert "/finance/report/" not in html and "/finance/bills/" not in html and 'href="/health/' not in html
    client = Client()
    assert log_in(client, world.user(Role.DIRECTOR).username, PASSWORD)
    assert 'href="/finance/bills/' in client.get("/dashboard/").content.decode()  # the fees card: the overdue bills
