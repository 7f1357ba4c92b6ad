"""Beat entries of the safety app. Gate: after closing time, visitors still on site and children not
picked up (every 10 minutes in the evening; each service checks the campus's own closing time and
updates the same alert); at night, visitors' personal data past the retention period erased."""

from celery.schedules import crontab

BEAT = {
    "safety-visitors-on-site": {"task": "safety.tasks.visitors_on_site", "schedule": crontab(minute="*/10", hour="15-21")},
    "safety-not-picked-up": {"task": "safety.tasks.not_picked_up", "schedule": crontab(minute="*/10", hour="15-21")},
    "safety-purge-visitors": {"task": "safety.tasks.purge_visitors", "schedule": crontab(hour=2, minute=40)},
    # --- duties: in a quarter's last weeks, a drill not yet held; each hazard past its deadline ---
    "safety-drill-due": {"task": "safety.tasks.drill_due", "schedule": crontab(hour=8, minute=10)},
    "safety-hazards-overdue": {"task": "safety.tasks.hazards_overdue", "schedule": crontab(hour=8, minute=15)},
}
