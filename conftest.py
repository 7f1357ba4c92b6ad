"""Fixtures shared by every app's tests: a small kindergarten world with one user per role,
a user of another campus, and two parents (each of one child)."""

import os
from dataclasses import dataclass, field

import pytest

from campus.roles import STAFF_ROLES, Role
from tests import factories

REQUIRE_SERVICES = os.environ.get("HOUQIN_REQUIRE_SERVICES") == "1"


@dataclass
class World:
    campus: object
    other_campus: object
    classroom: object
    child: object
    other_child: object
    parent: object  # Guardian of child
    other_parent: object  # Guardian of other_child (same campus, same class)
    staff: dict = field(default_factory=dict)  # role value -> StaffMember
    outsider: object = None  # a StaffMember with every staff role, on other_campus only
    other_classroom: object = None
    far_child: object = None  # a child of other_campus
    cache: dict = field(default_factory=dict)  # for matrix setups: app objects made once per world

    def user(self, role) -> object:
        return self.staff[Role(role).value].user


def build_world() -> World:
    campus = factories.make_campus("alpha", "阳光幼儿园")
    other_campus = factories.make_campus("beta", "桃源分园")
    staff = {role.value: factories.make_staff(role, campus, username=role.value) for role in STAFF_ROLES}
    classroom = factories.make_classroom(campus, "小一班", head_teacher=staff[Role.TEACHER.value])
    child = factories.make_child(classroom, "张小明")
    other_child = factories.make_child(classroom, "李小红")
    parent = factories.make_parent(child, phone="13900000001")
    other_parent = factories.make_parent(other_child, phone="13900000002")
    outsider = factories.make_staff(STAFF_ROLES, other_campus, username="outsider")
    other_classroom = factories.make_classroom(other_campus, "大二班", head_teacher=outsider)
    far_child = factories.make_child(other_classroom, "王远")
    return World(
        campus=campus, other_campus=other_campus, classroom=classroom, child=child, other_child=other_child,
        parent=parent, other_parent=other_parent, staff=staff, outsider=outsider, other_classroom=other_classroom,
        far_child=far_child,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Argon2 is deliberately slow; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_as(client):
    """``client_as(user)``: the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def require_service(name: str, reachable: bool, why: str = ""):
    """Skip on a laptop without the service; fail in CI (HOUQIN_REQUIRE_SERVICES=1)."""
    if reachable:
        return
    message = f"{name} is not reachable{': ' + why if why else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (HOUQIN_REQUIRE_SERVICES=1: this must not skip in CI)")
    pytest.skip(message)


@pytest.fixture
def postgres(db):
    """For tests that prove something only PostgreSQL can (row locks, concurrent inserts).
    CI runs the suite twice; the SQLite pass deselects them with ``-m "not postgres"``."""
    from django.db import connection

    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://...")


@pytest.fixture
def redis_url():
    """The Redis URL of this run (REDIS_URL), after checking that Redis answers."""
    url = os.environ.get("REDIS_URL", "")
    reachable = False
    if url:
        import redis

        try:
            reachable = bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        except redis.RedisError:
            reachable = False
    require_service("Redis", reachable, "set REDIS_URL=redis://127.0.0.1:6379/0")
    return url
