"""Beat entries of the stores: every morning, the alert of stock below minimum, near expiry and expired."""

from celery.schedules import crontab

BEAT = {
    "logistics-stock-alerts": {"task": "logistics.tasks.stock_alerts", "schedule": crontab(hour=7, minute=10)},
}
