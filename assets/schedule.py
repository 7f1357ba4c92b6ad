"""Beat entries of the assets app. ``assets-repairs-overdue``: every open repair past its deadline
tells its managers (and the person repairing it) once, through the notification service."""

from celery.schedules import crontab

BEAT = {
    "assets-repairs-overdue": {"task": "assets.tasks.notify_overdue_repairs", "schedule": crontab(minute="*/30")},
}
