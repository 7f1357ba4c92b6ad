"""Stores services (every write), by area, re-exported here: other departments call
``logistics.services`` only. ``ledger``: stores, catalogue, receipts, issues, transfers,
adjustments, write-offs, reversals, balances."""

from ..errors import StoresError  # noqa: F401

# the flows: purchase requests, requisitions and kits, stocktakes (modules, called as purchasing.x)
from . import purchasing, requisitions, stocktake  # noqa: F401, E402
from .ledger import (  # noqa: F401
    ReceiptLine,
    adjust,
    balance_of,
    balances_for,
    counterpart_item,
    issue,
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
