"""Issue 9, logins and sessions: the lockout (django-axes) per username and address, the client
address behind a proxy, parallel attempts, the admin login, Redis down, idle sessions, and
Chinese password messages."""

import datetime as dt
import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456!"
LOGIN = "/accounts/login/"


def attempt(client, username, password="wrong-password", path=LOGIN):
    return client.post(path, {"username": username, "password": password})


def from_address(address, **headers):
    return Client(REMOTE_ADDR=address, **headers)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 10
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
    settings.LOGIN_FAILURE_WINDOW = 15 * 60
    settings.TRUSTED_PROXY_COUNT = 0


def test_five_failures_lock_that_username_from_that_address_in_chinese(world):
    attacker = from_address("203.0.113.7")
    for _ in range(4):
        assert attempt(attacker, "cashier").status_code == 200
    response = attempt(attacker, "cashier")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多，请 15 分钟后再试。" in page and "登录已暂停" in page
    assert 'class="navbar' in page  # the site's own page, not axes' bare text
    # The right password does not get through during the lockout either.
    assert attempt(attacker, "cashier", PASSWORD).status_code == 429
    assert "_auth_user_id" not in attacker.session


def test_failures_for_other_names_do_not_lock_colleagues_on_the_same_wifi(world):
    """The old throttle locked every user behind an address after five failures for any names."""
    wifi = "198.51.100.20"
    someone = from_address(wifi)
    for name in ["teacher", "cook", "nurse1", "zhang", "li", "wang"]:
        attempt(someone, name)
    colleague = from_address(wifi)
    assert attempt(colleague, "cashier", PASSWORD).status_code == 302


def test_spraying_usernames_from_one_address_stops_even_with_logins_in_between(world):
    """16 usernames were sprayed without a pause: a successful login cleared the address counter.
    Here the attacker's own account logs in after every three guesses, and the address still stops."""
    attacker = from_address("203.0.113.66")
    names = [f"user{n}" for n in range(30)]
    refused_at = None
    for index, name in enumerate(names, start=1):
        if index % 3 == 0:
            own = from_address("203.0.113.66")
            assert attempt(own, "cook", PASSWORD).status_code == 302
        if attempt(attacker, name).status_code == 429:
            refused_at = index
            break
    assert refused_at == 20  # LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert attempt(attacker, "someone-else").status_code == 429
    # Another address is not affected.
    assert attempt(from_address("192.0.2.1"), "cashier", PASSWORD).status_code == 302


def test_one_username_guessed_from_many_addresses_locks_the_username(world):
    for n in range(10):
        response = attempt(from_address(f"192.0.2.{n + 10}"), "director")
    assert response.status_code == 429
    assert attempt(from_address("192.0.2.200"), "director", PASSWORD).status_code == 429


def test_a_success_does_not_reset_another_usernames_counter(world):
    address = "203.0.113.9"
    for _ in range(4):
        attempt(from_address(address), "cashier")
    assert attempt(from_address(address), "cook", PASSWORD).status_code == 302
    assert attempt(from_address(address), "cashier").status_code == 429


def test_a_success_forgives_only_the_users_own_failures_from_that_address(world):
    phone = from_address("203.0.113.10")
    for _ in range(4):
        attempt(phone, "cashier")
    assert attempt(phone, "cashier", PASSWORD).status_code == 302
    for _ in range(4):
        assert attempt(from_address("203.0.113.10"), "cashier").status_code == 200


def test_the_lockout_ends_after_the_window(world, clock):
    attacker = from_address("203.0.113.11")
    for _ in range(5):
        attempt(attacker, "cashier")
    assert attempt(attacker, "cashier", PASSWORD).status_code == 429
    clock.move(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16))
    assert attempt(attacker, "cashier", PASSWORD).status_code == 302


def test_admin_login_is_limited_too(world):
    attacker = from_address("203.0.113.12")
    admin_login = reverse("admin:login")
    for _ in range(4):
        assert attempt(attacker, "director", path=admin_login).status_code == 200
    response = attempt(attacker, "director", path=admin_login)
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    # ... and the same counter holds on the site's own login.
    assert attempt(attacker, "director", PASSWORD).status_code == 429


# --- the client address behind a proxy ------------------------------------------------------------

PROXY = "172.18.0.5"


def test_forwarded_for_is_ignored_without_the_proxy_setting(world):
    """Directly exposed, a client that changes X-Forwarded-For on every try is still one address."""
    for n in range(5):
        response = attempt(from_address("203.0.113.13", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), "cashier")
    assert response.status_code == 429


def test_behind_the_proxy_each_client_is_counted_on_its_own(world, settings):
    """Behind the docker-compose proxy every user used to share the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = from_address(PROXY, HTTP_X_FORWARDED_FOR="203.0.113.14")
    for _ in range(5):
        response = attempt(attacker, "cashier")
    assert response.status_code == 429
    for name in ["a1", "a2", "a3", "a4", "a5", "a6"]:
        attempt(attacker, name)
    colleague = from_address(PROXY, HTTP_X_FORWARDED_FOR="198.51.100.30")
    assert attempt(colleague, "cook", PASSWORD).status_code == 302


def test_behind_the_proxy_a_forged_left_part_of_the_header_is_ignored(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # The client sends "X-Forwarded-For: 10.0.0.n"; the proxy appends the address it saw.
        client = from_address(PROXY, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.15")
        response = attempt(client, "cashier")
    assert response.status_code == 429


def test_client_ip_reads_the_address_our_proxy_saw(rf, settings):
    from campus.login import client_ip

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.16")
    assert client_ip(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.16"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY  # not through the proxy: no header
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="x, nonsense")) == PROXY


def test_bad_lockout_settings_stop_the_start():
    from tests.test_deploy import _settings_error

    assert "LOGIN_FAILURE_LIMIT=0 must be at least 1" in _settings_error(LOGIN_FAILURE_LIMIT="0")
    assert "TRUSTED_PROXY_COUNT=-1 must be 0 or more" in _settings_error(TRUSTED_PROXY_COUNT="-1")
    assert "STAFF_SESSION_IDLE_MINUTES='two hours' is not a whole number" in _settings_error(
        STAFF_SESSION_IDLE_MINUTES="two hours")


def test_the_gate_keys_a_username_as_the_login_form_cleans_it(rf):
    from campus.login import _gate_keys

    plain = rf.post(LOGIN, {"username": "cashier"}, REMOTE_ADDR="203.0.113.20")
    wide = rf.post(LOGIN, {"username": " ｃａｓｈｉｅｒ "}, REMOTE_ADDR="203.0.113.20")
    assert _gate_keys(plain) == _gate_keys(wide)


# --- parallel attempts ----------------------------------------------------------------------------

_checks = []
_checks_lock = threading.Lock()


class CountingHasher(MD5PasswordHasher):
    """Counts password checks (the fixtures store MD5 hashes)."""

    def verify(self, password, encoded):
        with _checks_lock:
            _checks.append(password)
        return super().verify(password, encoded)


@pytest.mark.postgres
def test_parallel_attempts_get_no_more_checks_than_the_limit(postgres, transactional_db, settings, in_threads):
    """24 parallel attempts got 8 password checks against a limit of 5."""
    from tests.factories import make_world

    make_world()
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    _checks.clear()
    statuses, errors = in_threads(lambda _index: attempt(from_address("203.0.113.17"), "cashier").status_code, 24, timeout=120)
    assert not errors, errors
    assert len(_checks) == 5, f"{len(_checks)} password checks for a limit of 5"
    assert sorted(statuses) == [200] * 4 + [429] * 20


# --- Redis down -----------------------------------------------------------------------------------

CLOSED_REDIS = "redis://127.0.0.1:1/0"


def test_login_works_with_redis_unreachable(world, settings):
    """Every login POST returned 500 when Redis was down (the throttle lived in the cache)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_REDIS}}
    client = from_address("203.0.113.18")
    response = client.post(LOGIN, {"username": "cook", "password": PASSWORD}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert client.session["_auth_user_id"] == str(world.user("cook").pk)
    attacker = from_address("203.0.113.18")
    for _ in range(5):
        response = attempt(attacker, "cashier")
    assert response.status_code == 429  # the lockout still holds without Redis


def test_healthz_does_not_print_hosts_or_ports(client, monkeypatch):
    from kombu import Connection

    from config.celery import app

    monkeypatch.setattr(app, "connection_for_write", lambda: Connection(CLOSED_REDIS))
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["broker"] is False and data["broker_error"].startswith("unreachable")
    assert "127.0.0.1" not in response.content.decode() and ":1" not in response.content.decode()


# --- how long sessions last -----------------------------------------------------------------------


def _logged_in(username, address="203.0.113.19"):
    client = from_address(address)
    assert attempt(client, username, PASSWORD).status_code == 302
    return client


def _later(clock, **delta):
    clock.move(dt.datetime.now(dt.UTC) + dt.timedelta(**delta))


def test_staff_sessions_end_after_the_idle_period(world, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 60
    client = _logged_in("teacher")
    _later(clock, minutes=50)
    assert client.get("/").status_code == 200
    _later(clock, minutes=50)  # 100 minutes after login, 50 after the last request
    assert client.get("/").status_code == 200
    _later(clock, minutes=61)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_the_idle_limit_is_kept_by_the_server_not_only_the_cookie(world, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 60
    client = _logged_in("health_teacher")
    key = client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date
    assert dt.timedelta(minutes=59) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=60)


def test_parents_stay_logged_in_for_weeks(world, clock, settings):
    settings.PARENT_SESSION_DAYS = 30
    settings.STAFF_SESSION_IDLE_MINUTES = 60
    client = _logged_in("13900000001")
    _later(clock, days=20)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("campus:parent_home")
    _later(clock, days=31)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- password messages in Chinese ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "expected"),
    [("Ab1!x", "密码太短，至少要有 8 个字符。"), ("password", "这个密码太常见了。"), ("83920174", "密码只包含数字。"),
     ("gatekeeper1", "太相似")],
)
def test_password_messages_are_in_chinese(world, password, expected):
    client = Client()
    client.force_login(world.user("gatekeeper"))
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
    )
    page = response.content.decode()
    assert response.status_code == 200 and expected in page
    assert "password is" not in page.lower()


def test_staff_without_a_campus_is_not_a_parent(db, clock, settings):
    """Someone with a login but neither staff nor parent gets the short, staff policy."""
    from campus.login import session_idle_limit

    settings.STAFF_SESSION_IDLE_MINUTES = 60
    assert session_idle_limit(factories.make_user("nobody")) == 3600
