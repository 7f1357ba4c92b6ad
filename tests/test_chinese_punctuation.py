"""Issue 11: Chinese sentences use Chinese punctuation, in the catalogues and around translated labels."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)
# An ASCII , : ; ! ? ( ) touching a Chinese character (a space between allowed).
ASCII_NEXT_TO_HAN = re.compile(r"[\u3400-\u9fff] ?[,:;!?()]|[,:;!?()] ?[\u3400-\u9fff]")
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ascii_punctuation_in_chinese_translations(path):
    wrong = []
    for entry in polib.pofile(str(path)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if ASCII_NEXT_TO_HAN.search(text):
                wrong.append(text)
    assert wrong == []


def test_a_label_and_its_value_are_joined_by_the_translated_colon():
    """``{% translate "Owed" %}: ¥5`` shows "欠费: ¥5"; the colon goes through gettext too."""
    bare = re.compile(r'\{% (?:translate|trans) "[^"]*" %\}:')
    found = [f"{p.relative_to(ROOT)}" for p in [*TEMPLATES, *(ROOT / "templates").glob("**/*.html")] if bare.search(p.read_text())]
    assert found == []


def test_the_colon_is_full_width_in_chinese(client):
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load i18n %}{% translate "Owed" %}{% translate ": " context "label" %}5')
    with translation.override("zh-hans"):
        assert template.render(Context()).endswith("：5")
    with translation.override("en"):
        assert template.render(Context()) == "Owed: 5"
