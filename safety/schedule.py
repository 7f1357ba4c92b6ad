"""Beat entries of the safety app, one block per half."""

from celery.schedules import crontab

BEAT = {
    # --- duties ---
    "safety-drill-due": {"task": "safety.tasks.drill_due", "schedule": crontab(hour=8, minute=10)},
    "safety-hazards-overdue": {"task": "safety.tasks.hazards_overdue", "schedule": crontab(hour=8, minute=15)},
}
