"""One declarative register (台账) for every app: a page, an xlsx file and an A4 print laid out like
the paper register, all from one declaration.

An app declares what its register shows; this module does the rest (the range form, the filters,
scoping, the page, ``?format=xlsx`` and ``?format=pdf``)::

    DISINFECTION = Register(
        title=_("Tableware disinfection register"), model=Disinfection, permission="kitchen.view_disinfection",
        date_field="date", select_related=("operator__staff",), order_by=("date", "meal", "id"),
        columns=[Column(_("Date"), lambda r: r.date), Column(_("Operator"), lambda r: display_name(r.operator))],
        filters=[Filter("meal", _("Meal"), lambda request: Meal.choices, "meal")],
        link=lambda r: r.get_absolute_url(),
        add=AddLink("kitchen:disinfection_add", _("Record disinfection"), "kitchen.add_disinfection"),
    )
    disinfection_list = register_view(DISINFECTION)   # in views.py; urls.py routes to it as to any view

Query parameters, the same for every register: ``first`` and ``last`` (the period, ISO dates
between 2000 and 2100, at most ``max_days`` apart), ``week`` (any day of the week, for a weekly
register), ``format`` (``xlsx`` or ``pdf``; the page otherwise) and the name of each declared filter.

The rows come from ``in_current_campus(request, model)`` (campus and class scoping, as every list),
filtered by the period and the filters, with ``select_related``/``prefetch_related`` so the page
costs the same number of queries whatever the number of rows. A register whose rows are computed
rather than read (a purchase plan) gives ``source(request, period)`` instead of a model.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import dates
from .access import check_staff, staff_required
from .exports import xlsx_register, xlsx_response
from .pdf import pdf_response, render_pdf
from .scoping import in_current_campus, visible_classrooms
from .ui import is_temporal

RANGE, WEEK, NONE = "range", "week", "none"  # how a register is dated
FORMATS = ("xlsx", "pdf")
LANDSCAPE_FROM = 7  # columns from which the print turns to landscape


# --- what a register declares ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: Any
    cell: Callable[[Any], Any]


@dataclass(frozen=True)
class Filter:
    """A choice narrowing the rows: ``?<name>=<value>``; ``lookup`` is the queryset filter it applies
    (None: the model's ``class_path``, for a class filter). A value not among the choices is ignored."""

    name: str
    label: Any
    choices: Callable[[Any], Iterable[tuple[Any, Any]]]
    lookup: str | None = None

    def apply(self, qs, value):
        return qs.filter(**{self.lookup or qs.model.class_path: value})


def class_filter(lookup: str | None = None) -> Filter:
    """Filter by class among the classes the user sees (``visible_classrooms``)."""
    return Filter("class", gettext_lazy("Class"), lambda request: [(c.pk, c.name) for c in visible_classrooms(request)],
                  lookup)


@dataclass(frozen=True)
class AddLink:
    url_name: str
    label: Any
    permission: str


def month_to_date(today: dt.date) -> tuple[dt.date, dt.date]:
    return today.replace(day=1), today


def last_days(days: int) -> Callable[[dt.date], tuple[dt.date, dt.date]]:
    return lambda today: (today - dt.timedelta(days=days), today)


def today_only(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today


@dataclass(frozen=True)
class Register:
    title: Any
    columns: Sequence[Column] | Callable[[Any], Sequence[Column]]  # or columns(period), when they depend on it
    permission: str | None = None  # checked on every request (with ``roles``, if given)
    roles: frozenset = frozenset()
    model: type | None = None
    date_field: str | None = None  # rows with ``<date_field>__range=(first, last)``
    where: Callable | None = None  # where(qs, first, last): a further (or, without date_field, the) period rule
    select_related: tuple = ()
    prefetch_related: tuple = ()
    order_by: tuple = ()
    filters: Sequence[Filter] = ()
    rows: Callable[[Iterable], Iterable] | None = None  # objects -> rows (e.g. one row per answer of a run)
    source: Callable | None = None  # source(request, period) -> rows, for a register not read from a model
    link: Callable[[Any], str | None] | None = None  # the first cell links to this
    add: AddLink | None = None
    dated: str = RANGE  # RANGE (first/last), WEEK (week) or NONE (as of today)
    default_range: Callable[[dt.date], tuple[dt.date, dt.date]] = month_to_date
    max_days: int = 400
    intro: str = ""  # a template included above the table (alerts, explanations, tabs)
    context: Callable | None = None  # context(request, period, objects) -> dict for ``intro``
    filename: str = ""
    empty: Any = gettext_lazy("Nothing recorded in this period.")

    def columns_for(self, period) -> list[Column]:
        return list(self.columns(period) if callable(self.columns) else self.columns)


# --- the period -----------------------------------------------------------------------------------


class RangeForm(forms.Form):
    """From/to dates of a register: each in 2000–2100, the first not after the last, at most ``max_days`` apart."""

    first = dates.DateField(label=gettext_lazy("From"), required=False)
    last = dates.DateField(label=gettext_lazy("To"), required=False)

    def __init__(self, *args, max_days=400, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_days = max_days

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise forms.ValidationError(_("The first day is after the last day."))
        if first and last and (last - first).days > self.max_days:
            raise forms.ValidationError(_("Choose at most about a year at a time."))
        return data


@dataclass
class Period:
    first: dt.date
    last: dt.date
    form: RangeForm | None = None
    previous: dt.date | None = None  # weekly registers: the week before and after
    next: dt.date | None = None

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m-%d}"
        return f"{self.first:%Y-%m-%d} – {self.last:%Y-%m-%d}"

    @property
    def valid(self) -> bool:
        return self.form is None or not self.form.errors


def period_of(request, register: Register) -> Period:
    today = timezone.localdate()
    if register.dated == NONE:
        return Period(today, today)
    if register.dated == WEEK:
        day = dates.date_param(request, "week")
        start = day - dt.timedelta(days=day.weekday())
        return Period(start, start + dt.timedelta(days=6), previous=start - dt.timedelta(days=7),
                      next=start + dt.timedelta(days=7))
    form = RangeForm(request.GET, max_days=register.max_days)
    first, last = register.default_range(today)
    if form.is_valid():
        given_first, given_last = form.cleaned_data.get("first"), form.cleaned_data.get("last")
        first, last = given_first or first, given_last or last
        if first > last:  # only one was given: the other follows it
            first, last = (first, first) if given_first else (last, last)
        first = max(first, last - dt.timedelta(days=register.max_days))
    return Period(first, last, form)


# --- rows -----------------------------------------------------------------------------------------


def chosen_filters(request, register: Register) -> list[dict]:
    """Each filter with its choices (as strings) and the value chosen (``""``: all)."""
    result = []
    for flt in register.filters:
        choices = [(str(value), label) for value, label in flt.choices(request)]
        value = request.GET.get(flt.name, "")
        result.append({"filter": flt, "name": flt.name, "label": flt.label, "choices": choices,
                       "value": value if value in {v for v, _label in choices} else ""})
    return result


def objects_of(request, register: Register, period: Period, filters: list[dict]):
    """The register's objects for the period: scoped to the campus (and the user's classes), filtered."""
    if register.source is not None:
        return register.source(request, period)
    qs = in_current_campus(request, register.model)
    if register.date_field:
        qs = qs.filter(**{f"{register.date_field}__range": (period.first, period.last)})
    if register.where is not None:
        qs = register.where(qs, period.first, period.last)
    for chosen in filters:
        if chosen["value"]:
            qs = chosen["filter"].apply(qs, chosen["value"])
    if register.select_related:
        qs = qs.select_related(*register.select_related)
    if register.prefetch_related:
        qs = qs.prefetch_related(*register.prefetch_related)
    if register.order_by:
        qs = qs.order_by(*register.order_by)
    return qs


def table(register: Register, period: Period, objects) -> tuple[list, list]:
    """(headers, rows) where a row is ``(url or None, cells)``."""
    columns = register.columns_for(period)
    items = register.rows(objects) if register.rows is not None else objects
    rows = [(register.link(item) if register.link else None, [column.cell(item) for column in columns]) for item in items]
    return [column.header for column in columns], rows


# --- the one view ---------------------------------------------------------------------------------


def serve(request, register: Register, **extra):
    """The register's page, or with ``?format=xlsx``/``?format=pdf`` its file. A period the form
    refuses gives the page, with the message next to the date and the default period's rows."""
    check_staff(request, perm=register.permission, roles=register.roles or None)
    period = period_of(request, register)
    filters = chosen_filters(request, register)
    fmt = request.GET.get("format", "") if period.valid else ""  # a refused period: the page says why
    objects = objects_of(request, register, period, filters)
    headers, rows = table(register, period, objects)
    title = str(register.title)
    stem = f"{register.filename or title}_{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    if fmt == "xlsx":
        content = xlsx_register(title, request.campus, period.label, [str(h) for h in headers],
                                (cells for _url, cells in rows), signatures=signatures())
        return xlsx_response(content, f"{stem}.xlsx")
    if fmt == "pdf":
        content = render_pdf("registers/print.html", {
            "title": title, "campus": request.campus, "period": period, "headers": headers,
            "rows": [cells for _url, cells in rows], "printed": timezone.localtime(), "empty": register.empty,
            "landscape": len(headers) >= LANDSCAPE_FROM,
        })
        return pdf_response(content, f"{stem}.pdf")
    query = request.GET.copy()
    query.pop("format", None)
    add = register.add
    context = {
        "register": register, "title": title, "headers": headers, "rows": rows, "period": period,
        "range_form": period.form, "first": period.first, "last": period.last, "filters": filters,
        "query": query.urlencode(),
        "add_url": reverse(add.url_name) if add and request.user.has_perm(add.permission) else None,
        "add_label": add.label if add else "",
    }
    if register.context is not None:
        context.update(register.context(request, period, objects))
    context.update(extra)
    context["lines"] = [line_html(url, cells) for url, cells in context["rows"]]
    return render(request, "registers/register.html", context)


def line_html(url, cells) -> str:
    """A row's ``<td>`` cells, made here and not in the template: a page of 100 rows of a dozen cells
    spent half its time in the template engine (bench/logistics_ledger_remeasure.py). Each cell as
    ``{{ value|cell|default_if_none:"" }}`` would print it; a date on one line; the first cell links
    to the row's record."""
    from .templatetags.money import cell as shown

    parts = []
    for index, value in enumerate(cells):
        text = "" if value is None else shown(value)
        text = conditional_escape(text) if isinstance(text, str) else escape(localize(template_localtime(text)))
        if index == 0 and url:
            text = f'<a href="{escape(url)}">{text}</a>'
        parts.append(f'<td class="cell-date">{text}</td>' if is_temporal(value) else f"<td>{text}</td>")
    return mark_safe("".join(parts))



def signatures() -> list:
    return [_("Recorded by:"), "", _("Person in charge:"), "", _("Printed: %(time)s") % {
        "time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}]


def register_view(register: Register):
    """A view function serving ``register`` (route to it from the app's urls.py)."""

    @staff_required(perm=register.permission, roles=register.roles or None)
    def view(request):
        return serve(request, register)

    return view
