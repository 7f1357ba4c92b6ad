"""``{% load money %}``: ``{{ bill.total|yuan }}`` -> ``¥1,234.00``; ``{{ x|yuan:"plain" }}`` ->
``1,234.00`` (for a column whose header already says ¥)."""

import datetime as dt
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from campus.money import Yuan, format_yuan

register = template.Library()
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter
def yuan(value, style=""):
    return format_yuan(value, symbol=style != "plain")


@register.filter
def cell(value):
    """A register cell: a ``campus.money.Yuan`` grouped with two places, a date as 2026-12-02 (one
    short line in a narrow column, like the paper register), a date inside a text kept on one line,
    anything else as it is."""
    if isinstance(value, Yuan):
        return format_yuan(value, symbol=False)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.search(value):
        return mark_safe(ISO_DATE.sub(r'<span class="text-date">\g<0></span>', str(escape(value))))
    return value
