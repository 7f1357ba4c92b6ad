"""The duty roster (值班表): gate and holiday duty, date, people, handover notes written by the
person on duty; the register prints."""

import datetime as dt

from django.urls import reverse

from campus.roles import Role
from safety.models import DutyShift
from tests import factories


def test_the_logistics_head_rosters_and_the_gatekeeper_writes_the_handover(world, client_as, clock):
    day = clock.school_day(world.campus)
    client = client_as(world.user(Role.LOGISTICS))
    client.post(reverse("safety:duty_add"), {"kind": "holiday", "date": (day + dt.timedelta(days=3)).isoformat(),
                                              "people": [world.staff[Role.GATEKEEPER.value].pk, world.staff[Role.LOGISTICS.value].pk]})
    shift = DutyShift.objects.get()
    assert {p.name for p in shift.people.all()} == {"gatekeeper", "logistics_head"}
    twice = client.post(reverse("safety:duty_add"), {"kind": "holiday", "date": (day + dt.timedelta(days=3)).isoformat(),
                                                      "people": [world.staff[Role.GATEKEEPER.value].pk]})
    assert twice.context["form"].errors["date"] and DutyShift.objects.count() == 1
    assert client_as(world.user(Role.COOK)).post(shift.get_absolute_url(), {"handover": "x"}).status_code == 403
    client_as(world.user(Role.GATEKEEPER)).post(shift.get_absolute_url(), {"handover": "门窗已锁，监控正常。"})
    shift.refresh_from_db()
    assert (shift.handover, shift.handed_over_by) == ("门窗已锁，监控正常。", world.user(Role.GATEKEEPER))


def test_the_roster_register_keeps_its_query_count(world, client_as, django_assert_num_queries, no_nav, clock):
    day = clock.school_day(world.campus)
    factories.make_shift(world, day=day)
    client = client_as(world.user(Role.GATEKEEPER))
    url = reverse("safety:duty_list")
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    for n in range(1, 4):
        factories.make_shift(world, day=day + dt.timedelta(days=n), people=[world.staff[Role.GATEKEEPER.value],
                                                                            world.staff[Role.LOGISTICS.value]])
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 4
    assert client.get(url + "?format=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
