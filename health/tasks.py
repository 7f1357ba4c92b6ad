"""Celery tasks of the health app: thin and idempotent, calling the services."""

from celery import shared_task


@shared_task(name="health.tasks.alert_doses_due")
def alert_doses_due() -> int:
    """Doses due soon and not yet given, told to the class's staff and the health teacher (once per dose)."""
    from .services import alert_doses_due as alert

    return alert()
