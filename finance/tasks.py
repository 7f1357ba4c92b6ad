"""Celery tasks: thin, idempotent, calling the services."""

import datetime as dt

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from campus.models import Campus

from . import services


@shared_task(acks_late=True)
def close_month_task(campus_id: int, month: str, user_id: int | None = None) -> dict:
    """Close one campus's month (bills, refunds, canteen draft, statements). Safe to run again."""
    campus = Campus.objects.get(pk=campus_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    record = services.close_month(campus, dt.date.fromisoformat(month), user=user)
    return {"campus": campus.code, "month": month, "bills_created": record.bills_created}


@shared_task
def close_current_month() -> list:
    """Beat, the 1st at 06:00 (Asia/Shanghai): this month's bills for every active campus, each in
    its own task so one campus's problem does not stop the others."""
    month = services.month_start(timezone.localdate())
    campus_ids = list(Campus.objects.filter(is_active=True).values_list("pk", flat=True))
    for campus_id in campus_ids:
        close_month_task.delay(campus_id, month.isoformat())
    return campus_ids
