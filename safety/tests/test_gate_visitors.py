"""Visitors at the gate: registration in seconds with a checked ID number, pre-registration and the
one-tap arrival, masking, the do-not-admit list, closing-time alerts and the retention purge."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models_notify import Notification, NotificationRecipient
from campus.roles import Role
from safety import services
from safety.models import Visitor
from tests import factories

GATE = Role.GATEKEEPER


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", factories.resident_id("44030419900101123")])
def test_a_valid_resident_id_is_accepted_upper_cased(number):
    assert services.validate_resident_id(number) == number.upper()


@pytest.mark.parametrize("number", ["110105194912310021", "11010519491331002X", "1101051949123100", "11010519491231002Y"])
def test_a_wrong_resident_id_is_refused_on_its_field(number):
    with pytest.raises(services.SafetyError) as info:
        services.validate_resident_id(number)
    assert "id_number" in info.value.message_dict


def test_the_gate_registers_a_visitor_and_signs_them_out(world, client_as, clock):
    clock.at("10:00")
    client = client_as(world.user(GATE))
    response = client.post(reverse("safety:visitor_add"), {
        "name": "王师傅", "id_number": "11010519491231002X", "phone": "13812345678", "reason": "送货", "people": "2",
        "plate": "粤A12345", "badge": "07"})
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert visitor.on_site and visitor.people == 2 and visitor.created_by == world.user(GATE)
    page = client.get(reverse("safety:index")).content.decode()
    assert "王师傅" in page and "11010519491231002X" not in page
    client.post(reverse("safety:visitor_sign_out", args=[visitor.pk]))
    visitor.refresh_from_db()
    assert visitor.left_at is not None and not visitor.on_site


def test_a_bad_id_number_is_shown_next_to_the_field_and_nothing_saved(world, client_as):
    response = client_as(world.user(GATE)).post(reverse("safety:visitor_add"), {
        "name": "王师傅", "id_number": "110105194912310021", "reason": "送货", "people": "1"})
    assert response.context["form"].errors["id_number"] and not Visitor.objects.exists()


def test_id_numbers_are_masked_except_for_the_director(world, client_as):
    visitor = factories.make_visitor(world)
    url = reverse("safety:visitor_detail", args=[visitor.pk])
    gate_page = client_as(world.user(GATE)).get(url).content.decode()
    assert "110105********002X" in gate_page and "11010519491231002X" not in gate_page
    director_page = client_as(world.user(Role.DIRECTOR)).get(url).content.decode()
    assert "11010519491231002X" in director_page


def test_the_register_and_its_export_mask_id_numbers_for_everyone(world, client_as):
    factories.make_visitor(world)
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get(reverse("safety:visitor_list")).content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page and "138****5678" in page
    xlsx = client.get(reverse("safety:visitor_list") + "?format=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook
    cells = {str(c.value) for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows() for c in row}
    assert "110105********002X" in cells and "11010519491231002X" not in cells


def test_the_visitor_register_costs_the_same_queries_for_one_row_and_many(world, client_as, django_assert_num_queries, no_nav):
    factories.make_visitor(world)
    client = client_as(world.user(Role.DIRECTOR))
    client.get(reverse("safety:visitor_list"))
    with django_assert_num_queries(7) as one:
        client.get(reverse("safety:visitor_list"))
    for i in range(5):
        factories.make_visitor(world, name=f"访客{i}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("safety:visitor_list"))


def test_staff_pre_register_and_the_gate_admits_with_one_tap(world, client_as, clock):
    clock.at("08:00")
    cook = world.user(Role.COOK)
    response = client_as(cook).post(reverse("safety:visitor_expect"), {
        "expected_on": timezone.localdate().isoformat(), "name": "李检查", "reason": "检查", "people": "1", "host": cook.pk})
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert visitor.arrived_at is None and visitor.host == cook
    gate = client_as(world.user(GATE))
    assert "李检查" in gate.get(reverse("safety:index")).content.decode()
    gate.post(reverse("safety:visitor_admit", args=[visitor.pk]))
    visitor.refresh_from_db()
    assert visitor.on_site
    client_as(cook).post(reverse("safety:visitor_confirm", args=[visitor.pk]))
    visitor.refresh_from_db()
    assert visitor.host_confirmed_at is not None


def test_only_the_host_confirms(world):
    visitor = factories.make_visitor(world, host=world.user(Role.COOK))
    with pytest.raises(services.SafetyError):
        services.confirm_visit(visitor, world.user(Role.DIRECTOR))


def test_a_restricted_person_is_refused_recorded_and_the_director_told(world, client_as):
    factories.make_restricted(world.campus, "赵禁止", id_number="11010519491231002X", user=world.user(Role.DIRECTOR))
    response = client_as(world.user(GATE)).post(reverse("safety:visitor_add"), {
        "name": "赵某", "id_number": "11010519491231002X", "reason": "看孩子", "people": "1"})
    visitor = Visitor.objects.get()
    assert response.status_code == 302 and visitor.refused is not None and not visitor.on_site
    notice = Notification.objects.get(kind=NoticeKind.PICKUP_REFUSED)
    told = set(NotificationRecipient.objects.filter(notification=notice).values_list("user_id", flat=True))
    assert {world.user(Role.DIRECTOR).pk, world.user(GATE).pk} <= told


def test_an_expired_entry_does_not_refuse(world, clock):
    entry = factories.make_restricted(world.campus, "赵禁止")
    entry.valid_until = timezone.localdate() - dt.timedelta(days=1)
    entry.save()
    assert factories.make_visitor(world, name="赵禁止", id_number="").on_site


def test_visitors_on_site_at_closing_alert_once_the_gate_and_the_director(world, clock):
    clock.at("10:00")
    factories.make_visitor(world, name="还在园")
    factories.make_visitor(world, name="已离开", left=True)
    assert services.alert_visitors_on_site() == 0  # before closing
    clock.at("17:40")
    assert services.alert_visitors_on_site() == 1
    services.alert_visitors_on_site()
    notice = Notification.objects.get(kind=NoticeKind.VISITORS_ON_SITE)
    assert "还在园" in notice.body and "已离开" not in notice.body
    told = set(NotificationRecipient.objects.filter(notification=notice).values_list("user_id", flat=True))
    assert told == {world.user(GATE).pk, world.user(Role.DIRECTOR).pk}


def test_personal_data_is_erased_after_the_retention_period_and_the_counts_stay(world, clock):
    clock.at(timezone.localdate() - dt.timedelta(days=200))
    old = factories.make_visitor(world, name="旧访客", plate="粤A1", people=3, left=True)
    clock.at(timezone.localdate() + dt.timedelta(days=200))
    recent = factories.make_visitor(world, name="新访客")
    assert services.purge_visitors() == 1
    assert services.purge_visitors() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.id_number, old.phone, old.plate, old.people) == ("", "", "", "", 3) and old.purged_at
    assert recent.name == "新访客"
    assert Visitor.objects.count() == 2


def test_the_director_keeps_the_list_and_the_gate_sees_it_masked(world, client_as):
    director = client_as(world.user(Role.DIRECTOR))
    response = director.post(reverse("safety:restricted_add"), {
        "name": "赵禁止", "id_number": "11010519491231002X", "reason": "法院裁定", "children": [world.child.pk],
        "is_active": "on", "photo": factories.gate.photo()})
    assert response.status_code == 302
    entry = services.find_restricted(world.campus, name="赵禁止", day=timezone.localdate(), child=world.child)
    assert entry is not None and list(entry.children.all()) == [world.child]
    page = client_as(world.user(GATE)).get(reverse("safety:restricted_list")).content.decode()
    assert "赵禁止" in page and "110105********002X" in page and "11010519491231002X" not in page
    assert client_as(world.user(GATE)).get(reverse("safety:restricted_photo", args=[entry.pk])).status_code == 200


def test_the_childs_page_links_to_the_pickers_for_the_gate_not_for_the_cook(world, client_as):
    url = reverse("campus:child_detail", args=[world.child.pk])
    pickers = reverse("safety:child_pickers", args=[world.child.pk])
    assert pickers in client_as(world.user(GATE)).get(url).content.decode()
    assert pickers not in client_as(world.user(Role.COOK)).get(url).content.decode()
