"""Celery tasks of the safety app: thin and idempotent (each alert has its key), calling the services."""

import datetime as dt

from celery import shared_task

# --- duties ---


@shared_task(name="safety.tasks.drill_due")
def drill_due(day: str | None = None) -> int:
    """In a quarter's last weeks, alert each campus that has not held its drills (once per quarter)."""
    from .services import duties

    return duties.send_drill_due(dt.date.fromisoformat(day) if day else None)


@shared_task(name="safety.tasks.hazards_overdue")
def hazards_overdue(day: str | None = None) -> int:
    """Alert each hazard not rectified by its deadline (once per hazard)."""
    from .services import duties

    return duties.send_hazard_overdue(dt.date.fromisoformat(day) if day else None)
