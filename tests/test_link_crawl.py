"""Issue 11: no link on a user's own pages leads to a refusal. For every demo role, the home page
(or the parent's page), the dashboard and every internal link in the menu and on those pages are
fetched with the test client: none may answer 403, 404, 405 or 500. (A browser crawl is separate.)"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test import Client

from campus.demo import DEMO_PASSWORD, PARENT_PHONE
from tests.factories import log_in

# One login per role of the demo kindergarten (campus/demo.py), and a parent.
DEMO_LOGINS = ["director", "director2", "logistics", "health", "teacher", "cook", "gate", "cashier", "assets",
               "vteacher", PARENT_PHONE]
BAD = {403, 404, 405, 500}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
                self.hrefs.append(href)


def internal_links(response) -> list[str]:
    parser = Links()
    parser.feed(response.content.decode())
    result = []
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != "testserver":
            continue
        if parts.path.startswith(("/static/", "/admin/")):
            continue
        result.append(href)
    return result


def crawl(username) -> dict:
    client = Client(raise_request_exception=False)
    assert log_in(client, username, DEMO_PASSWORD)
    start = client.get("/", follow=True)
    assert start.status_code == 200, username
    pages = {start.request["PATH_INFO"]: start}
    links = internal_links(start)
    if "/dashboard/" in links:
        pages["/dashboard/"] = dashboard = client.get("/dashboard/")
        assert dashboard.status_code == 200, username
        links += internal_links(dashboard)
    broken = {}
    for href in dict.fromkeys(links):
        if href in pages:
            continue
        response = client.get(href)
        if response.status_code in BAD:
            broken[href] = response.status_code
    return broken


def test_no_link_on_a_roles_own_pages_is_refused(db, settings, clock):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False
    clock.school_day(at="10:00")  # a school day: the home pages have their to-dos
    call_command("seed_demo", verbosity=0)
    broken = {username: crawl(username) for username in DEMO_LOGINS}
    assert {username: links for username, links in broken.items() if links} == {}
