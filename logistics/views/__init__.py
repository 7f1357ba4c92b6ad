"""Stores pages, by area: ``ledger`` (catalogue, balances, item cards, receive/issue/transfer/
write-off/reverse, chemicals); the flows add their own module."""
