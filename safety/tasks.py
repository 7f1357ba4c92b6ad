"""Celery tasks: thin and idempotent, calling the services."""

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
