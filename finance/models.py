"""Fees, monthly bills, the append-only ledger, the canteen account, reimbursements and month close.

Money is ``Decimal`` yuan with 2 places. Ledger entries are append-only (the model refuses a
change or a delete, the admin offers neither, and a database trigger refuses an UPDATE); a
mistake is corrected by a reversing entry with a reason. A child's balance is the sum of its
entries: positive means the family owes money, negative that the kindergarten owes them.
"""

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase, Child, Guardian, Term
from campus.money import format_yuan
from campus.uploads import IMAGE, PDF, UploadValidator

from .choices import (
    AccountStatus,
    BillLineKind,
    ClaimCategory,
    ClaimStatus,
    CloseStatus,
    CostKind,
    EntryKind,
    FeeItemPeriod,
    FoodCostBasis,
    InvitationKind,
    PaymentMethod,
    RefundRule,
)

ZERO = Decimal("0.00")
GENERATED_RECEIPT = re.compile(r"^[A-Z0-9_.-]+-(?P<day>\d{8})-(?P<n>\d{3,})$")  # services.next_receipt_no
DEFAULT_DAYS_TO_PAY = 10


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class AppendOnly(Exception):
    pass


class FinanceSettings(CampusSettingsBase):
    refund_rule = models.CharField(
        _("meal fee refund rule"), max_length=20, choices=RefundRule.choices, default=RefundRule.N_MINUS_ONE,
        help_text=_("How absences are refunded. Default: the Shenzhen rule (2020): leave of 2 or more consecutive "
                    "days refunds all but the first day. Refund rules must be posted for parents (学前教育法)."),
    )
    refund_threshold_days = models.PositiveSmallIntegerField(
        _("N: consecutive days of leave"), default=2, validators=[MinValueValidator(1)],
        help_text=_("N in the refund rule (Shenzhen: 2; Putian: 3)."),
    )
    surplus_warning_percent = models.DecimalField(
        _("surplus or deficit warning (%)"), max_digits=5, decimal_places=2, default=Decimal("2.00"),
        help_text=_("The canteen's surplus or deficit over the term must stay within 2 percent of the meal income "
                    "(2012 幼儿园伙食管理规范)."),
    )
    second_approval_amount = money(
        _("second approver above (yuan)"), default=Decimal("2000.00"),
        help_text=_("Reimbursement claims above this amount need a second approver (the campus's financial rules)."),
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("parent invitation valid for (days)"), default=7, validators=[MinValueValidator(1)],
        help_text=_("How long an invitation link for the parent portal stays valid."),
    )
    days_to_pay = models.PositiveSmallIntegerField(
        _("days to pay a bill"), default=DEFAULT_DAYS_TO_PAY, validators=[MinValueValidator(1)],
        help_text=_("A bill is due this many days after it is issued; unpaid after that, it is in arrears. "
                    "Default 10: bills issued at the start of the month are paid by about the 10th."),
    )
    payment_instructions = models.TextField(
        _("payment instructions"), blank=True,
        help_text=_("Printed on every statement: how and where parents pay (account, WeChat, office hours)."),
    )
    food_cost_basis = models.CharField(
        _("canteen food cost from"), max_length=10, choices=FoodCostBasis.choices, default=FoodCostBasis.ACCEPTED,
        help_text=_("Accepted: every delivery accepted in the kitchen (进货查验) is the month's food cost. Issued: what "
                    "the food store issued to the kitchen, plus the fresh food accepted that never went into the store; "
                    "a delivery kept in the store is counted when it is issued, never twice."),
    )
    payment_qr = models.ImageField(
        _("payment QR code"), upload_to="finance/payment-qr/", blank=True, validators=[UploadValidator((IMAGE,))],
        help_text=_("The campus's own payment QR code image, printed on every statement."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")


class FeeStandard(models.Model):
    """The fees of a campus for a term, posted for parents together with the refund rule."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="fee_standards")
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="fee_standards")
    care_fee_month = money(_("care fee per month"), validators=[MinValueValidator(ZERO)],
                           help_text=_("保教费, collected monthly (发改价格〔2011〕3207号 Art. 14)."))
    meal_fee_day = money(_("meal fee per school day"), validators=[MinValueValidator(ZERO)],
                         help_text=_("伙食费: ring-fenced for the children's meals (学前教育法 Art. 69)."))
    notes = models.TextField(_("notes for parents"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("fee standard")
        verbose_name_plural = _("fee standards")
        ordering = ["campus", "-term__starts_on"]
        constraints = [models.UniqueConstraint(fields=["campus", "term"], name="feestandard_one_per_term")]

    def __str__(self):
        return f"{self.campus} {self.term}"

    def get_absolute_url(self):
        return reverse("finance:fee_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FeeItem(models.Model):
    standard = models.ForeignKey(FeeStandard, verbose_name=_("fee standard"), on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("item"), max_length=60)
    amount = money(_("amount"), validators=[MinValueValidator(ZERO)])
    period = models.CharField(_("charged"), max_length=10, choices=FeeItemPeriod.choices, default=FeeItemPeriod.MONTH)
    history = HistoricalRecords()

    campus_path = "standard__campus"

    class Meta:
        verbose_name = _("other fee item")
        verbose_name_plural = _("other fee items")
        ordering = ["standard", "name"]
        constraints = [models.UniqueConstraint(fields=["standard", "name"], name="feeitem_unique_name")]

    def __str__(self):
        return self.name


def job_stall_minutes() -> int:
    """A running or queued job whose heartbeat is older than this is stalled (its worker died)."""
    return settings.FINANCE_JOB_STALL_MINUTES


class ProgressJob(models.Model):
    """What a background job shows while it runs: the month close and the statements print share
    these fields, the progress display (``finance/_job_progress.html``) and ``finance.jobs``.
    A job beats ``heartbeat_at`` as it works; ``run_id`` names the run that holds it, so a second
    run (a redelivered message, a double click) leaves it alone."""

    status = models.CharField(_("status"), max_length=10, choices=CloseStatus.choices, default=CloseStatus.QUEUED)
    step = models.CharField(_("step"), max_length=40, blank=True)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    run_id = models.CharField(_("run id"), max_length=32, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        if self.status == CloseStatus.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (CloseStatus.QUEUED, CloseStatus.RUNNING)

    @property
    def stalled(self) -> bool:
        """Queued or running, but no sign of life for ``FINANCE_JOB_STALL_MINUTES``: its worker is gone."""
        if not self.running:
            return False
        last = self.heartbeat_at or self.started_at
        return last is None or timezone.now() - last > dt.timedelta(minutes=job_stall_minutes())


class MonthClose(ProgressJob):
    """Progress of one month's close for a campus (one row: the close is resumable and idempotent)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the billed month."))
    # Counted from the database by every progress update (never kept in the job): bills of the month
    # and those with their statement stored.
    bills_created = models.PositiveIntegerField(_("bills created"), default=0)
    pdfs_rendered = models.PositiveIntegerField(_("statements rendered"), default=0)
    # The previous month's documents as the close left them (the live pages render them again on demand).
    report_pdf = models.FileField(_("finance report of the previous month"), upload_to="finance/closes/%Y-%m/", blank=True,
                                  validators=[UploadValidator((PDF,))])
    canteen_pdf = models.FileField(_("canteen account of the previous month"), upload_to="finance/closes/%Y-%m/", blank=True,
                                   validators=[UploadValidator((PDF,))])

    campus_path = "campus"

    class Meta:
        verbose_name = _("month close")
        verbose_name_plural = _("month closes")
        ordering = ["-month", "campus"]
        constraints = [models.UniqueConstraint(fields=["campus", "month"], name="monthclose_one_per_month")]

    def __str__(self):
        return f"{self.campus} {self.month:%Y-%m}"


def statements_print_path(instance, filename):
    return f"finance/prints/{instance.month:%Y-%m}/{filename}"


class StatementsPrint(ProgressJob):
    """Every statement of a month in one PDF (a class's or the whole campus's), rendered by a job."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    classroom = models.ForeignKey("campus.Classroom", verbose_name=_("class"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    pdf = models.FileField(_("PDF"), upload_to=statements_print_path, blank=True, validators=[UploadValidator((PDF,))])
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    campus_path = "campus"

    class Meta:
        verbose_name = _("statements print")
        verbose_name_plural = _("statements prints")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.campus} {self.month:%Y-%m}"


def statement_path(bill, filename):
    """One fixed place per bill (month, campus, child): a rerun overwrites it, never adds a copy."""
    return f"finance/statements/{bill.month:%Y-%m}/{bill.campus_id}/{filename}"


class Bill(models.Model):
    """A child's bill for a month, created at month close; never changed afterwards (lines are its
    detail, the ledger entries its money)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="bills")
    month = models.DateField(_("month"))
    school_days = models.PositiveSmallIntegerField(_("school days in the month"), default=0)
    enrolled_days = models.PositiveSmallIntegerField(_("school days enrolled"), default=0)
    opening_balance = money(_("balance brought forward"), default=ZERO)
    total = money(_("this month"), default=ZERO)
    amount_due = money(_("amount due"), default=ZERO)
    due_on = models.DateField(_("due on"), help_text=_("Unpaid after this day, the bill is in arrears."))
    is_settlement = models.BooleanField(_("term-end or leaving settlement"), default=False)
    pdf = models.FileField(_("statement PDF"), upload_to=statement_path, blank=True,
                           validators=[UploadValidator((PDF,))])
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("monthly bill")
        verbose_name_plural = _("monthly bills")
        ordering = ["-month", "child__classroom__name", "child__name"]
        constraints = [models.UniqueConstraint(fields=["child", "month"], name="bill_one_per_child_month")]
        indexes = [models.Index(fields=["campus", "month"])]

    def __str__(self):
        return f"{self.child} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("finance:bill_detail", args=[self.pk])

    @property
    def refund_due(self):
        return -self.amount_due


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=BillLineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2, default=Decimal("1"))
    unit_price = money(_("unit price"))
    amount = money(_("amount"))
    period = models.DateField(_("for the month"), help_text=_("The month the line is about (refunds: last month)."))
    days = models.JSONField(_("days"), default=list, blank=True, help_text=_("The school days counted, ISO dates."))

    campus_path = "bill__campus"

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill", "id"]

    def __str__(self):
        return self.description


class LedgerEntryQuerySet(models.QuerySet):
    def balance(self) -> Decimal:
        total = self.aggregate(total=Sum("amount"))["total"] or ZERO
        return Decimal(total).quantize(Decimal("0.01"))

    def update(self, **kwargs):
        raise AppendOnly("Ledger entries are never changed; add a reversing entry.")

    def delete(self):
        raise AppendOnly("Ledger entries are never deleted; add a reversing entry.")


class LedgerEntry(models.Model):
    """One movement on a child's account. Positive: the family owes more (a charge, a refund paid
    out); negative: less (a payment, an absence refund credited)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = money(_("amount"))
    bill = models.ForeignKey(Bill, verbose_name=_("bill"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    bill_line = models.OneToOneField(BillLine, verbose_name=_("bill line"), null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="entry")
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices, blank=True)
    receipt_no = models.CharField(_("receipt number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = LedgerEntryQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["child", "created_at", "id"]
        indexes = [models.Index(fields=["campus", "created_at"]), models.Index(fields=["child", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.REVERSAL) | (Q(reverses__isnull=False) & ~Q(reason="")),
                name="ledger_reversal_has_original_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["payment", "refund_paid"]) | ~Q(method=""),
                name="ledger_payment_has_method",
            ),
            models.UniqueConstraint(
                fields=["campus", "receipt_no"], condition=~Q(receipt_no="") & Q(kind=EntryKind.PAYMENT),
                name="ledger_unique_receipt_no",
            ),
        ]

    def __str__(self):
        return f"{self.child} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("Ledger entries are never changed; add a reversing entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Ledger entries are never deleted; add a reversing entry.")

    @property
    def receipt_label(self) -> str:
        """The receipt number as people read it: ``CENTRAL-20261202-053`` (stored, unique per campus)
        shows as ``20261202053``, the campus's day and number without the English campus code (the
        record belongs to one campus anyway). A number typed by hand shows as typed."""
        match = GENERATED_RECEIPT.match(self.receipt_no)
        return f"{match['day']}{match['n']}" if match else self.receipt_no


class ParentInvitation(models.Model):
    """An invitation link for a guardian to set a password for the parent portal (used once)."""

    guardian = models.ForeignKey(Guardian, verbose_name=_("guardian"), on_delete=models.CASCADE, related_name="invitations")
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True,
                                      help_text=_("Set when a newer link is issued or another link is used."))
    kind = models.CharField(_("kind"), max_length=10, choices=InvitationKind.choices, default=InvitationKind.INVITE)
    notified_to = models.CharField(_("e-mail sent to"), max_length=254, blank=True)

    campus_path = "campus"

    class Meta:
        verbose_name = _("parent invitation")
        verbose_name_plural = _("parent invitations")
        ordering = ["-issued_at"]
        permissions = [("reset_parent_password", "Can reset the password of a parent's existing login")]

    def __str__(self):
        return f"{self.guardian} {self.issued_at:%Y-%m-%d}"


class CanteenCostLine(models.Model):
    """A cost of the canteen entered by hand (food until the kitchen's acceptance records are used,
    other allowed costs, the staff-meal share taken out). Never edited: a mistake gets a negative line."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.CharField(_("quantity"), max_length=40, blank=True)
    amount = money(_("amount"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("canteen cost line")
        verbose_name_plural = _("canteen cost lines")
        ordering = ["month", "kind", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="costline_amount_not_zero")]

    def __str__(self):
        return self.description


class CanteenAccount(models.Model):
    """The canteen account (伙食账) of a campus for a month. A draft is recalculated; a posted
    revision is frozen; a correction is a new revision that supersedes it, both kept and shown."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=AccountStatus.choices, default=AccountStatus.DRAFT)
    meal_income = money(_("meal fees billed"), default=ZERO)
    refunds = money(_("absence refunds"), default=ZERO)
    income = money(_("income"), default=ZERO)
    food_cost = money(_("food"), default=ZERO)
    food_basis = models.CharField(_("food cost from"), max_length=10, choices=FoodCostBasis.choices,
                                  default=FoodCostBasis.ACCEPTED)
    other_cost = money(_("other allowed costs"), default=ZERO)
    staff_meals = money(_("staff meals taken out"), default=ZERO)
    spending = money(_("spending"), default=ZERO)
    balance = money(_("balance"), default=ZERO)
    child_meal_days = models.PositiveIntegerField(_("child-meal-days"), default=0)
    cost_per_meal_day = money(_("cost per child-meal-day"), default=ZERO)
    term = models.ForeignKey(Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    term_income = money(_("term income to date"), default=ZERO)
    term_balance = money(_("term surplus or deficit to date"), default=ZERO)
    term_percent = models.DecimalField(_("term surplus or deficit (%)"), max_digits=7, decimal_places=2, default=ZERO)
    warning_limit = models.DecimalField(_("warning limit (%)"), max_digits=5, decimal_places=2, default=Decimal("2.00"))
    note = models.TextField(_("note"), blank=True)
    correction_reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("canteen account")
        verbose_name_plural = _("canteen accounts")
        ordering = ["-month", "-revision"]
        permissions = [("post_canteenaccount", _("Can review and post the canteen account"))]
        constraints = [
            models.UniqueConstraint(fields=["campus", "month", "revision"], name="canteen_unique_revision"),
            models.UniqueConstraint(fields=["campus", "month"], condition=Q(status=AccountStatus.DRAFT), name="canteen_one_draft"),
            models.UniqueConstraint(fields=["campus", "month"], condition=Q(status=AccountStatus.POSTED), name="canteen_one_posted"),
        ]

    def __str__(self):
        return f"{self.campus} {self.month:%Y-%m} ({self.revision})"

    def get_absolute_url(self):
        return reverse("finance:canteen_detail", args=[self.pk])

    @property
    def is_warning(self) -> bool:
        return abs(self.term_percent) > self.warning_limit

    @property
    def is_posted(self) -> bool:
        return self.status != AccountStatus.DRAFT


class CanteenAccountLine(models.Model):
    """The lines of a canteen account as calculated (frozen with a posted revision)."""

    account = models.ForeignKey(CanteenAccount, verbose_name=_("canteen account"), on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    day = models.DateField(_("date"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.CharField(_("quantity"), max_length=40, blank=True)
    amount = money(_("amount"))
    source = models.CharField(_("source"), max_length=20, default="manual")

    campus_path = "account__campus"

    class Meta:
        verbose_name = _("canteen account line")
        verbose_name_plural = _("canteen account lines")
        ordering = ["account", "kind", "day", "id"]

    def __str__(self):
        return self.description


class Reimbursement(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("claimant"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("what for"), max_length=120)
    category = models.CharField(_("category"), max_length=12, choices=ClaimCategory.choices, default=ClaimCategory.OTHER)
    amount = money(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    spent_on = models.DateField(_("spent on"))
    status = models.CharField(_("status"), max_length=14, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    second_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("second approver"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    second_approved_at = models.DateTimeField(_("second approval at"), null=True, blank=True)
    rejection_reason = models.CharField(pgettext_lazy("claim", "reason for rejection"), max_length=200, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("reimbursement claim")
        verbose_name_plural = _("reimbursement claims")
        ordering = ["-created_at"]
        permissions = [
            ("approve_reimbursement", _("Can approve reimbursement claims")),
            ("pay_reimbursement", _("Can pay reimbursement claims")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.PAID) | (Q(paid_by__isnull=False) & Q(approved_by__isnull=False)),
                name="reimbursement_paid_after_approval",
            ),
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=models.F("approved_by")),
                name="reimbursement_two_different_approvers",
            ),
        ]

    def __str__(self):
        return f"{self.title} {format_yuan(self.amount)}"

    def get_absolute_url(self):
        return reverse("finance:claim_detail", args=[self.pk])

    def clean(self):
        if self.spent_on and self.spent_on > timezone.localdate():
            raise ValidationError({"spent_on": _("The date is in the future.")})


class ReceiptPhoto(models.Model):
    claim = models.ForeignKey(Reimbursement, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("receipt photo"), upload_to="finance/receipts/%Y/%m/", validators=[UploadValidator((IMAGE,))])
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    campus_path = "claim__campus"

    class Meta:
        verbose_name = _("receipt photo")
        verbose_name_plural = _("receipt photos")
        ordering = ["claim", "id"]

    def __str__(self):
        return self.image.name


class ReceiptCounter(models.Model):
    """The last receipt number given out per campus and day. Numbered outside the payment's
    transaction (see ``services.next_receipt_no``), so two payments never wait on each other; no
    foreign key, so that short transaction needs nothing the payment has not committed yet."""

    campus_id = models.PositiveIntegerField(_("campus"))
    day = models.DateField(_("receipt day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")
        constraints = [models.UniqueConstraint(fields=["campus_id", "day"], name="receiptcounter_one_per_day")]

    def __str__(self):
        return f"{self.campus_id} {self.day}: {self.last}"
