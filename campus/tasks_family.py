"""Celery tasks that call the notification service (the director's digest, leave requests, staff
certificates): apart
from ``campus.tasks``, which the notification service itself imports (no import cycle). Registered
from ``CampusConfig.ready``."""

from celery import shared_task

from . import channels_digest
from .family import services as family_services


@shared_task(name="campus.tasks.send_digests")
def send_digests() -> int:
    """The director's daily digest, at each campus's time."""
    return channels_digest.send_digests()


@shared_task(name="campus.tasks.apply_leave")
def apply_leave() -> int:
    """Today's attendance of confirmed leave requests and those made before today's cut-off."""
    return family_services.apply_leave()


@shared_task(name="campus.tasks.alert_staff_certificates")
def alert_staff_certificates(day: str | None = None) -> int:
    """Staff certificates entering the alert window or expired, told once each (daily)."""
    import datetime as dt

    from .services import alert_staff_certificates as alert

    return alert(dt.date.fromisoformat(day) if day else None)
