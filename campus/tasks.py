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


@shared_task(name="campus.tasks.dispatch_to_groups")
def dispatch_to_groups(notification_ids: list[int]) -> int:
    """New alerts: their rows for the campus's group robots (企业微信, 钉钉), sent when due."""
    from . import channels

    due = channels.dispatch(notification_ids)
    for delivery_id in due:
        send_group_delivery.delay(delivery_id)
    return len(due)


@shared_task(bind=True, name="campus.tasks.send_group_delivery", max_retries=None)
def send_group_delivery(self, delivery_id: int) -> str:
    """One alert to one group robot; a refusal or no answer is retried with a growing delay."""
    from . import channels
    from .choices import DeliveryStatus

    status = channels.send_group_delivery(delivery_id)
    if status == DeliveryStatus.PENDING:
        retry = self.retry(countdown=channels.backoff(self.request.retries + 1), throw=False)
        if self.request.is_eager:  # run in-process (tests): Celery runs the retry when the Retry is returned
            return retry
        raise retry
    return status


@shared_task(name="campus.tasks.sweep_group_deliveries")
def sweep_group_deliveries() -> int:
    """Group alerts left by a lost task, a crash or quiet hours: planned and sent."""
    from . import channels

    return channels.sweep()

