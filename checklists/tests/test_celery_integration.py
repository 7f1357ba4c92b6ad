"""A real Celery worker with beat (the README's run command) creates runs on its own.
CHECKLISTS_GENERATE_EVERY=2 makes beat fire every two seconds (see ``tests/worker.py``)."""

import time

import pytest

from tests.worker import CeleryWorker

WAIT_SECONDS = 60
RUNS = "SELECT COUNT(*) FROM checklists_run"

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


@pytest.mark.slow
def test_worker_and_beat_create_runs(tmp_path):
    with CeleryWorker(tmp_path, env={"CHECKLISTS_GENERATE_EVERY": "2"}, beat=True) as worker:
        assert "setup done" in worker.shell(SETUP)
        assert worker.database.scalar(RUNS) == 0
        worker.start()
        count = worker.wait_for(RUNS, lambda n: n >= 3, WAIT_SECONDS)
        assert worker.alive(), f"the worker stopped:\n{worker.log()[-3000:]}"
        assert count == 3, f"runs after {WAIT_SECONDS} s: {count}\n{worker.log()[-3000:]}"  # today and two days caught up
        time.sleep(5)  # beat fires again: nothing twice
        assert worker.database.scalar(RUNS) == 3
        assert "checklists.tasks.generate_checklists" in worker.log()
