"""Every write of the assets app, one module per area, each public name re-exported here (other apps
and the views use ``assets.services``). The register side: ``register``; the repairs side appends
``repairs`` below."""

from ..errors import AssetsError
from .counts import (
    Reconciliation,
    finish_count,
    open_differences,
    reconcile,
    resolve_difference,
    scan,
    start_count,
)
from .ledger import COLUMNS as LEDGER_COLUMNS
from .ledger import import_ledger
from .moves import (
    answer_transfer,
    cancel_transfer,
    lend_asset,
    may_answer,
    overdue_loans,
    request_transfer,
    return_asset,
    transfer_campus,
)
from .register import (
    EDITABLE,
    SETTABLE,
    add_category,
    add_photo,
    find_by_code,
    format_code,
    is_staff_of,
    low_value,
    refresh_low_value,
    register_asset,
    save_category,
    set_status,
    settings_for,
    update_asset,
    update_settings,
)
from .writeoffs import approve_write_off, needs_second, reject_write_off, request_write_off, write_off_campus

__all__ = [
    "EDITABLE", "LEDGER_COLUMNS", "SETTABLE", "AssetsError", "import_ledger", "add_category", "add_photo", "find_by_code", "format_code", "is_staff_of",
    "low_value", "refresh_low_value", "register_asset", "save_category", "set_status", "settings_for",
    "update_asset", "update_settings",
    "Reconciliation", "finish_count", "open_differences", "reconcile", "resolve_difference", "scan", "start_count",
    "answer_transfer", "cancel_transfer", "lend_asset", "may_answer", "overdue_loans", "request_transfer", "return_asset",
    "transfer_campus", "approve_write_off", "needs_second", "reject_write_off", "request_write_off", "write_off_campus",
]
# repairs: from .repairs import ...  (appended by the repairs side)
from .repairs import (  # noqa: E402 (the repairs side's lines)
    asset_repairs,
    assign_repair,
    close_repair,
    hand_to_finance,
    notify_overdue_repairs,
    reopen_repair,
    repair_from_anomaly,
    report_repair,
    verify_repair,
)

__all__ += [
    "asset_repairs", "assign_repair", "close_repair", "hand_to_finance", "notify_overdue_repairs", "reopen_repair",
    "repair_from_anomaly", "report_repair", "verify_repair",
]
