"""Stores URLs: the ledger's (stores-ledger) and the flows' (``logistics_flows``: purchases,
requisitions, class kits, stocktakes)."""

from .logistics_flows import EXPECTATIONS as FLOW_EXPECTATIONS

EXPECTATIONS = [*FLOW_EXPECTATIONS]
