"""Moves of assets: transfers between places, custodians or campuses (the receiver confirms) and
loans of portable items with a due date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, Place, StaffMember

from ..choices import TransferStatus
from .register import Asset

User = settings.AUTH_USER_MODEL


class Transfer(models.Model):
    """调拨: an asset going to another place, custodian or campus; done when the receiver confirms.
    Transfers made together (a branch closing) share a ``batch``."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="asset_transfers")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="transfers")
    from_place = models.ForeignKey(Place, verbose_name=_("from place"), on_delete=models.PROTECT, related_name="+")
    from_custodian = models.ForeignKey(StaffMember, verbose_name=_("from custodian"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_campus = models.ForeignKey(Campus, verbose_name=_("to campus"), on_delete=models.PROTECT, related_name="asset_transfers_in")
    to_place = models.ForeignKey(Place, verbose_name=_("to place"), on_delete=models.PROTECT, related_name="+")
    to_custodian = models.ForeignKey(StaffMember, verbose_name=_("to custodian"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    batch = models.UUIDField(_("batch"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    answered_by = models.ForeignKey(User, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.CharField(_("receiver's note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset transfer")
        verbose_name_plural = _("asset transfers")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["asset"], condition=Q(status=TransferStatus.PENDING), name="asset_one_pending_transfer"),
        ]

    def __str__(self):
        return f"{self.asset.code} → {self.to_place}"

    def get_absolute_url(self):
        return reverse("assets:transfer_detail", args=[self.pk])


class Loan(models.Model):
    """A portable item lent to a member of staff, due back on a date."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="asset_loans")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="loans")
    borrower = models.ForeignKey(StaffMember, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="asset_loans")
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    lent_on = models.DateField(_("lent on"))
    due_on = models.DateField(_("due back on"))
    lent_by = models.ForeignKey(User, verbose_name=_("lent by"), on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    returned_to = models.ForeignKey(User, verbose_name=_("returned to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_note = models.CharField(_("condition on return"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset loan")
        verbose_name_plural = _("asset loans")
        ordering = ["-lent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["asset"], condition=Q(returned_on__isnull=True), name="asset_one_open_loan"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("lent_on")), name="asset_loan_due_after_lent"),
        ]

    def __str__(self):
        return f"{self.asset.code} → {self.borrower}"

    def get_absolute_url(self):
        return reverse("assets:loan_detail", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.returned_on is None and self.due_on < today
