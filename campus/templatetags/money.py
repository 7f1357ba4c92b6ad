"""``{% load money %}``: ``{{ bill.total|yuan }}`` -> ``¥1,234.00``; ``{{ x|yuan:"plain" }}`` ->
``1,234.00`` (for a column whose header already says ¥)."""

from django import template

from campus.money import format_yuan

register = template.Library()


@register.filter
def yuan(value, style=""):
    return format_yuan(value, symbol=style != "plain")
