from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RefundRule(models.TextChoices):
    EVERY_DAY = "every_day", _("Every absent day is refunded")
    BEYOND_N = "beyond_n", _("Days of leave beyond N consecutive days are refunded")
    N_MINUS_ONE = "n_minus_one", _("N consecutive days of leave or more: all but the first day are refunded (Shenzhen)")
    SICK_ONLY = "sick_only", _("Only sick-leave days are refunded")
    NONE = "none", _("No refund of meal fees")


class FeeItemPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    TERM = "term", _("per term (billed in the first month)")


class BillLineKind(models.TextChoices):
    CARE = "care", _("Care fee")
    MEAL = "meal", _("Meal fee")
    OTHER = "other", _("Other fee")
    MEAL_REFUND = "meal_refund", _("Meal fee refund for absences")
    REFUND_ADJUSTMENT = "refund_adjustment", _("Meal fee refund adjustment (attendance corrected)")


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    ABSENCE_REFUND = "absence_refund", _("Absence refund (credit)")
    PAYMENT = "payment", _("Payment received")
    REFUND_PAID = "refund_paid", _("Refund paid out")
    REVERSAL = "reversal", _("Reversal")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    BANK = "bank", _("Bank transfer")


class CloseStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AccountStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class CostKind(models.TextChoices):
    FOOD = "food", _("Food (entered by hand)")
    OTHER = "other", _("Other allowed cost (fuel, seasoning...)")
    STAFF_MEALS = "staff_meals", _("Less: staff meals (paid separately)")


class FoodCostBasis(models.TextChoices):
    """Where the canteen account's food cost comes from."""

    ACCEPTED = "accepted", _("Food accepted in the kitchen")
    ISSUED = "issued", _("Food issued from the food store")


class ClaimCategory(models.TextChoices):
    CANTEEN = "canteen", _("Canteen (children's meals)")
    OFFICE = "office", _("Office supplies")
    REPAIRS = "repairs", _("Repairs and maintenance")
    TEACHING = "teaching", _("Teaching materials")
    OTHER = "other", _("Other")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    NEEDS_SECOND = "needs_second", _("Waiting for a second approver")
    APPROVED = "approved", _("Approved, waiting for payment")
    REJECTED = "rejected", pgettext_lazy("claim status", "Rejected")
    PAID = "paid", _("Paid")


class InvitationKind(models.TextChoices):
    INVITE = "invite", _("Invitation (new login)")
    RESET = "reset", _("Password reset (existing login)")
