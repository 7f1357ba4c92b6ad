"""campus.dates: dates from the query string, month arithmetic, and the one date field of every form."""

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone, translation

from campus import dates

D = dt.date


def test_parse_date_and_month_refuse_malformed_and_out_of_range_values():
    assert dates.parse_date("2026-03-04") == D(2026, 3, 4)
    for raw in ("", "x", "2026-02-30", "0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "\x00", "NaN"):
        assert dates.parse_date(raw) is None, raw
    assert dates.parse_month("2026-09") == D(2026, 9, 1)
    for raw in ("", "2026-13", "0001-01", "9999-12", "2026-09-01", "2026-9"):
        assert dates.parse_month(raw) is None, raw
    assert dates.parse_date(dates.EARLIEST.isoformat()) == dates.EARLIEST
    assert dates.parse_date(dates.LATEST.isoformat()) == dates.LATEST


def test_date_param_falls_back_to_the_default_and_clamps_to_latest(clock):
    clock.at(D(2026, 5, 6))
    rf = RequestFactory()
    today = timezone.localdate()
    assert dates.date_param(rf.get("/", {"date": "2026-01-02"})) == D(2026, 1, 2)
    assert dates.date_param(rf.get("/", {"date": "0001-01-01"})) == today
    assert dates.date_param(rf.get("/", {"week": "9999-12-31"}), "week") == today
    assert dates.date_param(rf.get("/", {"date": "bad"}), default=D(2026, 1, 1)) == D(2026, 1, 1)
    assert dates.date_param(rf.get("/", {"date": "2030-01-01"}), latest=today) == today
    assert dates.date_param(rf.post("/", {"date": "2026-02-03"})) == D(2026, 2, 3)
    assert dates.month_param(rf.get("/", {"month": "2026-02"})) == D(2026, 2, 1)
    assert dates.month_param(rf.get("/", {"month": "0001-01"})) == D(2026, 5, 1)


def test_month_arithmetic():
    assert dates.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert dates.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert dates.add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)
    assert dates.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert dates.add_months(D(2026, 3, 1), 12) == D(2027, 3, 1)
    assert dates.next_month(D(2026, 12, 20)) == D(2027, 1, 1)
    assert dates.previous_month(D(2026, 1, 20)) == D(2025, 12, 1)
    assert dates.month_bounds(D(2026, 2, 10)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert dates.month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert list(dates.month_starts(D(2026, 11, 15), D(2027, 1, 2))) == [D(2026, 11, 1), D(2026, 12, 1), D(2027, 1, 1)]


def test_date_fields_refuse_dates_outside_the_range_in_chinese():
    class Form(forms.Form):
        day = dates.DateField()
        at = dates.DateTimeField(required=False)

    with translation.override("zh-hans"):
        form = Form({"day": "0001-01-01", "at": "9999-12-31 23:59"})
        assert not form.is_valid()
        assert form.errors["day"] == ["请填写 2000-01-01 至 2100-12-31 之间的日期。"]
        assert form.errors["at"] == form.errors["day"]
    assert Form({"day": "2026-01-01"}).is_valid()
    rendered = str(Form()["day"])
    assert 'type="date"' in rendered and 'min="2000-01-01"' in rendered and 'max="2100-12-31"' in rendered


def _project_forms():
    from tests.matrix import APPS

    for module_name in [f"{label}.forms" for label in APPS] + ["campus.views_roster"]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


def test_every_date_field_of_every_form_is_the_ranged_one():
    found, wrong = [], []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                found.append(f"{form_class.__name__}.{name}")
                if not isinstance(field, (dates.DateField, dates.DateTimeField)):
                    wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert len(found) > 20, found
    assert not wrong, f"date fields without campus.dates' range: {wrong}"


@pytest.mark.django_db
def test_a_model_form_date_gets_the_range(world):
    from checklists.forms import TemplateForm

    assert isinstance(TemplateForm.base_fields["starts_on"], dates.DateField)
