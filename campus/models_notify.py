"""The notification service's records (written only by ``campus.notifications``).

``Notification``: one alert, unique per campus, kind and idempotency key. ``NotificationRecipient``:
one row per person told (the in-app bell: unread while ``read_at`` is empty). ``Delivery``: one row
per recipient per outside channel (e-mail now; group robots later), with its status and attempts.
``NotificationPreference``: a person's choice of e-mail for one kind (in-app is always on).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Channel, DeliveryStatus, NoticeKind


class Notification(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40, choices=NoticeKind.choices)
    key = models.CharField(_("idempotency key"), max_length=200,
                           help_text=_("The same campus, kind and key is the same alert: it is never sent twice."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    revision = models.PositiveIntegerField(
        _("revision"), default=0,
        help_text=_("0 as first sent; one more each time its text is updated in place (the groups are told of each)."))

    campus_path = "campus"

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["campus", "kind", "key"], name="notification_once_per_key")]

    def __str__(self):
        return self.title


class NotificationRecipient(models.Model):
    notification = models.ForeignKey(Notification, verbose_name=_("notification"), on_delete=models.CASCADE,
                                     related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("for"), on_delete=models.CASCADE, related_name="notifications")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    campus_path = "notification__campus"

    class Meta:
        verbose_name = _("notification recipient")
        verbose_name_plural = _("notification recipients")
        constraints = [models.UniqueConstraint(fields=["notification", "user"], name="notification_recipient_once")]
        indexes = [models.Index(fields=["user", "notification"], condition=Q(read_at__isnull=True), name="notification_unread")]

    def __str__(self):
        return f"{self.user} {self.notification}"


class Delivery(models.Model):
    recipient = models.ForeignKey(NotificationRecipient, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    campus_path = "recipient__notification__campus"

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["recipient", "channel"], name="delivery_once_per_channel")]
        indexes = [models.Index(fields=["status", "tried_at"])]

    def __str__(self):
        return f"{self.recipient} {self.get_channel_display()} {self.get_status_display()}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=40, choices=NoticeKind.choices)
    email = models.BooleanField(_("by e-mail"))

    campus_path = "user__staff__campuses"

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"
