"""Stores services (every write), by area, re-exported here: other departments call
``logistics.services`` only. ``ledger``: stores, catalogue, receipts, issues, transfers,
adjustments, write-offs, reversals, balances."""

from ..errors import StoresError  # noqa: F401

# the flows: purchase requests, requisitions and kits, stocktakes (modules, called as purchasing.x)
from . import purchasing, requisitions, stocktake  # noqa: F401, E402
from .catalogue import COLUMNS as CATALOGUE_COLUMNS  # noqa: F401, E402
from .catalogue import export_catalogue, import_catalogue, read_catalogue  # noqa: F401, E402
from .food import (  # noqa: F401, E402
    Proposal,
    correct_acceptance,
    expiry_from,
    food_issued_value,
    food_store,
    grams_per_unit,
    issue_to_kitchen,
    proposed_issue,
    receive_acceptance,
    stocked_acceptance_ids,
)
from .ledger import (  # noqa: F401
    ReceiptLine,
    adjust,
    balance_of,
    balances_for,
    counterpart_item,
    is_keeper,
    issue,
    kept_by_keeper,
    may_override_keeper,
    needs_witness,
    receive,
    reverse,
    save_item,
    save_store,
    settings_for,
    transfer,
    update_settings,
    write_off,
)
from .stock import (  # noqa: F401, E402
    balance_list,
    chemical_count_due,
    expiring_balances,
    filter_flag,
    flag_rows,
    fmt,
    low_items,
    record_chemical_count,
    send_stock_alerts,
    stock_summary,
    store_flags,
    store_items,
)
