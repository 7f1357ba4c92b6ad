"""Stores registers (台账), declared with ``campus.registers.Register``, by area: ``ledger``
(出入库台账, 危险化学品/消毒剂领用登记); the flows add their own module."""
