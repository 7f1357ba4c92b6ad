"""``{% load money %}``: ``{{ bill.total|yuan }}`` -> ``¥1,234.00``; ``{{ x|yuan:"plain" }}`` ->
``1,234.00`` (for a column whose header already says ¥)."""

import datetime as dt

from django import template

from campus.money import Yuan, format_yuan

register = template.Library()


@register.filter
def yuan(value, style=""):
    return format_yuan(value, symbol=style != "plain")


@register.filter
def cell(value):
    """A register cell: a ``campus.money.Yuan`` grouped with two places, a date as 2026-12-02 (one
    short line in a narrow column, like the paper register), anything else as it is."""
    if isinstance(value, Yuan):
        return format_yuan(value, symbol=False)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value
