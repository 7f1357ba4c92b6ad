"""Celery tasks: thin and idempotent, calling the services."""

from celery import shared_task


@shared_task(name="kitchen.tasks.supplier_expiry_alerts")
def supplier_expiry_alerts(day: str | None = None) -> int:
    """Follow-ups for supplier licences and certificates about to expire (each expiry alerted once)."""
    import datetime as dt

    from .services import send_expiry_alerts

    return send_expiry_alerts(dt.date.fromisoformat(day) if day else None)
