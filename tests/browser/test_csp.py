"""The Content-Security-Policy holds in a real browser: the pages work with no inline script (the
behaviours moved to static/houqin/), and a script injected inline does not run."""

import datetime as dt

import pytest

from campus.models import Term
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def test_the_settlement_term_switch_works_without_inline_script(page_as):
    world = make_world()
    current = world.campus.terms.first()
    earlier = Term.objects.create(campus=world.campus, name="上学期", starts_on=current.starts_on - dt.timedelta(days=200),
                                  ends_on=current.starts_on - dt.timedelta(days=30))
    page = page_as(world.user("cashier"), "phone")
    response = page.goto(f"{page.base_url}/finance/settlement/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    # The term list submits itself on change (data-submit-on-change in static/houqin/houqin.js).
    with page.expect_navigation():
        page.select_option("select[name=term]", str(earlier.pk))
    assert f"term={earlier.pk}" in page.url and "上学期" in page.content()
    shot(page, "csp-settlement")


def test_a_script_injected_inline_does_not_run(browser, live_server, transactional_db):
    """What a stored XSS would need: the browser refuses it (a context of its own, so the
    expected violation is not counted as a broken page)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.evaluate("""() => {
            window.__cspViolations = [];
            document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(e.violatedDirective));
            const s = document.createElement("script");
            s.textContent = "window.__ran = true";
            document.body.appendChild(s);
            const b = document.createElement("button");
            b.setAttribute("onclick", "window.__ran = true");
            document.body.appendChild(b);
            b.click();
        }""")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__ran") is None
        assert page.evaluate("() => window.__cspViolations")[:2] == ["script-src-elem", "script-src-attr"]
    finally:
        context.close()
