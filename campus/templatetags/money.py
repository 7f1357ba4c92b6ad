"""``{% load money %}``: ``{{ bill.total|yuan }}`` -> ``¥1,234.00``; ``{{ x|yuan:"plain" }}`` ->
``1,234.00`` (for a column whose header already says ¥)."""

from django import template

from campus.money import Yuan, format_yuan

register = template.Library()


@register.filter
def yuan(value, style=""):
    return format_yuan(value, symbol=style != "plain")


@register.filter
def cell(value):
    """A register cell: a ``campus.money.Yuan`` grouped with two places, anything else as it is."""
    return format_yuan(value, symbol=False) if isinstance(value, Yuan) else value
