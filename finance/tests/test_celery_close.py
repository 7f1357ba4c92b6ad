"""Month close through a real Celery worker: the task runs in a prefork child (a daemonic process)
and still renders the statements with a pool of two processes (see ``tests/worker.py``)."""

import pytest

from tests.worker import CeleryWorker

SETUP = """
import datetime as dt
from finance.tests.helpers import make_term_campus, publish_fees
from tests import factories
campus, room = make_term_campus("celery")
publish_fees(campus)
for n in range(6):
    factories.make_child(room, f"幼儿{n}", enrolled_on=dt.date(2025, 2, 17))
print("setup done")
"""
QUEUE = """
from campus.models import Campus
from finance.tasks import close_month_task
close_month_task.delay(Campus.objects.get(code="celery").pk, "2025-03-01")
print("queued")
"""
STATUS = "SELECT status FROM finance_monthclose"
STORED = "SELECT COUNT(*) FROM finance_bill WHERE pdf <> ''"


@pytest.mark.slow
def test_a_worker_closes_the_month_with_a_pool_of_pdf_processes(tmp_path):
    with CeleryWorker(tmp_path, env={"FINANCE_PDF_WORKERS": "2"}) as worker:
        assert "setup done" in worker.shell(SETUP)
        worker.start()
        assert "queued" in worker.shell(QUEUE)
        status = worker.wait_for(STATUS, lambda value: value in ("done", "failed"), seconds=90)
        log = worker.log()
        assert status == "done", f"month close: {status}\n{log[-3000:]}"
        assert worker.database.scalar(STORED) == 6
        assert "Statements celery 2025-03-01: 6 rendered by 2 process(es)" in log, log[-3000:]


BIG_SETUP = """
import datetime as dt
from campus.models import Child
from finance.tests.helpers import make_term_campus, publish_fees
campus, room = make_term_campus("killed")
publish_fees(campus)
Child.objects.bulk_create([Child(campus=campus, classroom=room, name=f"幼儿{n:03d}", gender="F", birth_date=dt.date(2021, 1, 1),
                                 enrolled_on=dt.date(2025, 2, 17)) for n in range(150)])
print("setup done")
"""
QUEUE_BIG = QUEUE.replace('code="celery"', 'code="killed"')
BILLS = "SELECT COUNT(*) FROM finance_bill"


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_leaves_nothing_half_done(tmp_path):
    """SIGKILL the process running the close while it renders statements: the message goes back to
    the queue, the next process finishes the close, and nothing is doubled."""
    import os
    import signal
    import subprocess

    with CeleryWorker(tmp_path, env={"FINANCE_PDF_WORKERS": "1"}) as worker:
        assert "setup done" in worker.shell(BIG_SETUP)
        worker.start()
        assert "queued" in worker.shell(QUEUE_BIG)
        stored = worker.wait_for(STORED, lambda n: n >= 25, seconds=90)  # the first batch is saved
        assert 25 <= stored < 150, f"stored {stored}\n{worker.log()[-3000:]}"
        children = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True, text=True).stdout.split()
        assert children, worker.log()[-3000:]
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
        status = worker.wait_for(STATUS, lambda value: value in ("done", "failed"), seconds=120)
        log = worker.log()
        assert "WorkerLostError" in log or "signal 9" in log, log[-3000:]
        assert status == "done", f"month close: {status}\n{log[-3000:]}"
        assert worker.database.scalar(BILLS) == 150 and worker.database.scalar(STORED) == 150
