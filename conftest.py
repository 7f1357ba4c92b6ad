"""Fixtures shared by every app's tests: ``world`` (``tests.factories.make_world``: a small kindergarten
with one user per role, a user of another campus, and two parents, each of one child), the clock,
``client_as``, ``no_nav``, ``in_threads`` and the PostgreSQL / Redis guards. Test data is made with
``tests.factories``."""

import datetime as dt
import fcntl
import hashlib
import os
import sqlite3
import zoneinfo
from pathlib import Path

import pytest
import time_machine

from tests import factories

REQUIRE_SERVICES = os.environ.get("HOUQIN_REQUIRE_SERVICES") == "1"


@pytest.fixture
def world(db) -> factories.World:
    return factories.make_world()


BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _session_instant() -> dt.datetime:
    """The instant every test starts at: HOUQIN_TEST_NOW (ISO, Beijing time when naive) or the real
    time when the run started. `.ci/run` runs the suite at fixed instants (a Monday 06:00, a Wednesday
    12:00, a Sunday 23:30) as well as at the real time, so no test may depend on the hour it runs.
    The instant is put back into the environment, so xdist's workers (started later, from this
    process) share it, and the header of the run prints it to reproduce a failure."""
    value = os.environ.get("HOUQIN_TEST_NOW", "")
    if not value:
        instant = dt.datetime.now(BEIJING).replace(microsecond=0)
        os.environ["HOUQIN_TEST_NOW"] = instant.isoformat()
        return instant
    instant = dt.datetime.fromisoformat(value)
    return instant.astimezone(BEIJING) if instant.tzinfo else instant.replace(tzinfo=BEIJING)


SESSION_NOW = _session_instant()
_session_travel = time_machine.travel(SESSION_NOW, tick=True)


def pytest_configure(config):
    """The clock runs from before collection, so what a test module computes at import time (a
    ``parametrize`` list with "tomorrow" in it) reads the same instant as its tests."""
    _session_travel.start()
    _migrate_once()


# --- the migrated test database, built once ------------------------------------------------------------
# Migrating an empty SQLite database takes minutes of CPU (Django renders the model state of every
# migration), and each xdist worker of each run did it again. The first test database migrated is
# copied to var/test-db-<key>.sqlite3 (the key: Django's version and the files that decide the schema
# and what post_migrate writes: migrations, models, roles, permissions, apps, settings); later test
# databases, in-memory SQLite, are copied from it (SQLite's backup API, milliseconds). Workers take
# turns through a lock, so the two workers of a first run migrate once. PostgreSQL migrates as
# before. HOUQIN_TEST_DB_TEMPLATE=0 turns it off.

ROOT = Path(__file__).resolve().parent
SCHEMA_INPUTS = ("*/migrations/*.py", "*/models.py", "*/models/*.py", "*/roles.py", "*/permissions.py", "*/apps.py",
                 "config/settings.py")


def _schema_key() -> str:
    import django

    digest = hashlib.sha256(django.__version__.encode() + sqlite3.sqlite_version.encode())
    for pattern in SCHEMA_INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _migrate_once():
    """Wraps ``call_command`` for the one call that matters: the ``migrate`` with ``run_syncdb`` that
    Django's ``create_test_db`` makes for an in-memory SQLite test database."""
    if os.environ.get("HOUQIN_TEST_DB_TEMPLATE", "1") == "0":
        return
    import django.core.management as management

    original = management.call_command
    if getattr(original, "houqin_template", False):
        return

    def call_command(command_name, *args, **options):
        from django.conf import settings
        from django.db import connections

        alias = options.get("database", "default")
        connection = connections[alias]
        no_migrations = type(settings.MIGRATION_MODULES).__name__ == "DisableMigrations"  # pytest --nomigrations
        if (command_name != "migrate" or not options.get("run_syncdb") or connection.vendor != "sqlite"
                or not connection.is_in_memory_db() or no_migrations):
            return original(command_name, *args, **options)
        var = ROOT / "var"
        var.mkdir(exist_ok=True)
        template = var / f"test-db-{alias}-{_schema_key()}.sqlite3"
        with open(var / "test-db.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not template.exists():
                result = original(command_name, *args, **options)
                _use_template(connection, template)
                connection.ensure_connection()
                partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
                copy = sqlite3.connect(partial)
                connection.connection.backup(copy)
                copy.close()
                for old in var.glob(f"test-db-{alias}-*.sqlite3"):
                    old.unlink()
                os.replace(partial, template)
                return result
        _use_template(connection, template)
        _restore(connection)
        return None

    call_command.houqin_template = True
    management.call_command = call_command

def _use_template(connection, template: Path):
    """From now on a transactional test's end (a browser test, a live server) puts back the copy
    instead of emptying every table and sending post_migrate again (content types, permissions, role
    groups: seconds each): the database as migrated, exactly, in milliseconds."""
    from django.test import TransactionTestCase

    connection.houqin_template = template
    if getattr(TransactionTestCase._fixture_teardown, "houqin_template", False):
        return
    flush = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        reset_database(self._databases_names(include_mirrors=False), flush=lambda: flush(self),
                       subset=self.available_apps is not None)

    _fixture_teardown.houqin_template = True
    TransactionTestCase._fixture_teardown = _fixture_teardown


def reset_database(names=("default",), flush=None, subset=False):
    """Empties the test database as a transactional test's end does: from the migrated copy when
    there is one, else Django's flush (which sends post_migrate)."""
    from django.core.management import call_command
    from django.db import connections

    if not subset and all(getattr(connections[name], "houqin_template", None) for name in names):
        for name in names:
            _restore(connections[name])
    elif flush:
        flush()
    else:
        for name in names:
            call_command("flush", verbosity=0, interactive=False, database=name, reset_sequences=False,
                         allow_cascade=False, inhibit_post_migrate=False)


def _restore(connection):
    source = sqlite3.connect(f"file:{connection.houqin_template}?mode=ro", uri=True)
    connection.ensure_connection()
    source.backup(connection.connection)
    source.close()


def pytest_unconfigure(config):
    _session_travel.stop()


def pytest_report_header(config):
    return f"clock: HOUQIN_TEST_NOW={SESSION_NOW.isoformat()} ({SESSION_NOW:%A})"


class Clock:
    """The test's clock. Starts at SESSION_NOW and ticks; ``clock.at("07:00")`` moves it to that
    Beijing time of the same day, ``clock.at(date)`` to 09:00 of that day, ``clock.at(datetime)``
    anywhere (naive means Beijing time); ``clock.school_day(campus, at="09:00")`` to the first
    school day from today on."""

    def __init__(self):
        self._traveller = None
        self.move(SESSION_NOW)

    def move(self, instant: dt.datetime):
        if self._traveller:
            self._traveller.stop()
        self._traveller = time_machine.travel(instant, tick=True)
        self._traveller.start()

    def at(self, when):
        if isinstance(when, str):
            when = dt.datetime.combine(dt.datetime.now(BEIJING).date(), dt.time.fromisoformat(when), tzinfo=BEIJING)
        elif isinstance(when, dt.date) and not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time(9, 0), tzinfo=BEIJING)
        elif when.tzinfo is None:
            when = when.replace(tzinfo=BEIJING)
        self.move(when)
        return when

    def school_day(self, campus=None, at: str = "09:00", after: int = 0) -> dt.date:
        """Moves to ``at`` on the first school day of ``campus`` (its terms, the national calendar and
        its own exceptions) from today on, skipping ``after`` more school days; without a campus, the
        first national working day. Returns that day."""
        from campus.calendar import is_school_day, national_workday

        def school(day):
            if campus is not None:
                return is_school_day(campus, day)
            national = national_workday(day)
            return day.weekday() < 5 if national is None else national

        day, skip = dt.datetime.now(BEIJING).date(), after
        for _ in range(120):
            if school(day):
                if not skip:
                    self.at(dt.datetime.combine(day, dt.time.fromisoformat(at)))
                    return day
                skip -= 1
            day += dt.timedelta(days=1)
        raise AssertionError(f"no school day within 120 days of {SESSION_NOW:%Y-%m-%d}")

    def stop(self):
        if self._traveller:
            self._traveller.stop()
            self._traveller = None


@pytest.fixture(autouse=True)
def clock(request):
    """Every test reads "now" from this clock. Tests that start real processes (marked ``slow``)
    keep the real clock, since the worker and beat they start cannot share it."""
    if request.node.get_closest_marker("slow"):
        _session_travel.stop()
        try:
            yield None
        finally:
            _session_travel.start()
        return
    test_clock = Clock()
    yield test_clock
    test_clock.stop()


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


@pytest.fixture
def no_nav(monkeypatch):
    """Leave the other apps' menu entries out of the page, so that exact query counts measure the
    view and the shared shell (session, user, campus, permissions) only."""
    monkeypatch.setattr("campus.context_processors.nav_menu", lambda *args: ([], []))


@pytest.fixture
def in_threads():
    """``in_threads(target, count=2, timeout=60)``: runs ``target(index)`` in ``count`` threads released
    at the same moment (two workers, two phones), each closing its own database connection at the
    end. Returns (the results by index, the exceptions raised)."""
    return run_in_threads


def run_in_threads(target, count=2, timeout=60):
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait(timeout=timeout / 3)
            results[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results, errors
