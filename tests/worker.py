"""A real Celery worker for integration tests, on a database of its own.

``Database`` is a throwaway SQLite file, or, when DATABASE_URL is PostgreSQL, a fresh database
that is created and dropped. ``CeleryWorker`` migrates it, runs setup code in ``manage.py shell``
and starts ``celery worker`` (with beat when asked) with HOUQIN_VAR_DIR in the temporary folder,
so the filesystem broker and the beat schedule live there; with REDIS_URL set, the broker is Redis.
"""

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CELERY = str(Path(PYTHON).with_name("celery"))


class Database:
    """A fresh database for the subprocesses, and a way to query it."""

    def __init__(self, tmp_path):
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            import psycopg

            parts = urlsplit(url)
            self.name = f"houqin_it_{uuid.uuid4().hex[:10]}"
            self.admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
            self.url = urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, ""))
            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = tmp_path / "integration.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def migrate(self, env):
        """Migrating takes minutes of CPU; it is done once per schema (conftest's key) and copied: the
        SQLite file from the test database conftest saved (the same migrations, post_migrate included),
        a PostgreSQL database from a template database made by one real ``migrate``."""
        from conftest import ROOT as PROJECT
        from conftest import _schema_key

        key = _schema_key()
        var = PROJECT / "var"
        var.mkdir(exist_ok=True)
        with open(var / "worker-db.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.postgres:
                self._from_postgres_template(env, f"houqin_it_template_{key}")
                return
            template = var / f"test-db-default-{key}.sqlite3"
            if not template.exists():
                subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
                return
            source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
            target = sqlite3.connect(self.path)
            source.backup(target)
            source.close()
            target.close()

    def _from_postgres_template(self, env, template):
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            names = [row[0] for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'houqin_it_template_%'")]
            for old in names:
                if old != template:
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            if template not in names:
                parts = urlsplit(self.url)
                building = f"{template}_building"
                conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{building}"')
                url = urlunsplit((parts.scheme, parts.netloc, f"/{building}", parts.query, ""))
                subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**env, "DATABASE_URL": url},
                               check=True, timeout=600)
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')

    def scalar(self, sql: str, default=-1):
        """The first column of the first row, or ``default`` while the table is missing or locked."""
        try:
            if self.postgres:
                import psycopg

                parts = urlsplit(self.url)
                with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))) as conn:
                    row = conn.execute(sql).fetchone()
            else:
                with sqlite3.connect(self.path, timeout=10) as conn:
                    row = conn.execute(sql).fetchone()
        except Exception:  # not migrated yet, locked for a moment
            return default
        return default if row is None else row[0]

    def drop(self):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class CeleryWorker:
    """``with CeleryWorker(tmp_path, env={...}, beat=True) as worker:`` -- migrated database,
    ``worker.shell(code)`` to run Django code, ``worker.wait_for(sql, predicate)``, ``worker.log()``."""

    def __init__(self, tmp_path, env=None, beat=False, concurrency=1):
        self.tmp_path, self.beat, self.concurrency = tmp_path, beat, concurrency
        self.database = Database(tmp_path)
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database.url,
            "HOUQIN_VAR_DIR": str(tmp_path / "var"),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(ROOT),
            # Its own keys in a shared Redis: tests on other xdist workers run workers at the same time,
            # and a worker that took another test's message would skip it (another database's job).
            "CELERY_REDIS_KEY_PREFIX": f"houqin-test-{uuid.uuid4().hex[:10]}:",
            **(env or {}),
        }
        self.env.pop("CELERY_BROKER_URL", None)
        self.log_path = tmp_path / "celery.log"
        self.process = None

    def __enter__(self):
        (self.tmp_path / "var").mkdir(exist_ok=True)
        try:
            self.database.migrate(self.env)
        except BaseException:
            self.database.drop()
            raise
        return self

    def shell(self, code: str, timeout=120) -> str:
        done = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=self.env, timeout=timeout,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self):
        command = [CELERY, "-A", "config", "worker", "--loglevel=INFO", f"--concurrency={self.concurrency}"]
        if self.beat:
            command += ["-B", "--schedule", str(self.tmp_path / "var" / "celerybeat-schedule")]
        with self.log_path.open("w") as handle:
            self.process = subprocess.Popen(
                command, cwd=self.tmp_path, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_for(self, sql: str, predicate, seconds=60):
        """Poll ``sql`` until ``predicate(value)`` holds, the worker dies or time runs out; the last value."""
        deadline = time.monotonic() + seconds
        value = self.database.scalar(sql)
        while time.monotonic() < deadline and self.alive() and not predicate(value):
            time.sleep(1)
            value = self.database.scalar(sql)
        return value

    def __exit__(self, *exc):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.database.drop()
        return False
