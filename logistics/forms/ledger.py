"""Forms of the ledger pages."""
