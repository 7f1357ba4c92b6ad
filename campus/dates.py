"""Dates that come from people: the query string, month arithmetic and the form fields of every date
the site takes.

Every date a user gives lies in [EARLIEST, LATEST] (the years 2000–2100): a year-1 or year-9999 date
is a typing error, and arithmetic on it (a week before, the month after, an aware datetime) would
overflow into a server error. Pages read their ``?date=``/``?week=``/``?month=`` with
``date_param``/``month_param``, which fall back to the default (today) for a bad or out-of-range
value; forms use ``DateField``/``DateTimeField`` (ModelForms: ``formfield_callback = dates.formfield``
in their Meta), which say "give a date between …" next to the field.
"""

import calendar
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def in_range(day: dt.date) -> bool:
    if isinstance(day, dt.datetime):
        day = day.date()
    return EARLIEST <= day <= LATEST


# --- parsing ----------------------------------------------------------------------------------------


def parse_date(raw) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) within the range, or None."""
    try:
        day = dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        return None
    return day if in_range(day) else None


def parse_month(raw) -> dt.date | None:
    """The first day of a month given as YYYY-MM within the range, or None."""
    text = str(raw).strip()
    return parse_date(text + "-01") if len(text) == 7 else None


def _raw(request, name):
    return request.GET.get(name) or request.POST.get(name)


def date_param(request, name="date", default=None, *, latest=None) -> dt.date:
    """The date in the request's ``name`` parameter (query string, else POST); ``default`` (today) when
    it is missing, malformed or outside the range; never after ``latest`` when given."""
    day = parse_date(_raw(request, name) or "") or default or timezone.localdate()
    return min(day, latest) if latest else day


def month_param(request, name="month", default=None) -> dt.date:
    """The first day of the month in the ``name`` parameter (YYYY-MM); ``default`` (this month) otherwise."""
    return parse_month(_raw(request, name) or "") or default or month_start(timezone.localdate())


# --- month arithmetic -------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the month of ``month``."""
    return month_start(month), month_end(month)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (negative: back), the day of month clamped to the month's length."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_month(month: dt.date) -> dt.date:
    return add_months(month_start(month), 1)


def previous_month(month: dt.date) -> dt.date:
    return add_months(month_start(month), -1)


def month_starts(first: dt.date, last: dt.date):
    """The first day of every month from ``first``'s to ``last``'s."""
    month = month_start(first)
    while month <= last:
        yield month
        month = next_month(month)


# --- form fields ------------------------------------------------------------------------------------

OUT_OF_RANGE = _("Give a date between %(first)s and %(last)s.")
RANGE_PARAMS = {"first": EARLIEST.isoformat(), "last": LATEST.isoformat(),
                "first_month": f"{EARLIEST:%Y-%m}", "last_month": f"{LATEST:%Y-%m}"}


class DateField(forms.DateField):
    """A date between EARLIEST and LATEST; a date picker when no widget is given."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"out_of_range": OUT_OF_RANGE}

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and not in_range(value):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range", params=RANGE_PARAMS)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.update({"min": EARLIEST.isoformat(), "max": LATEST.isoformat()})
        return attrs


class DateTimeField(forms.DateTimeField):
    """A date and time whose date (as typed, local) lies between EARLIEST and LATEST: converting a
    year-1 or year-9999 time to UTC would overflow."""

    default_error_messages = {"out_of_range": OUT_OF_RANGE}

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and not in_range(value.date()):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range", params=RANGE_PARAMS)


def formfield(model_field, **kwargs):
    """ModelForm ``Meta.formfield_callback``: the model's date fields become this module's fields."""
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    return model_field.formfield(**kwargs)
