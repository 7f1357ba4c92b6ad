"""Sending the deliveries of notifications (``campus.notifications``): the channels, the Celery
task's work and the beat job's retries. Split from notifications so that the tasks module imports
this and notifications imports the tasks, without a cycle."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from .choices import EMAIL_BY_DEFAULT, Channel, DeliveryStatus
from .models_notify import Delivery

log = logging.getLogger("campus.notifications")

MAX_ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(minutes=10)



class EmailChannel:
    code = Channel.EMAIL

    def wants(self, kind: str, email: str, preferences: dict) -> bool:
        return bool(email) and preferences.get(kind, kind in EMAIL_BY_DEFAULT)

    def send(self, delivery: Delivery) -> None:
        notification = delivery.recipient.notification
        text = notification.body
        if notification.link:
            text = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{notification.link}".strip()
        send_mail(notification.title, text, None, [delivery.recipient.user.email])


CHANNELS = {channel.code: channel for channel in [EmailChannel()]}


# --- sending -------------------------------------------------------------------------------------


def send_deliveries(recipient_ids=None, *, delivery_ids=None) -> int:
    """Send the waiting deliveries of these recipients (or these deliveries). Each is claimed with a
    conditional update first, so two workers never send one twice. Returns how many were sent."""
    qs = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    qs = qs.filter(pk__in=delivery_ids) if delivery_ids is not None else qs.filter(recipient_id__in=recipient_ids or [])
    sent = 0
    for delivery_id in list(qs.values_list("pk", flat=True)):
        now = timezone.now()
        if not Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, tried_at=now
        ):
            continue
        delivery = Delivery.objects.select_related("recipient__notification", "recipient__user").get(pk=delivery_id)
        try:
            CHANNELS[delivery.channel].send(delivery)
        except Exception as exc:  # a channel's failure is recorded on its row and retried later
            log.exception("delivery %s failed", delivery_id)
            status = DeliveryStatus.FAILED if delivery.attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
            Delivery.objects.filter(pk=delivery_id).update(status=status, error=f"{type(exc).__name__}: {exc}"[:2000])
        else:
            Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
            sent += 1
    return sent


def retry_deliveries(now=None) -> int:
    """The beat job: deliveries still waiting after ``RETRY_AFTER`` (a failed try, a lost task) or
    stuck "being sent" (a worker died) are sent again, up to ``MAX_ATTEMPTS`` tries."""
    now = now or timezone.now()
    stale = now - RETRY_AFTER
    Delivery.objects.filter(status=DeliveryStatus.SENDING, tried_at__lt=stale).update(status=DeliveryStatus.PENDING)
    Delivery.objects.filter(status=DeliveryStatus.PENDING, attempts__gte=MAX_ATTEMPTS).update(status=DeliveryStatus.FAILED)
    ids = list(Delivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(tried_at__lt=stale) | Q(tried_at__isnull=True)).values_list("pk", flat=True))
    return send_deliveries(delivery_ids=ids)
