"""A real Celery worker with beat (the README's run command) creates runs on its own.

Self-contained: a throwaway SQLite file (or, when DATABASE_URL is PostgreSQL, a fresh database
that is created and dropped), HOUQIN_VAR_DIR in a temporary folder so that the filesystem broker
and the beat schedule live there; with REDIS_URL set, the broker is Redis.
CHECKLISTS_GENERATE_EVERY=2 makes beat fire every two seconds."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CELERY = str(Path(PYTHON).with_name("celery"))
WAIT_SECONDS = 60

SETUP = """
import datetime as dt
from django.utils import timezone
from checklists.models import ChecklistTemplate, TemplateItem
from tests import factories
campus = factories.make_campus("it", "集成测试园")
template = ChecklistTemplate.objects.create(
    campus=campus, code="gate-evening", title="离园后门窗检查", department="gate", assignee_role="gatekeeper",
    recurrence="daily", starts_on=timezone.localdate() - dt.timedelta(days=2))
TemplateItem.objects.create(template=template, label="门窗已锁好")
print("setup done")
"""


class Database:
    """A fresh database for the subprocesses, and a way to count rows in it."""

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

    def count_runs(self) -> int:
        try:
            if self.postgres:
                import psycopg

                parts = urlsplit(self.url)
                with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))) as conn:
                    return conn.execute("SELECT COUNT(*) FROM checklists_run").fetchone()[0]
            with sqlite3.connect(self.path, timeout=10) as conn:
                return conn.execute("SELECT COUNT(*) FROM checklists_run").fetchone()[0]
        except Exception:  # not migrated yet, locked for a moment
            return -1

    def drop(self):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.mark.slow
def test_worker_and_beat_create_runs(tmp_path):
    database = Database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "HOUQIN_VAR_DIR": str(tmp_path / "var"),
        "CHECKLISTS_GENERATE_EVERY": "2",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_BROKER_URL", None)
    (tmp_path / "var").mkdir()
    log = tmp_path / "celery.log"
    worker = None
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
        setup = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=120,
                               capture_output=True, text=True)
        assert "setup done" in setup.stdout
        assert database.count_runs() == 0
        with log.open("w") as handle:
            worker = subprocess.Popen(
                [CELERY, "-A", "config", "worker", "-B", "--loglevel=INFO", "--concurrency=1",
                 "--schedule", str(tmp_path / "var" / "celerybeat-schedule")],
                # in the temporary folder: kombu's filesystem transport puts its "control" folder in the
                # working directory (settings do not set control_folder)
                cwd=tmp_path, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + WAIT_SECONDS
        count = 0
        while time.monotonic() < deadline:
            count = database.count_runs()
            if count >= 3 or worker.poll() is not None:
                break
            time.sleep(1)
        output = log.read_text()
        assert worker.poll() is None, f"the worker stopped:\n{output[-3000:]}"
        assert count == 3, f"runs after {WAIT_SECONDS} s: {count}\n{output[-3000:]}"  # today and two days caught up
        time.sleep(5)  # beat fires again: nothing twice
        assert database.count_runs() == 3
        assert "checklists.tasks.generate_checklists" in log.read_text()
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
        database.drop()
