"""A child's page on a phone: guardians (names, phones) for the class teacher, not for the cook;
the teacher of another class does not find the child in the list."""

import pytest

from campus.roles import Role
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_guardians_on_the_child_page_only_for_who_may_see_them(page_as):
    world = make_world()
    url = f"/children/{world.child.pk}/"
    teacher = page_as(world.user(Role.TEACHER))
    teacher.goto(teacher.base_url + url)
    assert "监护人" in teacher.content() and world.parent.phone in teacher.content()
    shot(teacher, "child-detail-teacher-phone")
    cook = page_as(world.user(Role.COOK))
    cook.goto(cook.base_url + url)
    assert world.child.name in cook.content() and world.parent.phone not in cook.content()
    assert "监护人" not in cook.content()
    shot(cook, "child-detail-cook-phone")
    neighbour = page_as(world.neighbour().user)
    neighbour.goto(neighbour.base_url + "/children/")
    assert world.cache["neighbour_child"].name in neighbour.content() and world.child.name not in neighbour.content()
    shot(neighbour, "child-list-neighbour-phone")
