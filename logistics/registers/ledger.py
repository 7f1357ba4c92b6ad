"""Ledger registers."""
