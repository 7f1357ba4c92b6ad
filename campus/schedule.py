"""Beat entries of the kernel: waiting notification deliveries are retried every 10 minutes."""

from celery.schedules import crontab

BEAT = {
    "campus-retry-deliveries": {"task": "campus.tasks.retry_deliveries", "schedule": crontab(minute="*/10")},
    # Group robots: alerts held by quiet hours or left by a lost task; the director's digest at its time.
    "campus-sweep-group-deliveries": {"task": "campus.tasks.sweep_group_deliveries", "schedule": crontab(minute="*/5")},
    # Leave requests become the day's attendance early in the morning (before the kitchen counts meals).
    "campus-apply-leave": {"task": "campus.tasks.apply_leave", "schedule": crontab(minute="*/15")},
    # Staff certificates (健康证 first) entering the campus's alert window or expired: every morning.
    "campus-staff-certificates": {"task": "campus.tasks.alert_staff_certificates", "schedule": crontab(hour=7, minute=10)},
    "campus-send-digests": {"task": "campus.tasks.send_digests", "schedule": crontab(minute="*/5")},
}
