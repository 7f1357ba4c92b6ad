"""Beat entries of the kitchen: every morning, follow-ups for supplier papers about to expire."""

from celery.schedules import crontab

BEAT = {
    "kitchen-supplier-expiry-alerts": {"task": "kitchen.tasks.supplier_expiry_alerts", "schedule": crontab(hour=7, minute=5)},
}
