"""Celery tasks: thin and idempotent, calling the services."""

from celery import shared_task


@shared_task(name="logistics.tasks.stock_alerts")
def stock_alerts(day: str | None = None) -> int:
    """The day's stock alerts for every active campus (one notice per kind, campus and day)."""
    import datetime as dt

    from django.utils import timezone

    from campus.models import Campus

    from .services import send_stock_alerts

    when = dt.date.fromisoformat(day) if day else timezone.localdate()
    return sum(send_stock_alerts(campus, when) for campus in Campus.objects.filter(is_active=True))
