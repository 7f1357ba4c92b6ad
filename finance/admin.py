from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Bill,
    BillLine,
    CanteenAccount,
    CanteenCostLine,
    FeeItem,
    FeeStandard,
    FinanceSettings,
    LedgerEntry,
    MonthClose,
    Reimbursement,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Money records are written by finance.services only; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["campus", "refund_rule", "refund_threshold_days", "surplus_warning_percent", "second_approval_amount"]


class FeeItemInline(admin.TabularInline):
    model = FeeItem
    extra = 0


@admin.register(FeeStandard)
class FeeStandardAdmin(SimpleHistoryAdmin):
    list_display = ["campus", "term", "care_fee_month", "meal_fee_day", "published_at"]
    list_filter = ["campus"]
    inlines = [FeeItemInline]

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.published_at is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class BillLineInline(admin.TabularInline):
    model = BillLine
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "description", "quantity", "unit_price", "amount", "period", "days"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ["child", "month", "total", "amount_due", "campus"]
    list_filter = ["campus", "month"]
    search_fields = ["child__name"]
    inlines = [BillLineInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "child", "kind", "amount", "method", "receipt_no", "reason"]
    list_filter = ["campus", "kind", "method"]
    search_fields = ["child__name", "receipt_no"]


@admin.register(CanteenAccount)
class CanteenAccountAdmin(ReadOnlyAdmin):
    list_display = ["campus", "month", "revision", "status", "income", "spending", "balance", "term_percent"]
    list_filter = ["campus", "status"]


@admin.register(CanteenCostLine)
class CanteenCostLineAdmin(ReadOnlyAdmin):
    list_display = ["campus", "month", "kind", "description", "amount"]


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    list_display = ["campus", "month", "status", "done", "total", "finished_at"]


@admin.register(Reimbursement)
class ReimbursementAdmin(ReadOnlyAdmin):
    list_display = ["title", "campus", "amount", "status", "created_at"]
    list_filter = ["campus", "status"]
