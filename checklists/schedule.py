"""Beat entries of the checklists app.

``checklists-generate`` creates the due runs of every campus, catches up missed periods, marks
overdue runs and sends reminders. Every 15 minutes by default; the environment variable
``CHECKLISTS_GENERATE_EVERY`` (seconds) replaces that with a plain interval (the integration test
uses 2 s so that beat fires at once)."""

import os

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

_every = os.environ.get("CHECKLISTS_GENERATE_EVERY", "").strip()
if _every:
    try:
        _schedule = float(_every)
    except ValueError:
        raise ImproperlyConfigured(f"CHECKLISTS_GENERATE_EVERY={_every!r} is not a number of seconds.") from None
    if _schedule <= 0:
        raise ImproperlyConfigured(f"CHECKLISTS_GENERATE_EVERY={_every!r} must be positive.")
else:
    _schedule = crontab(minute="*/15")

BEAT = {
    "checklists-generate": {"task": "checklists.tasks.generate_checklists", "schedule": _schedule},
}
