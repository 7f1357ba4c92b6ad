"""Celery tasks of the kernel: thin and idempotent, calling the services."""

from celery import shared_task

from . import deliveries


@shared_task(name="campus.tasks.send_deliveries")
def send_deliveries(recipient_ids: list[int]) -> int:
    """Send the waiting e-mails (and later other channels) of these notification recipients."""
    return deliveries.send_deliveries(recipient_ids)


@shared_task(name="campus.tasks.retry_deliveries")
def retry_deliveries() -> int:
    """Deliveries that failed or whose task was lost, sent again (a few tries)."""
    return deliveries.retry_deliveries()
