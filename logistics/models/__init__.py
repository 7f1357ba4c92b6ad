"""Stores models, by area: ``ledger`` (stores, catalogue, lots, moves, balances); the flows
(requests, requisitions, stocktakes) add their own module and re-export it here."""

from .ledger import (  # noqa: F401
    Balance,
    ChemicalCount,
    Item,
    LogisticsSettings,
    Lot,
    StockMove,
    Store,
)
