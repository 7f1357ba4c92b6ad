"""The stores flows: purchase requests (申购) approved and received into stock, requisitions (领用)
approved, issued and signed for, new-term kits issued to every class at once, and stocktakes (盘点)
counted on a phone, approved and posted as adjustments.

Every change goes through ``logistics.services`` (purchasing, requisitions, stocktake); stock itself
moves only through the ledger's services, with the flow's record as the move's document."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campus.models import Campus, Classroom

from .ledger import (  # noqa: F401 - default_approval_categories: migration 0003 names it here
    Item,
    Lot,
    StockMove,
    Store,
    default_approval_categories,
    money,
    quantity_field,
)

ZERO = Decimal("0")


# --- purchase requests -----------------------------------------------------------------------------


class PurchaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    NEEDS_SECOND = "needs_second", _("Waiting for a second approver")
    APPROVED = "approved", _("Approved, to be ordered")
    REJECTED = "rejected", pgettext_lazy("purchase status", "Rejected")
    ORDERED = "ordered", _("Ordered, waiting for the goods")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


WAITING_APPROVAL = (PurchaseStatus.SUBMITTED, PurchaseStatus.NEEDS_SECOND)
OPEN_ORDER = (PurchaseStatus.ORDERED, PurchaseStatus.PARTLY_RECEIVED)


class PurchaseRequest(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("what for"), max_length=120)
    store = models.ForeignKey(Store, verbose_name=_("received into"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=PurchaseStatus.choices, default=PurchaseStatus.SUBMITTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    second_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("second approver"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="+")
    second_approved_at = models.DateTimeField(_("second approval at"), null=True, blank=True)
    rejection_reason = models.CharField(pgettext_lazy("purchase", "reason for rejection"), max_length=200, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    ordered_at = models.DateTimeField(_("ordered at"), null=True, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")
        ordering = ["-requested_at", "-id"]
        permissions = [("approve_purchaserequest", _("Can approve purchase requests"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=models.F("approved_by")),
                name="logistics_purchase_two_different_approvers",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="logistics_purchase_not_approved_by_requester",
            ),
        ]

    def __str__(self):
        return _("Purchase request %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self):
        return reverse("logistics:purchase_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"SG{self.requested_at:%Y}-{self.pk:04d}" if self.pk else ""

    @property
    def waiting_approval(self) -> bool:
        return self.status in WAITING_APPROVAL

    @property
    def progress_label(self) -> str:
        return self.get_status_display()


class PurchaseLine(models.Model):
    request = models.ForeignKey(PurchaseRequest, verbose_name=_("purchase request"), on_delete=models.CASCADE,
                                related_name="lines")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("An item of the catalogue; or describe a new one below."))
    description = models.CharField(_("description"), max_length=100, blank=True,
                                   help_text=_("For something not in the catalogue yet."))
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(Decimal("0.001"))])
    estimated_price = money(_("estimated unit price"), validators=[MinValueValidator(ZERO)])
    reason = models.CharField(_("why it is needed"), max_length=200, blank=True)
    received_quantity = quantity_field(_("received"), default=ZERO)
    closed = models.BooleanField(pgettext_lazy("purchase line", "closed"), default=False,
                                 help_text=_("Complete, or closed short with a reason: no more is expected."))
    closed_reason = models.CharField(_("why closed short"), max_length=200, blank=True)

    campus_path = "request__campus"

    class Meta:
        verbose_name = _("purchase line")
        verbose_name_plural = _("purchase lines")
        ordering = ["request", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(item__isnull=False) | ~Q(description=""), name="logistics_purchase_line_what"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return str(self.item) if self.item_id else self.description

    @property
    def unit_label(self) -> str:
        return self.item.unit if self.item_id else self.unit

    @property
    def estimated_total(self) -> Decimal:
        return (self.quantity * self.estimated_price).quantize(Decimal("0.01"))

    @property
    def outstanding(self) -> Decimal:
        return ZERO if self.closed else max(self.quantity - self.received_quantity, ZERO)


class ReceiptCondition(models.TextChoices):
    GOOD = "good", _("Good")
    DAMAGED = "damaged", _("Some damaged (sent back)")
    WRONG = "wrong", _("Wrong goods or specification (sent back)")
    SHORT_DATED = "short_dated", _("Too close to expiry (sent back)")


class PurchaseReceipt(models.Model):
    """One delivery against an order, checked at the door: what came, in what condition, at what
    price. Its amount goes to finance as a claim waiting for payment (``finance_claim``)."""

    request = models.ForeignKey(PurchaseRequest, verbose_name=_("purchase request"), on_delete=models.PROTECT,
                                related_name="receipts")
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("purchase", "received by"),
                                    on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    amount = money(_("amount"), default=ZERO)
    finance_claim = models.ForeignKey("finance.Reimbursement", verbose_name=_("payment claim"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "request__campus"

    class Meta:
        verbose_name = _("purchase receipt")
        verbose_name_plural = _("purchase receipts")
        ordering = ["request", "received_at", "id"]

    def __str__(self):
        return _("Receipt of %(request)s on %(day)s") % {"request": self.request.number,
                                                       "day": f"{timezone.localtime(self.received_at):%Y-%m-%d}"}

    def get_absolute_url(self):
        return self.request.get_absolute_url()


class PurchaseReceiptLine(models.Model):
    receipt = models.ForeignKey(PurchaseReceipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(PurchaseLine, verbose_name=_("purchase line"), on_delete=models.PROTECT, related_name="receipt_lines")
    quantity = quantity_field(_("received"), validators=[MinValueValidator(ZERO)])
    returned = quantity_field(_("sent back"), default=ZERO, validators=[MinValueValidator(ZERO)])
    condition = models.CharField(_("condition"), max_length=12, choices=ReceiptCondition.choices, default=ReceiptCondition.GOOD)
    unit_price = money(_("unit price"), validators=[MinValueValidator(ZERO)])
    over_reason = models.CharField(_("why more than ordered"), max_length=200, blank=True)
    move = models.ForeignKey(StockMove, verbose_name=_("stock move"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")

    campus_path = "receipt__request__campus"

    class Meta:
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        ordering = ["receipt", "id"]

    def __str__(self):
        return f"{self.line} {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


# --- requisitions ----------------------------------------------------------------------------------


class RequisitionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    READY = "ready", _("To be issued")
    PARTLY_ISSUED = "partly_issued", _("Partly issued")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", pgettext_lazy("requisition status", "Rejected")
    CANCELLED = "cancelled", _("Cancelled")


TO_ISSUE = (RequisitionStatus.READY, RequisitionStatus.PARTLY_ISSUED)


class Kit(models.Model):
    """A new-term kit: N of each listed item for every class, issued to all classes in one action."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("class kit")
        verbose_name_plural = _("class kits")
        ordering = ["campus", "name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="logistics_kit_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:kit_detail", args=[self.pk])


class KitLine(models.Model):
    kit = models.ForeignKey(Kit, verbose_name=_("class kit"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="+")
    quantity = quantity_field(_("per class"), validators=[MinValueValidator(Decimal("0.001"))])

    campus_path = "kit__campus"

    class Meta:
        verbose_name = _("kit line")
        verbose_name_plural = _("kit lines")
        ordering = ["kit", "id"]
        constraints = [models.UniqueConstraint(fields=["kit", "item"], name="logistics_kit_line_unique_item")]

    def __str__(self):
        return f"{self.item} × {self.quantity}"


class Requisition(models.Model):
    """A request for goods from a store: by a class, a department or a person."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    department = models.CharField(_("department or person"), max_length=60, blank=True,
                                  help_text=_("For a department (the kitchen, the office) or a person, when not for a class."))
    status = models.CharField(_("status"), max_length=14, choices=RequisitionStatus.choices, default=RequisitionStatus.READY)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    needed_on = models.DateField(_("needed by"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejection_reason = models.CharField(pgettext_lazy("requisition", "reason for rejection"), max_length=200, blank=True)
    kit = models.ForeignKey(Kit, verbose_name=_("class kit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ["-requested_at", "-id"]
        permissions = [
            ("approve_requisition", _("Can approve requisitions")),
            ("issue_requisition", _("Can issue requisitions from the store")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(classroom__isnull=False) | ~Q(department=""), name="logistics_requisition_for_whom"),
        ]

    def __str__(self):
        return _("Requisition %(number)s: %(whom)s") % {"number": self.number, "whom": self.for_whom}

    def get_absolute_url(self):
        return reverse("logistics:requisition_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"LY{self.requested_at:%Y}-{self.pk:04d}" if self.pk else ""

    @property
    def for_whom(self) -> str:
        return str(self.classroom) if self.classroom_id else self.department

    @property
    def progress_label(self) -> str:
        return self.get_status_display()


class RequisitionLine(models.Model):
    requisition = models.ForeignKey(Requisition, verbose_name=_("requisition"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="+")
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(Decimal("0.001"))])
    issued_quantity = quantity_field(_("issued"), default=ZERO)

    campus_path = "requisition__campus"
    class_path = "requisition__classroom"

    class Meta:
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        ordering = ["requisition", "id"]

    def __str__(self):
        return f"{self.item} × {self.quantity}"

    @property
    def outstanding(self) -> Decimal:
        return max(self.quantity - self.issued_quantity, ZERO)


class RequisitionIssue(models.Model):
    """One handing-over against a requisition, signed for by the person who took the goods."""

    requisition = models.ForeignKey(Requisition, verbose_name=_("requisition"), on_delete=models.PROTECT, related_name="issues")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT,
                                 related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    value = money(_("value"), default=ZERO)
    history = HistoricalRecords()

    campus_path = "requisition__campus"
    class_path = "requisition__classroom"

    class Meta:
        verbose_name = _("requisition issue")
        verbose_name_plural = _("requisition issues")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return _("Issue for %(requisition)s") % {"requisition": self.requisition.number}

    def get_absolute_url(self):
        return self.requisition.get_absolute_url()


class RequisitionIssueLine(models.Model):
    issue = models.ForeignKey(RequisitionIssue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(RequisitionLine, verbose_name=_("requisition line"), on_delete=models.PROTECT,
                             related_name="issue_lines")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="+")
    quantity = quantity_field(_("quantity"))
    value = money(_("value"), default=ZERO)

    campus_path = "issue__requisition__campus"
    class_path = "issue__requisition__classroom"

    class Meta:
        verbose_name = _("issued line")
        verbose_name_plural = _("issued lines")
        ordering = ["issue", "id"]

    def __str__(self):
        return f"{self.item} × {self.quantity}"


# --- stocktakes ------------------------------------------------------------------------------------


class StocktakeStatus(models.TextChoices):
    COUNTING = "counting", _("Counting")
    SUBMITTED = "submitted", _("Waiting for approval")
    POSTED = "posted", _("Approved and posted")
    CANCELLED = "cancelled", _("Cancelled")


class Stocktake(models.Model):
    """A count of one store. The balance of every item and lot is copied when it starts (the book
    quantity); each counted line is compared with that balance plus what moved in the store since the
    start up to the moment the line was counted, so issues may continue during the count without
    showing as a shortage. The director approves the variances, then they post as adjustments."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=StocktakeStatus.choices, default=StocktakeStatus.COUNTING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT,
                                   related_name="+")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    checklist_run_id = models.PositiveIntegerField(_("checklist run"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-started_at", "-id"]
        permissions = [("approve_stocktake", _("Can approve stocktakes"))]
        constraints = [
            models.UniqueConstraint(fields=["store"], condition=Q(status__in=["counting", "submitted"]),
                                    name="logistics_one_open_stocktake_per_store"),
        ]

    def __str__(self):
        return _("Stocktake of %(store)s on %(day)s") % {"store": self.store, "day": f"{timezone.localtime(self.started_at):%Y-%m-%d}"}

    def get_absolute_url(self):
        return reverse("logistics:stocktake_detail", args=[self.pk])

    @property
    def progress_label(self) -> str:
        return self.get_status_display()


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    book_quantity = quantity_field(_("on the books at the start"))
    unit_cost = models.DecimalField(_("unit cost"), max_digits=14, decimal_places=4, default=ZERO)
    moved_since = quantity_field(_("moved since the start"), default=ZERO)
    counted = quantity_field(_("counted"), null=True, blank=True, validators=[MinValueValidator(ZERO)])
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counted by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    note = models.CharField(_("why it differs"), max_length=200, blank=True)
    move = models.ForeignKey(StockMove, verbose_name=_("adjustment"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")

    campus_path = "stocktake__campus"

    class Meta:
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        ordering = ["stocktake", "item__category", "item__name", "lot__expires_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "item", "lot"], condition=Q(lot__isnull=False),
                                    name="logistics_stocktake_line_unique_lot"),
            models.UniqueConstraint(fields=["stocktake", "item"], condition=Q(lot__isnull=True),
                                    name="logistics_stocktake_line_unique_no_lot"),
        ]

    def __str__(self):
        return f"{self.item} {self.lot or ''}".strip()

    @property
    def expected(self) -> Decimal:
        """What should be on the shelf when the line was counted: the book quantity at the start plus
        what moved since (issues made during the count are not a shortage)."""
        return self.book_quantity + self.moved_since

    @property
    def variance(self) -> Decimal | None:
        return None if self.counted is None else self.counted - self.expected

    @property
    def variance_value(self) -> Decimal | None:
        variance = self.variance
        return None if variance is None else (variance * self.unit_cost).quantize(Decimal("0.01"))
