"""Repair requests (报修): anyone on the staff reports something broken (a photo, the asset or the
place, what is wrong, how urgent); the asset manager or the logistics head (campus setting) assigns
it to a staff member or a contractor, records parts and cost and closes it with a photo of the
result; the reporter or another person (never the one who closed it) verifies it. The urgency sets
the deadline; the cost goes to finance as an expense claim without being typed again."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, Place
from campus.people import display_name
from campus.uploads import IMAGE, UploadValidator

from ..choices import AssetStatus, RepairRoute, RepairUrgency


class RepairStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, waiting to be assigned")
    ASSIGNED = "assigned", _("Assigned, being repaired")
    CLOSED = "closed", _("Repaired, waiting for verification")
    VERIFIED = "verified", pgettext_lazy("repair status", "Verified")


OPEN_STATUSES = (RepairStatus.REPORTED, RepairStatus.ASSIGNED)


class RepairRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class RepairRequest(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), null=True, blank=True, on_delete=models.PROTECT, related_name="repairs",
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    problem = models.TextField(_("what is wrong"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=RepairUrgency.choices, default=RepairUrgency.NORMAL)
    photo = models.ImageField(
        _("photo"), upload_to="assets/repairs/%Y/%m/", blank=True, validators=[UploadValidator((IMAGE,))],
    )
    status = models.CharField(_("status"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    due_at = models.DateTimeField(pgettext_lazy("repair", "deadline"))
    manager_role = models.CharField(_("goes to (role)"), max_length=30, choices=RepairRoute.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("repaired by (staff)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    contractor = models.CharField(_("repaired by (contractor)"), max_length=100, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    parts = models.TextField(_("parts used"), blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=0)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("what was done"), blank=True)
    after_photo = models.ImageField(
        _("photo after the repair"), upload_to="assets/repairs/after/%Y/%m/", blank=True,
        validators=[UploadValidator((IMAGE,))],
    )
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    asset_status_before = models.CharField(_("asset status before the repair"), max_length=20, blank=True,
                                           choices=AssetStatus.choices)
    run = models.ForeignKey(
        "checklists.Run", verbose_name=_("found in the checklist"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    item_result = models.ForeignKey(
        "checklists.ItemResult", verbose_name=_("answer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    expense_claim = models.ForeignKey(
        "finance.Reimbursement", verbose_name=_("expense claim"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = RepairRequestQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("repair request")
        verbose_name_plural = _("repair requests")
        ordering = ["-reported_at", "-id"]
        permissions = [
            ("manage_repairrequest", _("Can assign and close repair requests")),
            ("oversee_repairrequest", _("Can see every repair request of the campus")),
        ]
        indexes = [models.Index(fields=["campus", "status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(asset__isnull=False) | Q(place__isnull=False) | Q(run__isnull=False), name="repair_says_where",
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="repair_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | ~Q(verified_by=F("closed_by")), name="repair_verifier_not_closer",
            ),
        ]

    def __str__(self):
        return f"{self.where} · {self.short_problem}"

    def get_absolute_url(self):
        return reverse("assets:repair_detail", args=[self.pk])

    @property
    def where(self) -> str:
        if self.asset_id:
            return str(self.asset)
        if self.place_id:
            return str(self.place)
        return self.run.place if self.run_id else ""

    @property
    def short_problem(self) -> str:
        text = " ".join(self.problem.split())
        return text if len(text) <= 30 else text[:29] + "…"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    @property
    def repaired_by(self) -> str:
        if self.assignee_id:
            return display_name(self.assignee)
        return self.contractor

    @property
    def progress_label(self) -> str:
        """What the checklist run page shows next to the repair it opened."""
        if self.is_overdue():
            return gettext("%(status)s (late)") % {"status": self.get_status_display()}
        return str(self.get_status_display())
