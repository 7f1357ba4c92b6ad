"""Issue 11, "the guard": every demo login opens, in Chinese on a 390 px phone, every page its home
page, its menu and its dashboard link to, and none of them may

- answer with a status of 400 or more (a file download is only checked for its status),
- scroll sideways (a wide table scrolls inside its .table-responsive box),
- have a button shorter than 40 px or whose label wraps (``layout_problems``),
- show a Python repr (``['``, ``{'``, ``<QuerySet``, ``None``) or a Latin word that is not a unit, a
  brand or standard name, or a demo login (Latin by design).

The demo kindergarten is seeded once (``seed_demo``, as the README does); each login is a test of its
own, which reports all the problems of all its pages at once."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from campus.demo import DEMO_PASSWORD, PARENT_PHONE

from .conftest import VIEWPORTS, opener
from .test_layout import layout_problems

pytestmark = pytest.mark.browser

DEMO_LOGINS = ["director", "director2", "logistics", "health", "teacher", "nursery", "cook", "cook2", "gate",
               "cashier", "assets", "vteacher", "vcook", "vhealth", PARENT_PHONE]
SKIP_PATHS = ("/accounts/logout/", "/static/", "/media/", "/admin/")
DOWNLOAD = re.compile(r"\.(xlsx|pdf|csv|zip)$|/export/|/download/|[?&]format=(xlsx|pdf|csv)")

# Latin words a Chinese page may show: units, brand and standard names, the abbreviations of the
# growth indicators and lab tests, the demo's Latin login names.
ALLOWED_LATIN = {
    # units
    "kg", "g", "mg", "ml", "mL", "l", "L", "kcal", "kJ", "cm", "mm", "m", "mmHg", "mmol", "km", "h", "min", "s",
    "px", "μg", "ug", "IU", "g/L", "mg/L",
    # brand, format and standard names
    "Excel", "PDF", "CSV", "WS", "T", "GB", "WHO", "DRIs", "DRI", "RNI", "AI", "EAR", "BMI", "QR", "Hb",
    "IgM", "IgG", "HBsAg", "ALT", "SD", "WAZ", "HAZ", "WHZ", "BAZ", "LAZ", "Z", "ID", "No", "ICP", "Houqin",
    "PM", "AM", "CSP", "UTC", "A", "B", "C", "D", "E", "K", "PPE", "APP", "App", "WiFi", "VS", "IP",
    "Vitamin", "VA", "VC", "VB", "VD", "VE", "WPS", "xlsx",
    # material names of the demo stores' catalogue: 一次性手套（PE 100只/盒）, 漱口杯（儿童 PP）, 拖鞋（成人 EVA）
    "PE", "PP", "EVA",
    "English",  # the language switch names each language in itself
}
CODE = re.compile(r"[A-Z]+(-\d+)+")  # a receipt or bill number: CENTRAL-20261202-053
REPR = re.compile(r"\['|\[\"|\{'|<QuerySet|<[A-Z]\w+: |(?<![A-Za-z])(None|True|False)(?![A-Za-z])|object at 0x")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")


def latin_words(text: str, allowed: set[str]) -> list[str]:
    found = []
    for word in LATIN_WORD.findall(text):
        word = word.strip("./-_")
        parts = [p for p in re.split(r"[/.\-_]", word) if p]
        if word in allowed or CODE.fullmatch(word) or all(p in allowed or p.isdigit() or re.fullmatch(r"[A-Z]{0,3}\d+[A-Z]?\d*", p)
                                  for p in parts):
            continue
        found.append(word)
    return sorted(set(found))


def page_text_problems(text: str, allowed: set[str]) -> list[str]:
    problems = []
    for match in REPR.finditer(text):
        start = max(match.start() - 20, 0)
        problems.append(f"python repr {match.group()!r} in {text[start:match.end() + 20]!r}")
    for word in latin_words(text, allowed)[:15]:
        at = text.find(word)
        problems.append(f"latin word {word!r} in {' '.join(text[max(at - 15, 0):at + len(word) + 15].split())!r}")
    return problems


# What a user reads: the text, and the placeholders and labels of inputs that are not text.
TEXT_JS = """() => [document.body.innerText, ...[...document.querySelectorAll(
  'input[placeholder], textarea[placeholder], input[type=submit], input[type=button]')]
  .map((el) => el.getAttribute('placeholder') || el.value)].join('\\n')"""
HREFS_JS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"


def internal_paths(page, base_url: str) -> list[str]:
    paths = []
    for href in page.evaluate(HREFS_JS):
        href, _ = urldefrag(href.strip())
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(href)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base_url:
            continue
        if not parts.path.startswith("/") or parts.path.startswith(SKIP_PATHS):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def visit(page, url: str, allowed: set[str]) -> list[str]:
    if DOWNLOAD.search(url):
        response = page.request.get(url)
        return [f"status {response.status}"] if response.status >= 400 else []
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            return [f"error {str(error).splitlines()[0]}"]
        response = page.request.get(url)
        return [f"status {response.status}"] if response.status >= 400 else []
    problems = [f"status {response.status}"] if response.status >= 400 else []
    if response.status >= 400:
        return problems
    problems += layout_problems(page)
    problems += page_text_problems(page.evaluate(TEXT_JS), allowed)
    return problems


# One test per login (and one for the login page), so that xdist spreads the crawl over its workers
# (scripts/test runs ``--dist loadgroup``): the logins are dealt into two groups of about the same
# number of pages, each group runs on one worker, and each worker seeds the demo once per group.
CRAWLED = ["(anonymous)", *DEMO_LOGINS]
GROUPS = {login: f"crawl-{index % 2}" for index, login in enumerate(CRAWLED)}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo kindergarten, seeded once (``seed_demo``, as the README does) on a school day at 10:00
    (the home pages have their to-dos), and a live server on it. The crawl only reads (a login, a
    session, a page view), so the tests of this module share it; it is flushed at the end, as a
    transactional test's database is."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from conftest import Clock, reset_database

    with django_db_blocker.unblock():
        clock = Clock()
        try:
            clock.school_day(at="10:00")
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("seed_demo", verbosity=0)
        finally:
            clock.stop()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            reset_database()


@pytest.fixture
def crawler(browser, demo_site, db, settings):
    """``page_as`` on the demo site: ``open_as(user)`` logs in through the form on a phone; any
    Content-Security-Policy violation on any page fails the test. (``db``: on SQLite the server shares
    the test's connection, so what a login writes, its session, is rolled back after its test.)"""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # see page_as: Chromium runs on the real clock
    contexts, violations = [], []
    yield opener(browser, demo_site.url, contexts, violations)
    for context in contexts:
        context.close()
    assert not violations, violations


@pytest.mark.parametrize("login", [pytest.param(login, marks=pytest.mark.xdist_group(GROUPS[login]))
                                   for login in CRAWLED])
def test_every_page_of_every_role_fits_a_phone_in_chinese(login, crawler, demo_site, browser, settings, clock):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.school_day(at="10:00")  # the day the demo was seeded on
    allowed = ALLOWED_LATIN | {u.username for u in get_user_model().objects.all()}
    if login == "(anonymous)":
        context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", is_mobile=True, has_touch=True)
        try:
            problems = visit(context.new_page(), f"{demo_site.url}/accounts/login/", allowed)
        finally:
            context.close()
        assert not problems, f"{login} /accounts/login/: {problems}"
        return
    user = get_user_model().objects.get(username=login)
    page = crawler(user, "phone", password=DEMO_PASSWORD)
    base = page.base_url
    problems = {}
    home = urlsplit(page.url).path
    home_problems = layout_problems(page) + page_text_problems(page.evaluate(TEXT_JS), allowed)
    if home_problems:
        problems[home] = home_problems
    links = internal_paths(page, base)
    seen = {home}
    if "/dashboard/" in links and home != "/dashboard/":
        seen.add("/dashboard/")
        dashboard_problems = visit(page, f"{base}/dashboard/", allowed)
        if dashboard_problems:
            problems["/dashboard/"] = dashboard_problems
        links += internal_paths(page, base)
    for path in dict.fromkeys(links):
        if path in seen:
            continue
        seen.add(path)
        found = visit(page, f"{base}{path}", allowed)
        if found:
            problems[path] = found
    lines = [f"{login} {path}: {' '.join(problem.split())}" for path, found in problems.items() for problem in found]
    assert not lines, f"{len(lines)} problems on {len(seen)} pages:\n" + "\n".join(lines)
