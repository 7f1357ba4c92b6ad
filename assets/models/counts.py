"""Counts by scanning (盘点): a count of a place (or the whole campus), the labels scanned, and the
differences found when it is finished, each resolved (found, moved, lost → write-off)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, Place

from ..choices import CountStatus, DifferenceKind, Resolution
from .register import Asset

User = settings.AUTH_USER_MODEL


class Count(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="asset_counts")
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="asset_counts",
        help_text=_("Empty: the whole campus."),
    )
    status = models.CharField(_("status"), max_length=10, choices=CountStatus.choices, default=CountStatus.OPEN)
    started_by = models.ForeignKey(User, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"))
    finished_by = models.ForeignKey(User, verbose_name=_("finished by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expected = models.PositiveIntegerField(_("assets expected"), default=0)
    scanned = models.PositiveIntegerField(_("labels scanned"), default=0)
    checklist_run_id = models.PositiveIntegerField(_("checklist run"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset count")
        verbose_name_plural = _("asset counts")
        ordering = ["-started_at", "-id"]
        permissions = [("resolve_count", _("Can resolve count differences"))]

    def __str__(self):
        return str(self.place or self.campus)

    def get_absolute_url(self):
        return reverse("assets:count_detail", args=[self.pk])

    @property
    def progress_label(self) -> str:
        return str(self.get_status_display())


class CountScan(models.Model):
    count = models.ForeignKey(Count, verbose_name=_("count"), on_delete=models.CASCADE, related_name="scans")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="+")
    scanned_by = models.ForeignKey(User, verbose_name=_("scanned by"), on_delete=models.PROTECT, related_name="+")
    scanned_at = models.DateTimeField(_("scanned at"))

    campus_path = "count__campus"

    class Meta:
        verbose_name = _("count scan")
        verbose_name_plural = _("count scans")
        ordering = ["count", "scanned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["count", "asset"], name="asset_count_scan_once")]

    def __str__(self):
        return str(self.asset_id)


class CountDifference(models.Model):
    count = models.ForeignKey(Count, verbose_name=_("count"), on_delete=models.CASCADE, related_name="differences")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="count_differences")
    kind = models.CharField(_("difference"), max_length=12, choices=DifferenceKind.choices)
    registered_place = models.ForeignKey(Place, verbose_name=_("place on the register"), on_delete=models.PROTECT, related_name="+")
    found_place = models.ForeignKey(Place, verbose_name=_("found in"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolution = models.CharField(_("resolution"), max_length=10, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(User, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "count__campus"

    class Meta:
        verbose_name = _("count difference")
        verbose_name_plural = _("count differences")
        ordering = ["count", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["count", "asset"], name="asset_count_difference_once")]

    def __str__(self):
        return f"{self.asset_id} {self.get_kind_display()}"
