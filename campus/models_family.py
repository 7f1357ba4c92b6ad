"""Records of the family side and of the alert channels (imported from ``campus.models``).

Alert channels (written by ``campus.channels``): ``AlertGroup`` is one 企业微信 or 钉钉 group robot
of a campus with the alert kinds it receives; ``GroupDelivery`` is one version of an alert to one group
(unique per alert, group and revision: the first message and each update in place, never sent twice),
with its status and tries; ``AlertSettings`` the campus's quiet hours and digest.

Families (written by ``campus.family.services``): ``LeaveRequest`` (请假) from a parent's phone,
confirmed by the class teacher into attendance; ``FamilySettings`` the campus's cut-off time.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import Channel, DeliveryStatus, LeaveKind, LeaveStatus
from .models_base import CampusSettingsBase

GROUP_CHANNELS = [(Channel.WECOM.value, Channel.WECOM.label), (Channel.DINGTALK.value, Channel.DINGTALK.label)]


class AlertSettings(CampusSettingsBase):
    """When group robots may speak, and when the director's daily digest goes out."""

    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True, default=dt.time(21, 0),
                                  help_text=_("From this time until the end of quiet hours only urgent alerts (outbreak, "
                                              "a medicine due, a child not picked up, a refused pickup, visitors still "
                                              "on site) reach the groups; the others wait. Empty: no quiet hours."))
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True, default=dt.time(7, 0))
    digest_at = models.TimeField(_("daily digest at"), null=True, blank=True, default=dt.time(17, 30),
                                 help_text=_("The director receives the day's alerts in one message at this time. Empty: no digest."))
    medication_due_minutes = models.PositiveSmallIntegerField(
        _("medicine reminder (minutes before)"), default=15, validators=[MaxValueValidator(240)],
        help_text=_("A dose not given yet is announced to the class's staff and the health teacher this many minutes "
                    "before its time (the parent's medication request, 托幼机构卫生保健工作规范: medicine given on time "
                    "and recorded)."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def quiet_at(self, moment: dt.datetime) -> bool:
        if self.quiet_from is None or self.quiet_until is None or self.quiet_from == self.quiet_until:
            return False
        now = timezone.localtime(moment).time()
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= now < self.quiet_until
        return now >= self.quiet_from or now < self.quiet_until

    def quiet_ends(self, moment: dt.datetime) -> dt.datetime:
        """The first moment at or after ``moment`` outside quiet hours."""
        if not self.quiet_at(moment):
            return moment
        local = timezone.localtime(moment)
        end = local.replace(hour=self.quiet_until.hour, minute=self.quiet_until.minute, second=0, microsecond=0)
        return end if end > local else end + dt.timedelta(days=1)


class AlertGroup(models.Model):
    """A 企业微信 or 钉钉 group robot: its webhook, its signing secret (钉钉 加签), the kinds it gets."""

    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.CASCADE, related_name="alert_groups")
    channel = models.CharField(_("channel"), max_length=20, choices=GROUP_CHANNELS)
    name = models.CharField(_("group name"), max_length=60)
    webhook_url = models.URLField(_("webhook address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True,
                              help_text=_("钉钉 robots with 加签 security: the secret starting with SEC. Never shown again once saved."))
    kinds = models.JSONField(_("alert kinds"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["secret"])

    campus_path = "campus"

    class Meta:
        verbose_name = _("alert group")
        verbose_name_plural = _("alert groups")
        ordering = ["campus", "name"]

    def __str__(self):
        return self.name


class GroupDelivery(models.Model):
    notification = models.ForeignKey("campus.Notification", verbose_name=_("notification"), on_delete=models.CASCADE,
                                     related_name="group_deliveries")
    group = models.ForeignKey(AlertGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="deliveries")
    revision = models.PositiveIntegerField(_("revision"), default=0,
                                           help_text=_("Which version of the alert: 0 the first, then one per update in place."))
    text = models.TextField(_("message"), blank=True, help_text=_("The message as planned (an update says what it said then)."))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    not_before = models.DateTimeField(_("not before"), default=timezone.now,
                                      help_text=_("Quiet hours: a non-urgent alert waits until they end."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    campus_path = "group__campus"

    class Meta:
        verbose_name = _("group delivery")
        verbose_name_plural = _("group deliveries")
        constraints = [models.UniqueConstraint(fields=["notification", "group", "revision"], name="group_delivery_once_per_revision")]
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self):
        return f"{self.group} {self.notification}"


class FamilySettings(CampusSettingsBase):
    leave_cutoff = models.TimeField(
        _("leave request cut-off"), default=dt.time(8, 30),
        help_text=_("A leave request made before this time of its first day counts for that day at once: the child is "
                    "marked on leave and the kitchen's meal count drops, before the teacher confirms. A later request "
                    "counts once the teacher confirms it."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family settings")
        verbose_name_plural = _("family settings")


class LeaveRequest(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey("campus.Classroom", verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("campus.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="leave_requests")
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    symptoms = models.CharField(_("symptoms"), max_length=200, blank=True, validators=[MaxLengthValidator(200)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    in_time = models.BooleanField(_("before the cut-off"), default=False,
                                  help_text=_("Made before the cut-off time of its first day: counted for that day at once."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="leave_request_dates_in_order")]
        indexes = [models.Index(fields=["campus", "status", "first_day"])]

    def __str__(self):
        return f"{self.child} {self.get_kind_display()} {self.first_day}"

    def get_absolute_url(self):
        return reverse("campus:family_leave_detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


class FamilyNotice(models.Model):
    """A notice (通知) to the families of one class, or of the whole campus (no class)."""

    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey("campus.Classroom", verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text=_("Empty: every family of the campus."))
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(5000)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("notice to families")
        verbose_name_plural = _("notices to families")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["campus", "classroom", "published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campus:family_notice_detail", args=[self.pk])


class NoticeReceipt(models.Model):
    """One family (a guardian with a login) told of a notice; read once they open it."""

    notice = models.ForeignKey(FamilyNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="receipts")
    guardian = models.ForeignKey("campus.Guardian", verbose_name=_("guardian"), on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    campus_path = "notice__campus"
    class_path = "notice__classroom"

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["notice", "guardian"], name="notice_receipt_once")]

    def __str__(self):
        return f"{self.guardian} {self.notice}"
