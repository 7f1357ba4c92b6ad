"""Ledger pages: the catalogue, store balances, an item's card and the move forms."""
