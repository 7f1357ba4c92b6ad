"""Month close through a real Celery worker: the task runs in a prefork child (a daemonic process)
and still renders the statements with a pool of two processes (see ``tests/worker.py``)."""

import pytest

from tests.worker import CeleryWorker

SETUP = """
import datetime as dt
from tests.factories import SPRING_2025, make_campus, make_classroom, make_fee_standard
from tests import factories
campus = make_campus("celery", "春天幼儿园", term=SPRING_2025)
room = make_classroom(campus, "中一班")
make_fee_standard(campus)
for n in range(6):
    factories.make_child(room, f"幼儿{n}", enrolled_on=dt.date(2025, 2, 17))
print("setup done")
"""
QUEUE = """
from campus.models import Campus
import datetime as dt
from finance.tasks import queue_month_close
queue_month_close(Campus.objects.get(code="celery"), dt.date(2025, 3, 1), None)
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
        # the running worker's heartbeat, which the job pages read (campus.workers)
        assert (tmp_path / "var" / "celery-worker-alive").is_file()


BIG_SETUP = """
import datetime as dt
from campus.models import Child
from tests.factories import SPRING_2025, make_campus, make_classroom, make_fee_standard
campus = make_campus("killed", "春天幼儿园", term=SPRING_2025)
room = make_classroom(campus, "中一班")
make_fee_standard(campus)
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


FILES_ON_DISK = "finance/statements"
RECORD = "SELECT bills_created || '/' || pdfs_rendered FROM finance_monthclose"


def _statement_files(tmp_path) -> list:
    return sorted(p.name for p in (tmp_path / "var" / "media" / FILES_ON_DISK).rglob("*.pdf"))


@pytest.mark.slow
def test_two_concurrent_closes_of_one_month_leave_one_set_of_bills_and_files(tmp_path):
    """Two closes of the same month at once (two worker processes): one runs, the other leaves it
    alone; the close reports the database's counts and no statement file is left that no bill names
    (before: 140 bills reported for 119 and 119 orphan PDFs)."""
    with CeleryWorker(tmp_path, env={"FINANCE_PDF_WORKERS": "1"}, concurrency=2) as worker:
        assert "setup done" in worker.shell(BIG_SETUP)
        worker.start()
        assert "queued" in worker.shell(QUEUE_BIG.replace("print(", 'from finance.tasks import close_month_task\n'
                                                        'close_month_task.delay(Campus.objects.get(code="killed").pk, "2025-03-01")\nprint('))
        status = worker.wait_for(STATUS, lambda value: value in ("done", "failed"), seconds=240)
        log = worker.log()
        assert status == "done", f"month close: {status}\n{log[-3000:]}"
        assert worker.wait_for("SELECT COUNT(*) FROM finance_monthclose", lambda n: n == 1) == 1
        assert log.count("succeeded") >= 2 or "skipped" in log, log[-3000:]  # both messages ran
        assert worker.database.scalar(BILLS) == 150 and worker.database.scalar(STORED) == 150
        assert worker.database.scalar(RECORD) == "150/150"
        assert len(_statement_files(tmp_path)) == 150


RESUME = """
from django.test import Client
from django.test.utils import setup_test_environment
from campus.models import Campus
from campus.roles import Role
from finance.models import MonthClose
from tests import factories
setup_test_environment()
campus = Campus.objects.get(code="killed")
record = MonthClose.objects.get(campus=campus)
client = Client()
client.force_login(factories.make_staff(Role.CASHIER, campus, username="killed-cashier{resume}").user)  # one login per run of this script
page = client.get("/finance/close/%d/" % record.pk).content.decode()
print("STALLED" if 'action="/finance/close/"' in page else "FRESH")
if "--resume" == "{resume}":
    response = client.post("/finance/close/", {{"month": "2025-03"}})
    print("resumed", response.status_code, MonthClose.objects.get(pk=record.pk).status)
"""


@pytest.mark.slow
def test_a_worker_killed_while_rendering_is_resumed_from_the_close_page(tmp_path):
    """SIGKILL the whole worker (main process and all) while it renders: the close stays "running"
    with nothing to finish it (Redis would redeliver only after its visibility timeout). Once its
    heartbeat is older than FINANCE_JOB_STALL_MINUTES the close page offers to resume it; the
    cashier does, a new worker finishes it, and every count and file is right."""
    import os
    import signal

    with CeleryWorker(tmp_path, env={"FINANCE_PDF_WORKERS": "1"}) as worker:
        assert "setup done" in worker.shell(BIG_SETUP)
        worker.start()
        assert "queued" in worker.shell(QUEUE_BIG)
        stored = worker.wait_for(STORED, lambda n: n >= 25, seconds=120)
        assert 25 <= stored < 150, f"stored {stored}\n{worker.log()[-3000:]}"
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=30)
        assert worker.database.scalar(STATUS) == "running"
        assert "FRESH" in worker.shell(RESUME.format(resume=""))  # a fresh heartbeat: maybe still alive
        worker.shell("import datetime as dt\nfrom django.utils import timezone\nfrom finance.models import MonthClose\n"
                     "MonthClose.objects.update(heartbeat_at=timezone.now() - dt.timedelta(minutes=6))")
        out = worker.shell(RESUME.format(resume="--resume"))
        assert "STALLED" in out and "resumed 302 queued" in out, out
        worker.start()
        status = worker.wait_for(STATUS, lambda value: value in ("done", "failed"), seconds=180)
        assert status == "done", f"month close: {status}\n{worker.log()[-3000:]}"
        assert worker.database.scalar(RECORD) == "150/150"
        assert worker.database.scalar(BILLS) == 150 and len(_statement_files(tmp_path)) == 150
