"""Beat entries of the kernel: waiting notification deliveries are retried every 10 minutes."""

from celery.schedules import crontab

BEAT = {
    "campus-retry-deliveries": {"task": "campus.tasks.retry_deliveries", "schedule": crontab(minute="*/10")},
}
