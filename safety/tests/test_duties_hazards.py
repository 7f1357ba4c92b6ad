"""Hazards: anyone on staff reports one with a photo and a place; the kind names its owner (a campus
setting), the level its deadline; the owner rectifies with an after photo; another person verifies."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campus import services_staff
from campus.choices import NoticeKind
from campus.errors import ServiceError
from campus.models_notify import Notification
from campus.roles import Role
from safety.models import Hazard, HazardStatus, SafetySettings
from safety.services import duties
from tests import factories


def test_a_cook_reports_a_hazard_with_a_photo_and_its_owner_is_told(world, client_as, clock):
    clock.school_day(world.campus)
    place = factories.make_place(world.campus, "厨房")
    response = client_as(world.user(Role.COOK)).post(reverse("safety:hazard_add"), {
        "place": place.pk, "kind": "food", "level": "serious", "description": "消毒柜门封条老化",
        "photo": factories.make_photo()})
    hazard = Hazard.objects.get()
    assert response.url == hazard.get_absolute_url()
    rules = SafetySettings.for_campus(world.campus)
    assert hazard.due_on == timezone.localdate(hazard.reported_at) + dt.timedelta(days=rules.hazard_days_serious)
    # no one named for food hazards: the campus's one cook owns it (its post by default)
    assert (hazard.owner, hazard.owner_role, hazard.reported_by) == (world.user(Role.COOK), Role.COOK.value, world.user(Role.COOK))
    assert hazard.photo
    notice = Notification.objects.get(kind=NoticeKind.HAZARD)
    assert world.user(Role.COOK).pk in set(notice.recipients.values_list("user", flat=True))


def test_the_settings_name_the_owner_of_a_kind(world, clock):
    clock.school_day(world.campus)
    SafetySettings.objects.filter(campus=world.campus).delete()
    rules = SafetySettings.for_campus(world.campus)
    rules.hazard_owner_fire = world.user(Role.ASSETS)
    rules.save()
    hazard = factories.make_hazard(world, kind="fire", level="major")
    assert hazard.owner == world.user(Role.ASSETS)
    assert (hazard.due_on - timezone.localdate(hazard.reported_at)).days == rules.hazard_days_major
    assert duties.may_rectify(world.user(Role.ASSETS), hazard) and not duties.may_rectify(world.user(Role.COOK), hazard)
    recipients = Notification.objects.get(kind=NoticeKind.HAZARD).recipients.values_list("user", flat=True)
    assert list(recipients) == [world.user(Role.ASSETS).pk]


def test_a_place_of_another_campus_is_refused(world, clock):
    with pytest.raises(ServiceError) as info:
        factories.make_hazard(world, place=factories.make_place(world.other_campus, "别园厨房"))
    assert "place" in info.value.message_dict and not Hazard.objects.exists()


def test_the_owner_rectifies_with_an_after_photo_and_another_person_verifies(world, client_as, clock):
    clock.school_day(world.campus)
    hazard = factories.make_hazard(world, kind="facilities")  # the logistics head's by default
    client = client_as(world.user(Role.LOGISTICS))
    refused = client.post(reverse("safety:hazard_rectify", args=[hazard.pk]), {"rectification": "已拧紧"})
    assert refused.context["form"].errors["after_photo"]
    client.post(reverse("safety:hazard_rectify", args=[hazard.pk]), {"rectification": "已拧紧", "after_photo": factories.make_photo()})
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED and hazard.rectified_by == world.user(Role.LOGISTICS) and hazard.after_photo
    # the one who rectified may not verify it
    own = client.post(reverse("safety:hazard_verify", args=[hazard.pk]), {"accepted": "1"})
    assert own.status_code == 200 and own.context["form"].non_field_errors()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED
    client_as(world.user(Role.DIRECTOR)).post(reverse("safety:hazard_verify", args=[hazard.pk]), {"accepted": "1", "note": "已查看"})
    hazard.refresh_from_db()
    assert (hazard.status, hazard.verified_by) == (HazardStatus.VERIFIED, world.user(Role.DIRECTOR))


def test_a_verifier_sends_a_poor_rectification_back_with_a_reason(world, clock):
    clock.school_day(world.campus)
    hazard = factories.make_rectified_hazard(world)
    with pytest.raises(ServiceError):
        duties.verify_hazard(hazard, user=world.user(Role.DIRECTOR), accepted=False, note="")
    hazard = duties.verify_hazard(hazard, user=world.user(Role.DIRECTOR), accepted=False, note="螺丝仍松动")
    assert (hazard.status, hazard.rectified_by, hazard.verify_note) == (HazardStatus.OPEN, None, "螺丝仍松动")


def test_someone_else_may_not_rectify(world, client_as, clock):
    clock.school_day(world.campus)
    hazard = factories.make_hazard(world, kind="facilities")
    assert client_as(world.user(Role.CASHIER)).get(reverse("safety:hazard_rectify", args=[hazard.pk])).status_code == 403
    with pytest.raises(ServiceError):
        duties.rectify_hazard(hazard, user=world.user(Role.CASHIER), rectification="x", after_photo=factories.make_photo())


def test_an_overdue_hazard_shows_on_the_dashboard_and_alerts_once(world, client_as, clock):
    day = clock.school_day(world.campus)
    hazard = factories.make_hazard(world, kind="fire", level="major")
    late = hazard.due_on + dt.timedelta(days=1)
    assert duties.send_hazard_overdue(day) == 0
    assert duties.send_hazard_overdue(late) == 1
    duties.send_hazard_overdue(late + dt.timedelta(days=1))
    assert Notification.objects.filter(kind=NoticeKind.HAZARD, key=f"hazard-{hazard.pk}-overdue").count() == 1
    clock.at(late)
    response = client_as(world.user(Role.DIRECTOR)).get(reverse("campus:dashboard"))
    card = next(c for c in response.context["cards"] if c.key == "safety.hazards")
    assert card.state == "overdue" and card.value == "1"
    home = client_as(world.user(Role.LOGISTICS)).get("/").content.decode()
    assert hazard.get_absolute_url() in home


def test_the_hazard_register_prints_and_keeps_its_query_count(world, client_as, django_assert_num_queries, no_nav, clock):
    clock.school_day(world.campus)
    factories.make_hazard(world)
    client = client_as(world.user(Role.DIRECTOR))
    url = reverse("safety:hazard_list")
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    factories.make_rectified_hazard(world, description="秋千链条磨损")
    factories.make_hazard(world, kind="fire", description="出口灯不亮")
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == 3
    assert client.get(url + "?format=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url + "?format=pdf").content.startswith(b"%PDF")


QUERIES = 7


def test_a_report_without_a_photo_is_refused_next_to_the_photo(world, client_as, clock):
    clock.school_day(world.campus)
    place = factories.make_place(world.campus, "楼梯间")
    response = client_as(world.user(Role.TEACHER)).post(reverse("safety:hazard_add"), {
        "place": place.pk, "kind": "facilities", "level": "general", "description": "扶手松动"})
    assert response.context["form"].errors["photo"] and not Hazard.objects.exists()


def test_with_no_one_named_the_posts_one_holder_at_the_campus_owns_the_hazard(world, clock):
    """The campus's logistics head for facilities, its health teacher for hygiene (the seed plans'
    posts); the other campus's holders (``world.outsider`` holds every post there) never count."""
    clock.school_day(world.campus)
    facilities = factories.make_hazard(world, kind="facilities")
    hygiene = factories.make_hazard(world, kind="health", description="洗手间地面湿滑")
    assert (facilities.owner, facilities.owner_role) == (world.user(Role.LOGISTICS), Role.LOGISTICS.value)
    assert (hygiene.owner, hygiene.owner_role) == (world.user(Role.HEALTH), Role.HEALTH.value)
    assert duties.may_rectify(world.user(Role.HEALTH), hygiene) and not duties.may_rectify(world.user(Role.COOK), hygiene)
    recipients = Notification.objects.get(key=f"hazard-{hygiene.pk}").recipients.values_list("user", flat=True)
    assert list(recipients) == [world.user(Role.HEALTH).pk]


def test_a_post_with_several_holders_owns_the_hazard_as_a_post(world, clock):
    clock.school_day(world.campus)
    second_cook = factories.make_staff(Role.COOK, world.campus, username="cook_two", name="钱师傅").user
    hazard = factories.make_hazard(world, kind="food", description="冷库门关不严")
    assert (hazard.owner, hazard.owner_role) == (None, Role.COOK.value)
    assert duties.may_rectify(second_cook, hazard) and duties.may_rectify(world.user(Role.COOK), hazard)
    recipients = set(Notification.objects.get(key=f"hazard-{hazard.pk}").recipients.values_list("user", flat=True))
    assert recipients == {second_cook.pk, world.user(Role.COOK).pk}


def test_the_post_is_a_campus_setting_and_a_named_person_who_left_falls_back_to_it(world, client_as, clock):
    clock.school_day(world.campus)
    rules = SafetySettings.for_campus(world.campus)
    rules.hazard_post_facilities = Role.ASSETS.value  # this campus: the asset manager sees to furniture and toys
    rules.hazard_owner_fire = world.user(Role.GATEKEEPER)
    rules.save()
    assert factories.make_hazard(world, kind="facilities").owner == world.user(Role.ASSETS)
    assert factories.make_hazard(world, kind="fire", description="灭火器过期").owner == world.user(Role.GATEKEEPER)
    services_staff.staff_leaves(world.staff[Role.GATEKEEPER.value], timezone.localdate(), world.user(Role.DIRECTOR))
    later = factories.make_hazard(world, kind="fire", description="安全出口指示灯不亮")
    assert (later.owner, later.owner_role) == (world.user(Role.LOGISTICS), Role.LOGISTICS.value)
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("safety:settings"))
    assert {"hazard_post_facilities", "hazard_owner_facilities", "hazard_post_fire"} <= set(page.context["form"].fields)
    register = client_as(world.user(Role.DIRECTOR)).get(reverse("safety:hazard_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"{world.staff[Role.LOGISTICS.value].name}（后勤主任）" in register.content.decode()
