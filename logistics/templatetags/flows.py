"""``{% load flows %}``: ``{{ line.quantity|qty }}`` shows 12 for 12.000 and 0.5 for 0.500."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def qty(value):
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
