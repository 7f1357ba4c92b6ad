"""Issue 11: money reads ¥171,962.00 everywhere: one formatter (campus.money), one filter (yuan)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client

from campus.money import format_yuan
from campus.roles import Role
from tests.factories import log_in


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("171962"), "¥171,962.00"),
    (Decimal("1234567.891"), "¥1,234,567.89"),
    (Decimal("0.005"), "¥0.01"),  # half up, as the fen rounding of the ledger
    (Decimal("-1234.5"), "-¥1,234.50"),  # the sign before the currency sign
    (Decimal("-0.001"), "¥0.00"),  # never "-¥0.00"
    (0, "¥0.00"),
    (15, "¥15.00"),
    ("99.9", "¥99.90"),
    (None, ""),
    ("", ""),
    ("n/a", "n/a"),
])
def test_format_yuan(value, shown):
    assert format_yuan(value) == shown


def test_plain_has_no_currency_sign():
    assert format_yuan(Decimal("-171962"), symbol=False) == "-171,962.00"


def test_the_yuan_filter():
    template = Template('{% load money %}{{ a|yuan }} {{ b|yuan:"plain" }} [{{ c|yuan }}]')
    assert template.render(Context({"a": Decimal("171962"), "b": Decimal("-5"), "c": None})) == "¥171,962.00 -5.00 []"


def test_a_fee_standard_page_groups_thousands(world):
    from tests.factories import make_fee_standard

    standard = make_fee_standard(world.campus, care="12800.00", meal="15.5", items=[("被褥费", "1250", "once")])
    client = Client()
    assert log_in(client, world.user(Role.CASHIER).username, "pw-123456!")
    html = client.get(f"/finance/fees/{standard.pk}/").content.decode()
    assert "¥12,800.00" in html and "¥15.50" in html and "¥1,250.00" in html
    assert "12800" not in html


def test_a_register_cell_marked_yuan_is_grouped_and_stays_a_number_in_xlsx():
    import io

    from openpyxl import load_workbook

    from campus.exports import xlsx_register
    from campus.money import Yuan

    template = Template("{% load money %}{{ a|cell }} {{ b|cell }}")
    assert template.render(Context({"a": Yuan("1234.5"), "b": Decimal("1234.5")})) == "1,234.50 1234.5"
    content = xlsx_register("台账", "园区", "2025-04", ["金额"], [[Yuan("1234.50")]])
    assert load_workbook(io.BytesIO(content)).active["A4"].value == Decimal("1234.50")


def test_the_acceptance_register_groups_thousands(world):
    from tests import factories

    factories.make_acceptance(world, product="大米", quantity="500", unit_price="4.80")  # ¥2,400.00
    client = Client()
    assert log_in(client, world.user(Role.COOK).username, "pw-123456!")
    html = client.get("/kitchen/acceptance/").content.decode()
    assert "2,400.00" in html and "4.80" in html
