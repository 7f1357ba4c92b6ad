"""Drills: recorded on a phone with classes, evacuation time, problems and checked photos; each
problem becomes a hazard in one tap; a quarter without its drills shows before it ends and alerts."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.choices import NoticeKind
from campus.models_notify import Notification
from campus.roles import Role
from safety.models import Drill, Hazard, HazardOrigin, SafetySettings
from safety.services import duties
from tests import factories


def test_the_logistics_head_records_a_drill_with_problems_and_photos(world, client_as, clock):
    day = clock.school_day(world.campus)
    response = client_as(world.user(Role.LOGISTICS)).post(reverse("safety:drill_add"), {
        "kind": "earthquake", "held_on": day.isoformat(), "participants": "96", "classrooms": [world.classroom.pk],
        "evacuation_minutes": "1", "evacuation_secs": "45", "problems": "二楼楼梯口拥挤\n\n广播听不清",
        "photos": [factories.make_photo("a.png"), factories.make_photo("b.png")],
    })
    drill = Drill.objects.get()
    assert response.status_code == 302 and response.url == drill.get_absolute_url()
    assert (drill.kind, drill.participants, drill.evacuation_seconds, drill.evacuation_label) == ("earthquake", 96, 105, "1:45")
    assert [p.text for p in drill.problems.all()] == ["二楼楼梯口拥挤", "广播听不清"]
    assert drill.photos.count() == 2 and list(drill.classrooms.all()) == [world.classroom]
    page = client_as(world.user(Role.LOGISTICS)).get(drill.get_absolute_url()).content.decode()
    assert "二楼楼梯口拥挤" in page and "1:45" in page


def test_a_drill_photo_that_is_not_a_picture_is_refused(world, client_as, clock):
    day = clock.school_day(world.campus)
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client_as(world.user(Role.LOGISTICS)).post(reverse("safety:drill_add"), {
        "kind": "fire", "held_on": day.isoformat(), "participants": "50", "photos": [fake]})
    assert response.status_code == 200 and response.context["form"].errors["photos"]
    assert not Drill.objects.exists()


def test_a_drill_in_the_future_is_refused_next_to_the_date(world, client_as, clock):
    day = clock.school_day(world.campus)
    response = client_as(world.user(Role.LOGISTICS)).post(reverse("safety:drill_add"), {
        "kind": "fire", "held_on": (day + dt.timedelta(days=3)).isoformat(), "participants": "50"})
    assert response.context["form"].errors["held_on"] and not Drill.objects.exists()


def test_a_problem_becomes_a_hazard_in_one_tap_once(world, client_as, clock):
    clock.school_day(world.campus)
    drill = factories.make_drill(world)
    problem = drill.problems.get()
    place = factories.make_place(world.campus, "楼梯间")
    client = client_as(world.user(Role.LOGISTICS))
    data = {f"p{problem.pk}-place": place.pk, f"p{problem.pk}-kind": "fire", f"p{problem.pk}-level": "serious"}
    response = client.post(reverse("safety:problem_hazard", args=[problem.pk]), data)
    hazard = Hazard.objects.get()
    assert response.url == hazard.get_absolute_url()
    assert (hazard.origin, hazard.place, hazard.level) == (HazardOrigin.DRILL, place, "serious")
    assert "楼梯口拥挤" in hazard.description
    client.post(reverse("safety:problem_hazard", args=[problem.pk]), data)  # a second tap opens nothing more
    assert Hazard.objects.count() == 1


def test_a_quarter_without_a_drill_shows_before_it_ends_and_alerts_once(world, client_as, clock):
    clock.at(dt.date(2026, 12, 15))
    status = duties.quarter_drills(world.campus, dt.date(2026, 12, 15))
    assert (status.first, status.last, status.done, status.required, status.due_soon) == (
        dt.date(2026, 10, 1), dt.date(2026, 12, 31), 0, 1, True)
    assert duties.send_drill_due(dt.date(2026, 12, 15)) == 2  # both campuses of the world
    duties.send_drill_due(dt.date(2026, 12, 16))
    notice = Notification.objects.get(kind=NoticeKind.DRILL_DUE, campus=world.campus)
    assert set(notice.recipients.values_list("user", flat=True)) == {world.user(Role.LOGISTICS).pk, world.user(Role.DIRECTOR).pk}
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("campus:dashboard")).content.decode()
    assert "本季度演练" in page and "0/1" in page
    factories.make_drill(world, held_on=dt.date(2026, 12, 14), problems=())
    assert not duties.quarter_drills(world.campus, dt.date(2026, 12, 15)).missing
    assert duties.send_drill_due(dt.date(2026, 12, 20)) == 1  # the other campus only


def test_early_in_the_quarter_nothing_is_due_yet(world, clock):
    clock.at(dt.date(2026, 10, 10))
    assert not duties.quarter_drills(world.campus, dt.date(2026, 10, 10)).due_soon
    assert duties.send_drill_due(dt.date(2026, 10, 10)) == 0


def test_the_warning_window_is_the_campuses_setting_on_the_settings_page(world, client_as, clock):
    """Six weeks before the quarter ends: not yet due by the default 21 days, due once a campus asks
    for 45 on its safety settings page; the alert follows the same number."""
    day = dt.date(2026, 11, 20)  # 41 days before 2026-12-31
    clock.at(day)
    assert SafetySettings.for_campus(world.campus).drill_warning_days == 21
    assert not duties.quarter_drills(world.campus, day).due_soon and duties.send_drill_due(day) == 0
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get(reverse("safety:settings"))
    form = page.context["form"]
    assert "drill_warning_days" in form.fields and "中小学幼儿园应急疏散演练指南" in str(form.fields["drill_warning_days"].help_text)
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data.update({"closing_time": "17:30", "drill_warning_days": "45"})
    assert client.post(reverse("safety:settings"), data).status_code == 302
    campus = type(world.campus).objects.get(pk=world.campus.pk)  # a fresh object: for_campus keeps the row on it
    assert SafetySettings.for_campus(campus).drill_warning_days == 45
    assert duties.quarter_drills(campus, day).due_soon
    assert duties.send_drill_due(day) == 1  # this campus only: the other keeps 21 days
