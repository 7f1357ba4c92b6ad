"""The duties' registers print (xlsx and A4) and cost the same queries for one row or several:
演练记录, 培训签到表 (the 隐患排查整改台账, 安全责任书签订情况 and 值班表 have their own tests)."""

import datetime as dt

import pytest
from django.urls import reverse

from campus.roles import Role
from safety.services import duties
from tests import factories


@pytest.mark.parametrize(("name", "queries"), [("safety:drill_list", 12), ("safety:training_list", 8)])
def test_a_register_prints_and_keeps_its_query_count(world, client_as, django_assert_num_queries, no_nav, clock, name, queries):
    day = clock.school_day(world.campus)
    head = world.user(Role.LOGISTICS)

    def add(n):
        factories.make_drill(world, held_on=day - dt.timedelta(days=n), problems=("拥挤", "广播小"),
                             photos=[factories.make_photo()])
        session = factories.make_training(world, held_on=day - dt.timedelta(days=n), title=f"培训{n}")
        for role in (Role.COOK, Role.TEACHER):
            duties.sign_in(session, world.staff[role.value], user=head)

    add(1)
    client = client_as(head)
    url = reverse(name)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    add(2)
    add(3)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.context["rows"]) == (3 if name == "safety:drill_list" else 6)
    assert client.get(url + "?format=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url + "?format=pdf").content.startswith(b"%PDF")
