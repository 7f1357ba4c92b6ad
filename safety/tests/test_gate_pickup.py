"""Pickers and the dismissal handover: guardians manage their child's pickers, the class teacher
confirms a temporary one, the handover lists only children present, refuses unlisted and restricted
adults (recorded, teacher and director told), and children not picked up at closing time alert until
someone records what happened."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models_notify import Notification, NotificationRecipient
from campus.roles import Role
from safety import services
from safety.models import Handover, HandoverOutcome, Picker
from tests import factories

TEACHER = Role.TEACHER


@pytest.fixture
def dismissal(world, clock):
    """A school day at 16:30 with both children of 小一班 present."""
    day = clock.school_day(world.campus, at="16:30")
    factories.make_all_present([world.child, world.other_child], [day])
    return day


def test_a_guardian_adds_a_picker_with_a_checked_photo(world, client_as):
    client = client_as(world.parent.user)
    url = reverse("safety:parent_picker_add", args=[world.child.pk])
    bad = client.post(url, {"name": "刘奶奶", "relation": "奶奶", "phone": "137", "photo": factories.gate.photo("x.png")
                            .__class__("x.png", b"not an image", content_type="image/png")})
    assert bad.context["form"].errors["photo"] and not Picker.objects.exists()
    client.post(url, {"name": "刘奶奶", "relation": "奶奶", "phone": "13700000000", "photo": factories.gate.photo()})
    picker = Picker.objects.get()
    assert picker.child == world.child and not picker.temporary
    assert client.get(reverse("safety:parent_picker_photo", args=[picker.pk])).status_code == 200


def test_a_parent_cannot_touch_another_childs_pickers_or_photos(world, client_as):
    picker = factories.make_picker(world.other_child)
    client = client_as(world.parent.user)
    assert client.get(reverse("safety:parent_pickers", args=[world.other_child.pk])).status_code == 404
    assert client.get(reverse("safety:parent_picker_photo", args=[picker.pk])).status_code == 404
    assert client.post(reverse("safety:parent_picker_remove", args=[picker.pk])).status_code == 404
    picker.refresh_from_db()
    assert picker.is_active


def test_a_temporary_picker_counts_only_once_the_class_teacher_confirms(world, client_as, dismissal):
    picker = factories.make_picker(world.child, "周阿姨", relation="邻居", temporary_days=2)
    options = services.authorised_pickers([world.child.pk], dismissal)[world.child.pk]
    assert "周阿姨" not in [o.name for o in options]
    client_as(world.user(TEACHER)).post(reverse("safety:picker_confirm", args=[picker.pk]))
    options = services.authorised_pickers([world.child.pk], dismissal)[world.child.pk]
    assert "周阿姨" in [o.name for o in options]
    assert "周阿姨" not in [o.name for o in services.authorised_pickers([world.child.pk], dismissal + dt.timedelta(days=5))[world.child.pk]]


def test_staff_see_the_pickers_with_photos_and_the_roster_guardians(world, client_as):
    factories.make_picker(world.child, "刘奶奶")
    page = client_as(world.user(Role.GATEKEEPER)).get(reverse("safety:child_pickers", args=[world.child.pk])).content.decode()
    assert "刘奶奶" in page and world.parent.name in page and "/photo/" in page


def test_the_handover_lists_only_children_present(world, client_as, clock):
    day = clock.school_day(world.campus, at="16:30")
    factories.make_all_present([world.child], [day])
    factories.make_attendance(world.other_child, [day])
    page = client_as(world.user(TEACHER)).get(reverse("safety:dismissal", args=[world.classroom.pk]))
    names = [c.name for c in page.context["children"]]
    assert names == [world.child.name]


def test_a_teacher_hands_over_to_a_listed_picker(world, client_as, dismissal):
    picker = factories.make_picker(world.child, "刘奶奶")
    client_as(world.user(TEACHER)).post(reverse("safety:dismissal", args=[world.classroom.pk]),
                                        {"child": world.child.pk, "choice": f"picker:{picker.pk}", "action": "hand"})
    handover = Handover.objects.get()
    assert (handover.outcome, handover.picker, handover.released_by) == (HandoverOutcome.HANDED, picker, world.user(TEACHER))
    with pytest.raises(services.SafetyError):
        factories.make_handover(world.child, world.user(TEACHER), picker=picker)


def test_a_child_id_that_is_not_a_number_is_refused_not_a_server_error(world, client_as, dismissal):
    picker = factories.make_picker(world.child, "刘奶奶")
    client = client_as(world.user(TEACHER))
    for raw in ("0001-01-01", "\x00", "x" * 5000, "1.5", "-1", "²"):
        response = client.post(reverse("safety:dismissal", args=[world.classroom.pk]),
                                {"child": raw, "choice": f"picker:{picker.pk}", "action": "hand"})
        assert response.status_code == 404
    assert not Handover.objects.exists()


def test_a_handover_takes_a_constant_number_of_queries(world, dismissal, django_assert_num_queries):
    user = world.user(TEACHER)
    factories.make_picker(world.child, "刘奶奶")
    with django_assert_num_queries(11) as first:
        factories.make_handover(world.child, user)
    for _ in range(5):
        factories.make_picker(world.other_child)
    with django_assert_num_queries(len(first.captured_queries)):
        factories.make_handover(world.other_child, user)


def test_an_unlisted_adult_is_refused_recorded_and_the_teacher_and_director_told(world, client_as, dismissal):
    client_as(world.user(TEACHER)).post(reverse("safety:dismissal", args=[world.classroom.pk]),
                                        {"child": world.child.pk, "person_name": "陌生人", "action": "refuse"})
    refusal = Handover.objects.get()
    assert refusal.outcome == HandoverOutcome.REFUSED and refusal.person_name == "陌生人"
    notice = Notification.objects.get(kind=NoticeKind.PICKUP_REFUSED)
    told = set(NotificationRecipient.objects.filter(notification=notice).values_list("user_id", flat=True))
    assert {world.user(TEACHER).pk, world.user(Role.DIRECTOR).pk} <= told
    assert world.child in services.not_picked_up(world.campus, dismissal)


def test_a_restricted_guardian_is_refused_even_if_the_roster_lets_them(world, dismissal):
    factories.make_restricted(world.campus, world.parent.name, children=[world.child], user=world.user(Role.DIRECTOR))
    handover = factories.make_handover(world.child, world.user(TEACHER))
    assert handover.outcome == HandoverOutcome.REFUSED and handover.restricted is not None
    assert Notification.objects.filter(kind=NoticeKind.PICKUP_REFUSED).exists()


def test_a_child_absent_today_cannot_be_handed_over(world, clock):
    clock.school_day(world.campus, at="16:30")
    with pytest.raises(services.SafetyError):
        factories.make_handover(world.child, world.user(TEACHER))


def test_not_picked_up_alerts_repeat_on_one_key_until_someone_records_what_happened(world, dismissal, clock):
    factories.make_handover(world.other_child, world.user(TEACHER))
    assert services.alert_not_picked_up() == 0  # 16:30, before closing
    clock.at("17:40")
    assert services.alert_not_picked_up() == 1
    clock.at("17:50")
    services.alert_not_picked_up()
    notice = Notification.objects.get(kind=NoticeKind.NOT_PICKED_UP)
    assert "17:50" in notice.title and world.child.name in notice.body
    told = set(NotificationRecipient.objects.filter(notification=notice).values_list("user_id", flat=True))
    assert {world.user(TEACHER).pk, world.user(Role.GATEKEEPER).pk, world.user(Role.DIRECTOR).pk} <= told
    services.resolve_not_picked_up(world.child, dismissal, world.user(TEACHER), note="外婆18:30来接，老师陪同")
    clock.at("18:00")
    assert services.alert_not_picked_up() == 0
    assert not NotificationRecipient.objects.filter(notification=notice, read_at__isnull=True).exists()


def test_the_not_picked_up_list_costs_one_query(world, dismissal, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(services.not_picked_up(world.campus, dismissal)) == 2


def test_the_handover_page_and_register_cost_the_same_queries_for_more_children(world, client_as, dismissal,
                                                                                 django_assert_num_queries, no_nav):
    client = client_as(world.user(TEACHER))
    factories.make_picker(world.child)
    url = reverse("safety:dismissal", args=[world.classroom.pk])
    client.get(url)
    with django_assert_num_queries(14) as one:
        client.get(url)
    for i in range(4):
        child = factories.make_child(world.classroom, f"新生{i}")
        factories.make_all_present([child], [dismissal])
        factories.make_parent(child)
        factories.make_picker(child)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
    register = reverse("safety:handover_list")
    factories.make_handover(world.child, world.user(TEACHER))
    client.get(register)
    with django_assert_num_queries(9) as reg:
        client.get(register)
    factories.make_handover(world.other_child, world.user(TEACHER))
    with django_assert_num_queries(len(reg.captured_queries)):
        assert world.other_child.name in client.get(register).content.decode()


def test_a_teacher_cannot_hand_over_another_class(world, client_as, dismissal):
    world.neighbour()
    response = client_as(world.neighbour().user).post(reverse("safety:dismissal", args=[world.classroom.pk]),
                                                      {"child": world.child.pk, "person_name": "x", "action": "refuse"})
    assert response.status_code == 404 and not Handover.objects.exists()
    assert timezone.localdate() == dismissal


def test_the_gate_cards_show_on_site_and_not_picked_up_in_four_queries(world, dismissal, clock, django_assert_num_queries):
    from safety import dashboard

    factories.make_visitor(world, name="还在园")
    dashboard._gate_cards(world.campus, dismissal)
    for _ in range(3):
        factories.make_visitor(world)
    with django_assert_num_queries(3):
        on_site, pickup = dashboard._gate_cards(world.campus, dismissal)
    assert on_site.value == "4" and pickup.value == "2" and pickup.state == "info"
    clock.at("17:45")
    on_site, pickup = dashboard._gate_cards(world.campus, dismissal)
    assert on_site.state == "overdue" and pickup.state == "overdue"
