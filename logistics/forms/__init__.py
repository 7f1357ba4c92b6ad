"""Stores forms, by area (``ledger``; the flows add their own module)."""
