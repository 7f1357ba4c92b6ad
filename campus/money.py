"""Money as people read it: ``¥171,962.00``. One formatter for pages, PDFs, cards and messages."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def format_yuan(value, symbol: bool = True) -> str:
    """``Decimal("-1234.5")`` -> ``"-¥1,234.50"``: two places (half up), thousands grouped, the
    minus sign before the currency sign. ``None`` and ``""`` give ``""``; a value that is not a
    number is returned as it was (a template shows it rather than failing)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if amount == 0:
        amount = abs(amount)  # no "-¥0.00"
    sign = "-" if amount < 0 else ""
    return f"{sign}{'¥' if symbol else ''}{abs(amount):,.2f}"


class Yuan(Decimal):
    """A Decimal that says it is money, for generic tables (a register's cells): the page shows it
    with ``|cell`` as ``1,234.00``, while the xlsx export still gets a number (``str`` unchanged)."""

    __slots__ = ()
