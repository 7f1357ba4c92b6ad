"""Training with sign-in and hours per person per term (``training_hours`` for other apps), and
children's safety lessons recorded by class teachers for their own classes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from campus.errors import ServiceError
from campus.roles import Role
from safety.models import SafetyLesson, TrainingAttendance
from safety.services import duties
from tests import factories


def test_staff_sign_in_themselves_and_the_organiser_ticks_the_rest(world, client_as, clock):
    day = clock.school_day(world.campus)
    session = factories.make_training(world, held_on=day, hours="2.0")
    assert session.get_absolute_url() in client_as(world.user(Role.COOK)).get("/").content.decode()  # a to-do
    client_as(world.user(Role.COOK)).post(reverse("safety:training_sign_in", args=[session.pk]))
    client_as(world.user(Role.LOGISTICS)).post(session.get_absolute_url(), {
        "people": [world.staff[Role.TEACHER.value].pk, world.staff[Role.GATEKEEPER.value].pk]})
    assert TrainingAttendance.objects.filter(session=session).count() == 3
    with pytest.raises(ServiceError):
        duties.sign_in(session, world.staff[Role.COOK.value], user=world.user(Role.COOK))
    with pytest.raises(ServiceError):
        duties.sign_in(session, world.outsider, user=world.user(Role.LOGISTICS))
    assert session.get_absolute_url() not in client_as(world.user(Role.COOK)).get("/").content.decode()


def test_sign_in_opens_on_the_day(world, clock):
    day = clock.school_day(world.campus)
    session = factories.make_training(world, held_on=day + dt.timedelta(days=2))
    with pytest.raises(ServiceError):
        duties.sign_in(session, world.staff[Role.COOK.value], user=world.user(Role.COOK))


def test_hours_per_person_per_term(world, client_as, clock):
    day = clock.school_day(world.campus)
    term = duties.term_on(world.campus, day)
    for hours in ("2.0", "1.5"):
        session = factories.make_training(world, held_on=day, hours=hours, title=f"培训{hours}")
        duties.sign_in(session, world.staff[Role.COOK.value], user=world.user(Role.COOK))
    hours = {staff.name: value for staff, value in duties.training_hours(world.campus, term)}
    assert hours["cook"] == Decimal("3.5") and hours["teacher"] == Decimal("0")
    page = client_as(world.user(Role.LOGISTICS)).get(reverse("safety:training_hours"))
    assert page.status_code == 200 and "3.5" in page.content.decode()
    sheet = client_as(world.user(Role.LOGISTICS)).get(reverse("safety:training_list"))
    assert len(sheet.context["rows"]) == 2


def test_a_teacher_records_safety_lessons_for_their_own_class_only(world, client_as, clock):
    day = clock.school_day(world.campus)
    neighbour = world.neighbour()
    other_room = world.cache["neighbour_classroom"]
    client = client_as(world.user(Role.TEACHER))
    refused = client.post(reverse("safety:lesson_add"), {"classroom": other_room.pk, "held_on": day.isoformat(),
                                                         "topic": "防溺水", "minutes": "20"})
    assert refused.context["form"].errors["classroom"]
    client.post(reverse("safety:lesson_add"), {"classroom": world.classroom.pk, "held_on": day.isoformat(),
                                               "topic": "防溺水", "minutes": "20"})
    lesson = SafetyLesson.objects.get()
    assert (lesson.classroom, lesson.teacher) == (world.classroom, world.user(Role.TEACHER))
    assert len(client.get(reverse("safety:lesson_list")).context["rows"]) == 1
    assert client_as(neighbour.user).get(reverse("safety:lesson_list")).context["rows"] == []
