"""Celery tasks: thin and idempotent, calling the services."""

import datetime as dt

from celery import shared_task


@shared_task(name="safety.tasks.visitors_on_site")
def visitors_on_site() -> int:
    from .services import alert_visitors_on_site

    return alert_visitors_on_site()


@shared_task(name="safety.tasks.not_picked_up")
def not_picked_up() -> int:
    from .services import alert_not_picked_up

    return alert_not_picked_up()


@shared_task(name="safety.tasks.purge_visitors")
def purge_visitors() -> int:
    from .services import purge_visitors as purge

    return purge()


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
