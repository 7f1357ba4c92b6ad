"""Is a Celery worker running? A job page that shows "queued 0%" forever must say so instead.

A running worker touches ``settings.CELERY_WORKER_HEARTBEAT_FILE`` every ``BEAT_SECONDS`` from a
thread of its main process (started on ``worker_ready``, the file removed on ``worker_shutdown``).
The web process only reads the file's age: one ``stat``, no broker round trip (``celery inspect
ping`` takes a second or more and the embedded filesystem broker has no broadcast). With eager
Celery (a test setting) tasks run in the caller, so a worker is never missing.
"""

import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

BEAT_SECONDS = 30
ALIVE_SECONDS = 3 * BEAT_SECONDS  # two missed beats: the worker is gone

_stop = threading.Event()


def heartbeat_file() -> Path:
    return Path(settings.CELERY_WORKER_HEARTBEAT_FILE)


def beat() -> None:
    path = heartbeat_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    now = time.time()  # the same clock worker_running reads (a test's clock moves both)
    os.utime(path, (now, now))


def worker_running() -> bool:
    """True when a worker touched the heartbeat file in the last ``ALIVE_SECONDS`` (wall clock:
    the file's age, not the test clock)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True
    try:
        age = time.time() - heartbeat_file().stat().st_mtime
    except OSError:
        return False
    return age < ALIVE_SECONDS


def _beat_forever() -> None:
    while not _stop.is_set():
        try:
            beat()
        except OSError:
            logger.exception("Cannot write the worker heartbeat %s", heartbeat_file())
        _stop.wait(BEAT_SECONDS)


def start_heartbeat(**kwargs) -> None:
    _stop.clear()
    threading.Thread(target=_beat_forever, name="houqin-worker-heartbeat", daemon=True).start()


def stop_heartbeat(**kwargs) -> None:
    _stop.set()
    heartbeat_file().unlink(missing_ok=True)


def connect_worker_signals() -> None:
    from celery.signals import worker_ready, worker_shutdown

    worker_ready.connect(start_heartbeat, dispatch_uid="houqin-worker-heartbeat")
    worker_shutdown.connect(stop_heartbeat, dispatch_uid="houqin-worker-heartbeat-stop")
