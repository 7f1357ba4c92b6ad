"""Stores models, by area: ``ledger`` (stores, catalogue, lots, moves, balances); the flows
(requests, requisitions, stocktakes) add their own module and re-export it here."""

from .flows import (  # noqa: F401, E402
    Kit,
    KitLine,
    PurchaseLine,
    PurchaseReceipt,
    PurchaseReceiptLine,
    PurchaseRequest,
    PurchaseStatus,
    ReceiptCondition,
    Requisition,
    RequisitionIssue,
    RequisitionIssueLine,
    RequisitionLine,
    RequisitionStatus,
    Stocktake,
    StocktakeLine,
    StocktakeStatus,
)
from .ledger import (  # noqa: F401
    Balance,
    ChemicalCount,
    Item,
    LogisticsSettings,
    Lot,
    StockMove,
    Store,
)
