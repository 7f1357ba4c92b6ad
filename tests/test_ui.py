"""What each person sees around the pages: the menu by role, today's to-dos, lists limited to the
user's campus, and nothing loaded from outside the site."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.models import Attendance
from campus.roles import Role
from campus.services import record_class_attendance

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def menu(client) -> set[str]:
    page = client.get(reverse("home")).content.decode()
    nav = page[page.index('id="mainnav"'):]
    return set(re.findall(r'class="nav-link[^"]*" href="([^"]+)"', nav))


def test_the_menu_follows_the_role(world, client_as):
    director = menu(client_as(world.user(Role.DIRECTOR)))
    assert {reverse("campus:dashboard"), reverse("finance:index"), reverse("campus:child_list")} <= director
    cook = menu(client_as(world.user(Role.COOK)))
    assert reverse("kitchen:index") in cook
    assert reverse("campus:dashboard") not in cook and reverse("finance:index") not in cook
    cashier = menu(client_as(world.user(Role.CASHIER)))
    assert reverse("finance:index") in cashier and reverse("kitchen:index") not in cashier


def test_a_class_teacher_lands_on_her_classs_attendance_to_do(world, client_as):
    teacher = world.user(Role.TEACHER)
    world.classroom.head_teacher = teacher.staff
    world.classroom.save()
    client = client_as(teacher)
    page = client.get(reverse("home")).content.decode()
    url = reverse("campus:attendance_take", args=[world.classroom.pk])
    assert url in page and "尚未登记" in page
    record_class_attendance(world.classroom, timezone.localdate(), {}, teacher)
    assert Attendance.objects.filter(classroom=world.classroom).exists()
    page = client.get(reverse("home")).content.decode()
    todo = page[page.index(url):]
    assert "已登记" in todo[:400] and "尚未登记" not in todo[:400]


def test_lists_show_only_the_users_campus(world, client_as):
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("campus:child_list")).content.decode()
    assert world.child.name in page and world.far_child.name not in page
    page = client_as(world.outsider.user).get(reverse("campus:child_list")).content.decode()
    assert world.far_child.name in page and world.child.name not in page


def test_no_page_loads_anything_from_another_site():
    """Kindergarten networks are flaky: scripts, styles and fonts are served by the site itself."""
    outside = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if outside.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}")
    assert offenders == []
    css = list((ROOT / "static").rglob("*.css"))
    remote_import = re.compile(r"""@import\s+(?:url\()?\s*["']?https?://""")
    assert css and not [p for p in css if remote_import.search(p.read_text(errors="ignore"))]


def test_the_whole_menu_is_in_chinese(world, client_as):
    """Every app's menu entry is translated (the shell apps had no catalogue and showed English)."""
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("home")).content.decode()
    start = page.index('<ul class="navbar-nav me-auto">')
    nav = page[start:page.index('<ul class="navbar-nav">', start)]  # the apps' entries and headings, not the user menu
    labels = [re.sub(r"<[^>]+>", "", label).strip()
              for label in re.findall(r'class="(?:nav-link|dropdown-item|nav-group-label)[^"]*"[^>]*>(.*?)</(?:a|div)>', nav, re.S)]
    assert len(labels) > 10
    assert [label for label in labels if re.search(r"[A-Za-z]{3,}", label)] == []


def test_a_long_menu_is_grouped_by_department_and_a_short_one_stays_flat(world, client_as, monkeypatch):
    """The director opens ~35 pages: on a phone a flat list of them was 1,500 px long. They are grouped
    under department headings (drop-downs on a wide screen); a gatekeeper's few pages stay one list."""
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("home")).content.decode()
    headings = re.findall(r'<div class="nav-group-label">(.*?)</div>', page)
    assert {"园务", "食堂", "卫生保健", "财务"} <= set(headings)
    assert len(headings) == len(set(headings))
    toggles = re.findall(r'class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false">([^<]+)</a>', page)
    assert set(headings) <= set(toggles)  # the same groups as drop-downs on a wide screen
    gate = client_as(world.user(Role.GATEKEEPER)).get(reverse("home")).content.decode()
    entries = len(re.findall(r'<li><a class="nav-link', gate)) + gate.count('<li class="nav-item"><a class="nav-link')
    monkeypatch.setattr("campus.ui.FLAT_MENU_UP_TO", entries)  # a menu this short stays one list
    flat = client_as(world.user(Role.GATEKEEPER)).get(reverse("home")).content.decode()
    assert 'class="nav-group-label"' not in flat and "dropdown-toggle\" href=\"#\" role=\"button\" data-bs-toggle=\"dropdown\" aria-expanded=\"false\">园务" not in flat
    assert set(re.findall(r'class="nav-link[^"]*" href="(/[^"]+)"', flat)) == set(re.findall(r'class="nav-link[^"]*" href="(/[^"]+)"', gate))
