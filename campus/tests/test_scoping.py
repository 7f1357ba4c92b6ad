import pytest
from django.http import Http404
from django.test import RequestFactory

from campus.middleware import set_campus_context
from campus.models import Child, Classroom
from campus.scoping import (
    campuses_for,
    get_child_for_user,
    get_scoped_object_or_404,
    in_current_campus,
    scoped,
)
from tests import factories

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    set_campus_context(request)
    return request


def test_staff_see_their_campuses_only(world):
    assert list(campuses_for(world.user("cook"))) == [world.campus]
    assert list(campuses_for(world.outsider.user)) == [world.other_campus]


def test_group_director_sees_every_campus(world):
    group = factories.make_staff("director", [world.campus], sees_all=True)
    assert set(campuses_for(group.user)) == {world.campus, world.other_campus}


def test_scoped_loaders_refuse_objects_of_another_campus(world):
    request = request_for(world.user("director"))
    assert get_scoped_object_or_404(request, Classroom, pk=world.classroom.pk) == world.classroom
    with pytest.raises(Http404):
        get_scoped_object_or_404(request, Classroom, pk=world.other_classroom.pk)
    assert set(scoped(request, Child)) == {world.child, world.other_child}
    assert world.far_child not in in_current_campus(request, Child)


def test_current_campus_follows_the_session_within_the_allowed(world):
    group = factories.make_staff("director", [world.campus], sees_all=True)
    request = RequestFactory().get("/")
    request.user = group.user
    request.session = {"houqin_campus_id": world.other_campus.pk}
    set_campus_context(request)
    assert request.campus == world.other_campus
    request = RequestFactory().get("/")
    request.user = world.user("cook")
    request.session = {"houqin_campus_id": world.other_campus.pk}  # not theirs: ignored
    set_campus_context(request)
    assert request.campus == world.campus


def test_a_parent_reaches_only_their_own_child(world):
    request = request_for(world.parent.user)
    assert get_child_for_user(request, world.child.pk) == world.child
    with pytest.raises(Http404):
        get_child_for_user(request, world.other_child.pk)
    with pytest.raises(Http404):
        get_child_for_user(request, world.far_child.pk)


def test_switching_campus_is_limited_to_the_allowed(world, client_as):
    client = client_as(world.user("cashier"))
    assert client.post("/campus/switch/", {"campus": world.other_campus.pk}).status_code == 404
    assert client.post("/campus/switch/", {"campus": world.campus.pk, "next": "https://evil.example/"})["Location"] == "/"
