"""The Celery app. Each Houqin app may have ``tasks.py`` (autodiscovered) and ``schedule.py``
with ``BEAT = {"name": {"task": "...", "schedule": crontab(...)}}``; the beat schedule is their union."""

import os
from importlib import import_module

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("houqin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def collect_beat_schedule() -> dict:
    from django.conf import settings
    from django.utils.module_loading import module_has_submodule

    schedule: dict = {}
    for label in settings.HOUQIN_APPS:
        if not module_has_submodule(import_module(label), "schedule"):
            continue
        for name, entry in import_module(f"{label}.schedule").BEAT.items():
            if name in schedule:
                raise RuntimeError(f"Beat entry {name!r} is defined twice ({label}.schedule).")
            schedule[name] = entry
    return schedule


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    sender.conf.beat_schedule = collect_beat_schedule()


def ensure_broker_dirs() -> None:
    """The filesystem broker needs its folders before the first message."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)
