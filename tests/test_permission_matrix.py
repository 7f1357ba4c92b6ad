"""Every URL of the project, for every kind of user: see tests/matrix/__init__.py."""

import html
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from campus.roles import STAFF_ROLES, Role
from tests.factories import make_world
from tests.matrix import Expect, all_expectations

EXPECTATIONS = all_expectations()
DENIED = (403, 404)


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":
                continue  # Django's admin: checked in test_admin_needs_staff_flag
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}:{entry.name}" if namespace and entry.name else entry.name, entry


def project_url_names() -> list:
    return list(walk(get_resolver().url_patterns))


def test_every_url_has_an_expectation():
    declared = {expect.name for expect in EXPECTATIONS}
    unnamed = [str(pattern.pattern) for name, pattern in project_url_names() if not name]
    missing = sorted({name for name, _ in project_url_names() if name and name not in declared})
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    assert not missing, f"URLs with no permission expectation in tests/matrix/: {missing}"


def test_no_expectation_for_a_url_that_does_not_exist():
    names = {name for name, _ in project_url_names()}
    stale = sorted({expect.name for expect in EXPECTATIONS} - names)
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


def _request(client: Client, expect: Expect, url: str, world):
    data = expect.data(world) if callable(expect.data) else expect.data
    if expect.method == "post":
        return client.post(url + expect.query, data)
    return client.get(url + expect.query, data)  # a GET's data: query parameters


def _url(expect, world, kwargs_fn=None):
    fn = kwargs_fn or expect.kwargs
    return reverse(expect.name, kwargs=fn(world) if fn else None)


def _text(response) -> str:
    """The page's text; for an xlsx, the text of its sheets."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            content = b"".join(book.read(name) for name in book.namelist() if name.endswith(".xml"))
    return html.unescape(content.decode("utf-8", "replace"))


def _allowed_ok(expect, status) -> bool:
    if expect.method == "post" and expect.ok == (200,):
        return status not in (403, 404, 405)
    return status in expect.ok


@pytest.mark.django_db
@pytest.mark.parametrize("expect", EXPECTATIONS, ids=str)
def test_matrix(expect: Expect):
    world = make_world()
    if expect.setup:
        expect.setup(world)
    url = _url(expect, world)
    problems = []

    anonymous = _request(Client(), expect, url, world)
    if expect.public:
        if not _allowed_ok(expect, anonymous.status_code):
            problems.append(f"anonymous: {anonymous.status_code}, expected {expect.ok}")
    elif not (anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]):
        problems.append(f"anonymous: {anonymous.status_code}, expected a redirect to the login page")

    if not expect.public:
        for role in STAFF_ROLES:
            client = Client()
            client.force_login(world.user(role))
            response = _request(client, expect, url, world)
            status = response.status_code
            if role in expect.allow and not _allowed_ok(expect, status):
                problems.append(f"{role.value}: {status}, should be allowed")
            if role == Role.TEACHER and expect.shows_child and status == 200 and world.child.name not in _text(response):
                problems.append(f"teacher: {world.child.name} (of the teacher's class) not listed")
            if role not in expect.allow and status not in DENIED:
                problems.append(f"{role.value}: {status}, should be refused (403/404)")

        # A user of another campus holds every staff role there.
        client = Client()
        client.force_login(world.outsider.user)
        status = _request(client, expect, url, world).status_code
        outsider_allowed = bool(expect.allow) and not expect.scoped
        if outsider_allowed and not _allowed_ok(expect, status):
            problems.append(f"other campus: {status}, should be allowed (own campus only)")
        if not outsider_allowed and status not in DENIED:
            problems.append(f"other campus: {status}, should be refused (403/404)")

        # The parent of the child in question, and the parent of another child.
        client = Client()
        client.force_login(world.parent.user)
        status = _request(client, expect, url, world).status_code
        if expect.parent and not _allowed_ok(expect, status):
            problems.append(f"parent: {status}, should be allowed")
        if not expect.parent and status not in DENIED:
            problems.append(f"parent: {status}, should be refused (403/404)")
        if expect.parent and expect.other_kwargs:
            other_url = _url(expect, world, expect.other_kwargs)
            status = _request(client, expect, other_url, world).status_code
            if status not in DENIED:
                problems.append(f"parent, another child's {other_url}: {status}, should be refused (403/404)")

        client = Client()
        client.force_login(world.other_parent.user)
        status = _request(client, expect, url, world).status_code
        if expect.scoped and expect.parent and status not in DENIED:
            problems.append(f"parent of another child: {status}, should be refused (403/404)")
        if not expect.parent and status not in DENIED:
            problems.append(f"parent of another child: {status}, should be refused (403/404)")

        # The teacher of another class of the same campus: refused the records of world.child's class.
        client = Client()
        client.force_login(world.neighbour().user)
        response = _request(client, expect, url, world)
        status = response.status_code
        neighbour_allowed = Role.TEACHER in expect.allow and not expect.classes
        if neighbour_allowed and not _allowed_ok(expect, status):
            problems.append(f"teacher of another class: {status}, should be allowed")
        if not neighbour_allowed and status not in DENIED:
            problems.append(f"teacher of another class: {status}, should be refused (403/404)")
        if neighbour_allowed and expect.shows_child and status == 200 and world.child.name in _text(response):
            problems.append(f"teacher of another class: sees {world.child.name} of another class")

    assert not problems, f"{expect} ({url}):\n  " + "\n  ".join(problems)


@pytest.mark.django_db
def test_admin_needs_staff_flag(world):
    client = Client()
    client.force_login(world.user("director"))
    assert client.get("/admin/").status_code == 302  # a director without is_staff is sent to the admin login
    director = world.user("director")
    director.is_staff = True
    director.save()
    assert client.get("/admin/").status_code == 200
    client.force_login(world.parent.user)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_role_groups_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in STAFF_ROLES} <= names
    assert Group.objects.get(name="director").permissions.filter(codename="view_child").exists()
    assert not Group.objects.get(name="parent").permissions.exists()
