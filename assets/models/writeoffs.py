"""Write-offs (报废/报损): a request with a reason and photos, approved by the director and, above the
campus's amount, by a second approver; one request may hold a whole campus (a branch closing)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus
from campus.uploads import IMAGE, UploadValidator

from ..choices import WriteOffKind, WriteOffStatus
from .register import Asset, money

User = settings.AUTH_USER_MODEL


class WriteOff(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="asset_write_offs")
    kind = models.CharField(_("kind"), max_length=10, choices=WriteOffKind.choices, default=WriteOffKind.SCRAP)
    reason = models.TextField(_("reason"))
    total_value = money(_("original value (yuan)"), default=0)
    net_value = money(_("net book value (yuan)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=WriteOffStatus.choices, default=WriteOffStatus.PENDING)
    whole_campus = models.BooleanField(_("whole campus (branch closing)"), default=False)
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    approved_by = models.ForeignKey(User, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    second_approved_by = models.ForeignKey(User, verbose_name=_("second approver"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    second_approved_at = models.DateTimeField(_("second approval at"), null=True, blank=True)
    rejected_by = models.ForeignKey(User, verbose_name=_("rejected by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rejection_reason = models.CharField(_("why rejected"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset write-off")
        verbose_name_plural = _("asset write-offs")
        ordering = ["-requested_at", "-id"]
        permissions = [("approve_writeoff", _("Can approve asset write-offs"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=models.F("approved_by")),
                name="asset_writeoff_two_different_approvers",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.requested_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("assets:writeoff_detail", args=[self.pk])


class WriteOffLine(models.Model):
    write_off = models.ForeignKey(WriteOff, verbose_name=_("write-off"), on_delete=models.CASCADE, related_name="lines")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="write_off_lines")
    value = money(_("original value (yuan)"))
    net_value = money(_("net book value (yuan)"))

    campus_path = "write_off__campus"

    class Meta:
        verbose_name = _("write-off line")
        verbose_name_plural = _("write-off lines")
        ordering = ["write_off", "id"]
        constraints = [models.UniqueConstraint(fields=["write_off", "asset"], name="asset_writeoff_line_once")]

    def __str__(self):
        return str(self.asset_id)


class WriteOffPhoto(models.Model):
    write_off = models.ForeignKey(WriteOff, verbose_name=_("write-off"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="assets/write-offs/%Y/", validators=[UploadValidator((IMAGE,))])
    added_by = models.ForeignKey(User, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    campus_path = "write_off__campus"

    class Meta:
        verbose_name = _("write-off photo")
        verbose_name_plural = _("write-off photos")
        ordering = ["write_off", "id"]

    def __str__(self):
        return self.image.name
