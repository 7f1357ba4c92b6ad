"""Every UI string has a Chinese translation, with the same placeholders, and the compiled .mo
matches its .po (so what the user sees is what the catalogue says)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO_FILES = sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]|\{(\w*)\}")


def test_every_app_with_strings_has_a_catalogue():
    apps_with_catalogue = {p.parts[len(ROOT.parts)] for p in PO_FILES}
    assert {"campus", "locale"} <= apps_with_catalogue


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po if not e.obsolete and not (e.msgstr or any(e.msgstr_plural.values()))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert not untranslated, f"{path}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{path}: fuzzy {fuzzy[:10]}"
    wrong = []
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        if set(PLACEHOLDER.findall(entry.msgid)) != set(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append(entry.msgid)
    assert not wrong, f"{path}: placeholders differ in {wrong[:10]}"


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run manage.py compilemessages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    source = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(path))
        if not e.obsolete and e.msgstr and "fuzzy" not in e.flags
    }
    stale = [msgid for msgid, msgstr in source.items() if compiled.get(msgid) != msgstr]
    assert not stale, f"{mo_path} is out of date for {stale[:5]}: run manage.py compilemessages"


def test_one_string_one_translation_across_the_apps():
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins a msgid: the same
    English string translated two ways means some pages show the other app's word (the morning
    check said 温度 for body temperature, claims said 拒收). Give such strings a context (pgettext)."""
    seen = {}
    for path in PO_FILES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(path.relative_to(ROOT).parts[0])] = entry.msgstr
    clashes = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert not clashes, f"the same string translated differently: {list(clashes.items())[:5]}"


@pytest.mark.django_db
def test_pages_speak_chinese_by_default_and_english_on_request():
    client = Client()
    assert "登录" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()
    with translation.override("en"):
        assert translation.gettext("Sick leave") == "Sick leave"
    with translation.override("zh-hans"):
        assert translation.gettext("Sick leave") == "病假"
