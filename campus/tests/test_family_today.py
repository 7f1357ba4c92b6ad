"""The parent's home: each child's day on top, then the pages (issue 16: the portal said nothing about today)."""

import pytest
from django.urls import reverse

from campus.models import Guardianship
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_parents_home_says_how_each_child_is_today_in_one_query_for_all(world, clock, client_as, django_assert_num_queries):
    day = clock.school_day(world.campus, at="10:00")
    client = client_as(world.parent.user)
    page = client.get(reverse("campus:parent_home")).content.decode()
    assert "今天" in page and "尚未记录" in page  # nothing recorded yet: it says so, it claims nothing
    assert world.other_child.name not in page  # only their own children

    factories.make_leave_request(world.child, first_day=day)
    page = client.get(reverse("campus:parent_home")).content.decode()
    assert "病假" in page and "尚未记录" not in page  # the leave asked for shows before the register does

    factories.make_all_present([world.child], [day])
    client.get(reverse("campus:parent_home"))
    with django_assert_num_queries(6):
        page = client.get(reverse("campus:parent_home")).content.decode()
    assert "出勤" in page or "在园" in page
    sibling = factories.make_child(world.child.classroom, name="张小红")
    Guardianship.objects.create(guardian=world.parent, child=sibling, relation=world.parent.guardianships.first().relation)
    with django_assert_num_queries(6):  # the same for two children: their day comes with them
        page = client.get(reverse("campus:parent_home")).content.decode()
    assert "张小红" in page
    assert f'class="btn btn-success" href="{reverse("campus:parent_today", args=[world.child.pk])}"' in page
