"""A register cell keeps a date on one line, also a date inside a text (a supplier's certificates:
"营业执照 009012 (2029-05-20)"), which stays escaped."""

import datetime as dt

from campus.templatetags.money import cell


def test_a_date_inside_a_text_is_wrapped_in_a_no_wrap_span_and_the_text_stays_escaped():
    assert cell("营业执照 <b> (2029-05-20)") == '营业执照 &lt;b&gt; (<span class="text-date">2029-05-20</span>)'


def test_a_date_and_a_plain_text_are_as_before():
    assert cell(dt.date(2026, 12, 2)) == "2026-12-02"
    assert cell("营业执照 <b>") == "营业执照 <b>"  # escaped later by the template, like any value
