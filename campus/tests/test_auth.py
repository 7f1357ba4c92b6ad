import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_page_needs_a_login_except_login_and_healthz(world):
    client = Client()
    response = client.get(reverse("campus:child_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(reverse("login")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_login_with_password_lands_on_today(world):
    user = world.user("cook")
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-123456!"}, follow=True)
    assert response.status_code == 200
    assert "今天" in response.content.decode()


def test_parent_lands_on_their_children(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "13900000001", "password": "pw-123456!"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("campus:parent_home")
    page = response.content.decode()
    assert world.child.name in page and world.other_child.name not in page


def test_failed_logins_are_throttled_per_username(world, settings, clock):
    import datetime as dt

    settings.LOGIN_FAILURE_LIMIT = 3
    user = world.user("cashier")
    client = Client()
    for _ in range(2):
        assert client.post(reverse("login"), {"username": user.username, "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": user.username, "password": "wrong"}).status_code == 429
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-123456!"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    clock.move(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 60))  # the window passes
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-123456!"})
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2_in_production():
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_cookies_are_secure(monkeypatch):
    import importlib

    import config.settings as module

    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    try:
        reloaded = importlib.reload(module)
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE and reloaded.SECURE_HSTS_SECONDS > 0
    finally:
        monkeypatch.delenv("DEBUG")
        monkeypatch.delenv("SECRET_KEY")
        importlib.reload(module)


def test_healthz_reports_database_and_broker(client):
    data = client.get("/healthz").json()
    assert data == {"database": True, "broker": True, "status": "ok"}


def test_healthz_says_503_when_the_broker_is_down(client, monkeypatch):
    from kombu import Connection

    from config.celery import app

    # A broker nobody listens on (port 1 on this machine).
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] is False and response.json()["database"] is True


def test_password_change(world):
    client = Client()
    client.force_login(world.user("gatekeeper"))
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-123456!", "new_password1": "Yuan-2026-safe", "new_password2": "Yuan-2026-safe"},
    )
    assert response.status_code == 302
    world.user("gatekeeper").refresh_from_db()
    assert world.user("gatekeeper").check_password("Yuan-2026-safe")


def test_user_without_campus_is_told_so():
    staff = factories.make_staff("teacher", [])
    client = Client()
    client.force_login(staff.user)
    response = client.get("/")
    assert response.status_code == 403
    assert "还没有分配园区" in response.content.decode()
