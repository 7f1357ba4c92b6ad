"""Celery tasks of the assets app: thin and idempotent, calling the services."""

from celery import shared_task


@shared_task(name="assets.tasks.notify_overdue_repairs")
def notify_overdue_repairs() -> int:
    """Repairs past their deadline: one notice each (its key), so running twice tells no one twice."""
    from .services import notify_overdue_repairs as notify

    return notify()
