"""Beat entries of the health app: every five minutes, the medicine doses due soon and not yet given."""

from celery.schedules import crontab

BEAT = {
    "health-medication-due": {"task": "health.tasks.alert_doses_due", "schedule": crontab(minute="*/5")},
}
