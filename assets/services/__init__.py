"""Every write of the assets app, one module per area, each public name re-exported here (other apps
and the views use ``assets.services``). The register side: ``register``; the repairs side appends
``repairs`` below."""

from ..errors import AssetsError
from .ledger import COLUMNS as LEDGER_COLUMNS
from .ledger import import_ledger
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
    remove_photo,
    save_category,
    set_status,
    settings_for,
    update_asset,
    update_settings,
)

__all__ = [
    "EDITABLE", "LEDGER_COLUMNS", "SETTABLE", "AssetsError", "import_ledger", "add_category", "add_photo", "find_by_code", "format_code", "is_staff_of",
    "low_value", "refresh_low_value", "register_asset", "remove_photo", "save_category", "set_status", "settings_for",
    "update_asset", "update_settings",
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
