from celery.schedules import crontab

BEAT = {
    # Month close on the 1st at 06:00 (CELERY_TIMEZONE is Asia/Shanghai): bills, last month's refunds,
    # last month's canteen account draft and every statement PDF.
    "finance-close-month": {"task": "finance.tasks.close_current_month", "schedule": crontab(minute=0, hour=6, day_of_month=1)},
}
