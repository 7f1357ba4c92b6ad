"""Beat entries of the checklists app.

``checklists-generate`` creates the due runs of every campus, catches up missed periods, marks
overdue runs and sends reminders. Every 15 minutes by default; the setting
``CHECKLISTS_GENERATE_EVERY`` (seconds) replaces that with a plain interval (the integration test
uses 2 s so that beat fires at once)."""

from celery.schedules import crontab
from django.conf import settings

_schedule = settings.CHECKLISTS_GENERATE_EVERY or crontab(minute="*/15")

BEAT = {
    "checklists-generate": {"task": "checklists.tasks.generate_checklists", "schedule": _schedule},
}
