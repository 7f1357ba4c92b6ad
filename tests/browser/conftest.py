"""Playwright on Debian's Chromium against the live test server, in Chinese.

``page_as(user, viewport="phone")`` logs the user in through the real login form and returns a
page; ``shot(page, name)`` saves a screenshot under ``var/screenshots/`` to look at."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900},
             "laptop": {"width": 1280, "height": 800}}
PASSWORD = "pw-123456!"  # tests.factories.make_user's default


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per worker (its sync API allows one per thread): a test that needs a
    Chromium with other flags (a fake camera) launches it from here, beside ``browser``."""
    from conftest import require_service

    require_service("Chromium", Path(CHROMIUM).exists(), "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield browser
    browser.close()


def opener(browser, base_url: str, contexts: list, violations: list):
    """``open_as(user, viewport="phone", password=..., language="zh-CN")``: a new Chromium context on
    ``base_url``, logged in through the real login form; the page's Content-Security-Policy violations
    are appended to ``violations`` (the caller fails on any), its context to ``contexts`` (to close)."""

    def open_as(user, viewport="phone", password=PASSWORD, language="zh-CN"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=language, is_mobile=viewport == "phone",
                                      has_touch=viewport == "phone")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        page.goto(f"{base_url}/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.base_url = base_url
        return page

    return open_as


@pytest.fixture
def page_as(browser, live_server, transactional_db, settings):
    """Every page is also watched for Content-Security-Policy violations (a script or handler left
    inline, a resource from elsewhere): any one fails the test."""
    # The server runs on the test clock (HOUQIN_TEST_NOW), Chromium on the real one: a session cookie
    # with an expiry date computed on a past test clock would arrive already expired.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    contexts, violations = [], []
    yield opener(browser, live_server.url, contexts, violations)
    for context in contexts:
        context.close()
    assert not violations, violations


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
