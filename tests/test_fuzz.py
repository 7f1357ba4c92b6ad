"""Hostile input never gets a server error: every page of the site (the permission matrix's URLs,
opened by a user allowed to see them) with hostile values in every query parameter it reads, and
every form of the site POSTed with hostile values in its fields.

The query parameters of a page are found by watching which ones the view reads (plus the common
ones); the forms by parsing each page's ``<form method="post">``. Hypothesis draws the values,
derandomized so that CI is reproducible, with a bounded number of examples per page and form.
"""

import os
import traceback

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from tests.factories import make_world
from tests.matrix import all_expectations

# --- the server errors of issue 9, one by one ---------------------------------------------------------

ISSUE_URLS = [
    ("director", "/checklists/rates/?date=0001-01-01"), ("director", "/checklists/rates/?date=9999-12-31"),
    ("director", "/kitchen/?date=0001-01-01"), ("director", "/kitchen/?date=9999-12-31"),
    ("director", "/kitchen/purchase/?week=0001-01-01"), ("director", "/kitchen/purchase/?week=9999-12-31"),
    ("health_teacher", "/kitchen/menus/edit/?week=9999-12-31"), ("health_teacher", "/kitchen/menus/edit/?week=0001-01-01"),
    ("director", "/finance/bills/?month=0001-01"), ("director", "/finance/bills/?month=9999-12"),
    ("director", "/finance/report/?month=0001-01"), ("director", "/finance/report/?month=9999-12"),
    ("director", "/finance/report/pdf/?month=9999-12"), ("director", "/finance/report/pdf/?month=0001-01"),
    ("director", "/children/?q=%00"), ("director", "/children/?q=a%00b"), ("health_teacher", "/kitchen/ingredients/?q=%00"),
    ("cashier", "/finance/invitations/?q=%00"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url"), ISSUE_URLS)
def test_a_hostile_query_parameter_falls_back_instead_of_a_server_error(world, role, url):
    client = Client()
    client.force_login(world.user(role))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_nan_temperature_in_the_morning_check_is_refused_next_to_the_child(world, client_as):
    from health.models import HealthCheck
    from tests.factories import make_entry_exams

    make_entry_exams(world.child, world.other_child)
    url = f"/health/check/{world.classroom.pk}/morning/"
    for value in ("NaN", "inf", "-Infinity", "sNaN"):
        response = client_as(world.user("health_teacher")).post(url, {f"temp_{world.child.pk}": value})
        assert response.status_code == 200 and "check-error" in response.content.decode()
    assert not HealthCheck.objects.exists()


@pytest.mark.django_db
def test_a_nan_height_or_weight_in_a_growth_round_is_refused(world, client_as):
    from health.models import Measurement

    client = client_as(world.user("health_teacher"))
    child = world.child
    for height, weight in (("NaN", "16"), ("103", "NaN"), ("inf", "-inf")):
        response = client.post(f"/health/growth/class/{world.classroom.pk}/",
                               {f"height_{child.pk}": height, f"weight_{child.pk}": weight})
        assert response.status_code == 200
        assert "不是数字" in response.content.decode() or "is not a number" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_disease_case_in_year_one_is_a_form_error(world, client_as):
    from health.models import DiseaseCase

    client = client_as(world.user("health_teacher"))
    for onset in ("0001-01-01", "9999-12-31", "1999-12-31"):
        response = client.post("/health/cases/new/", {"person_kind": "child", "child": world.child.pk, "disease": "influenza",
                                                      "onset": onset, "isolation_start": "2026-01-01"})
        assert response.status_code == 200 and "onset" in response.context["form"].errors
        assert "2000-01-01" in str(response.context["form"].errors["onset"])
    assert not DiseaseCase.objects.exists()


@pytest.mark.django_db
def test_a_rejection_reason_over_200_characters_is_refused_with_a_message(world, client_as):
    from finance.models import Reimbursement
    from tests.matrix.finance import setup

    claim = setup(world)["claim"]
    client = client_as(world.user("director"))
    response = client.post(f"/finance/claims/{claim.pk}/reject/", {"reason": "重复" * 101}, follow=True)
    assert response.status_code == 200 and "200" in response.content.decode()
    claim = Reimbursement.objects.get(pk=claim.pk)
    assert claim.status != "rejected" and not claim.rejection_reason
    response = client.post(f"/finance/claims/{claim.pk}/reject/", {"reason": "重复报销"})
    assert Reimbursement.objects.get(pk=claim.pk).status == "rejected"


@pytest.mark.django_db
def test_a_month_close_for_year_one_is_refused_not_queued(world, client_as):
    from finance.models import MonthClose

    client = client_as(world.user("director"))
    for month in ("0001-01", "9999-12", "1999-12"):
        response = client.post("/finance/close/", {"month": month}, follow=True)
        assert response.status_code == 200 and "2000-01" in response.content.decode()
    assert not MonthClose.objects.exists()


# --- the fuzz test ------------------------------------------------------------------------------------------

COMMON_PARAMS = ["date", "month", "week", "first", "last", "q", "page", "class", "classroom", "campus", "child",
                 "status", "format", "export", "term", "period", "meal", "kind"]

HOSTILE_VALUES = [
    "0001-01-01", "9999-12-31", "0001-01", "9999-12", "1999-12-31", "2101-01-01", "2026-02-30", "2026-13",
    "0001-01-01T00:00", "9999-12-31T23:59", "\x00", "a\x00b", "NaN", "nan", "inf", "-inf", "Infinity", "1e309",
    "-1", "0", "-99999999999999999999", "99999999999999999999", "1" * 400, "x" * 5000, "中" * 300,
    "<script>alert(1)</script>", "=1+2", '=HYPERLINK("http://x")', "", " ", "%", "'", "../..", "1.5", "true",
]
HOSTILE = st.sampled_from(HOSTILE_VALUES) | st.text(max_size=12)

ALL_AT_ONCE = ["0001-01-01", "9999-12", "a\x00", "NaN"]
FUZZ = settings(max_examples=int(os.environ.get("HOUQIN_FUZZ_EXAMPLES", "4")), deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


def _user_for(expect, world):
    if expect.public:
        return None
    if expect.allow:
        return world.user(sorted(expect.allow, key=lambda role: role.value)[0])
    return world.parent.user if expect.parent else None


def _pages(world):
    """(url, base query, user) of every GET page of the site that some user may open."""
    pages = []
    for expect in all_expectations():
        if expect.method != "get":
            continue
        user = _user_for(expect, world)
        if user is None and not expect.public:
            continue
        data = expect.data(world) if callable(expect.data) else dict(expect.data)
        url = reverse(expect.name, kwargs=expect.kwargs(world) if expect.kwargs else None)
        base = QueryDict(expect.query.lstrip("?"), mutable=True)
        for key, value in (data or {}).items():
            base[key] = str(value)
        pages.append((url, base, user))
    return pages


class _Reads:
    """Records the keys a view reads from any QueryDict (request.GET/POST or their copies)."""

    def __init__(self, monkeypatch):
        self.keys = set()
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, method)

            def recording(qd, key, *args, _original=original, **kwargs):
                self.keys.add(key)
                return _original(qd, key, *args, **kwargs)

            monkeypatch.setattr(QueryDict, method, recording)


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call(failures, what, send):
    try:
        response = send()
    except Exception:  # noqa: BLE001 - a view's exception is what this test looks for
        failures.append(f"{what}: {traceback.format_exc(limit=-3)}")
        return None
    if response.status_code >= 500:
        failures.append(f"{what}: {response.status_code}")
    return response


def _fuzz(failures, label, names, send, max_size):
    """Hypothesis draws up to ``max_size`` of ``names`` with hostile values and sends them; a server
    error is recorded in ``failures`` (Hypothesis stops at the first, after shrinking it)."""

    @FUZZ
    @given(st.dictionaries(st.sampled_from(names), HOSTILE, min_size=1, max_size=max_size))
    def fuzz(values):
        found = []
        _call(found, f"{label} {values!r}", lambda: send(values))
        if found:
            failures.extend(found)
            raise AssertionError(found[0])

    try:
        fuzz()
    except AssertionError:
        pass  # recorded


def _query(base, params):
    query = base.copy()
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


@pytest.mark.fuzz
@pytest.mark.django_db
def test_hostile_query_parameters_never_give_a_server_error(monkeypatch):
    world = make_world()
    failures = []
    for url, base, user in _pages(world):
        client = _client(user)
        reads = _Reads(monkeypatch)
        first = client.get(f"{url}?{_query(base, {'_': '1'})}")  # a non-empty query binds filter forms: their fields are read
        monkeypatch.undo()
        names = sorted((reads.keys | set(COMMON_PARAMS)) - {"_", "csrfmiddlewaretoken"}, key=str)

        def send(params, url=url, base=base, client=client):
            return client.get(f"{url}?{_query(base, params)}")

        for value in ALL_AT_ONCE:  # every parameter at once
            _call(failures, f"GET {url} all={value[:12]!r}", lambda value=value, send=send, names=names: send(
                dict.fromkeys(names, value)))
        if "html" not in first.get("Content-Type", ""):
            continue  # a PDF or a spreadsheet: rendering is slow, the values above are enough

        _fuzz(failures, f"GET {url}", names, send, max_size=4)
    assert not failures, "server errors:\n" + "\n".join(dict.fromkeys(failures))


# --- forms ------------------------------------------------------------------------------------------------

SKIP_ACTIONS = ("logout", "/i18n/setlang/", "/campus/switch/")


def _forms(page_url, content):
    """(action, {name: [choices or the default value]}) of each POST form of a page."""
    try:
        tree = lxml_html.fromstring(content)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    result = []
    for form in tree.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        if any(skip in action for skip in SKIP_ACTIONS) or (form.get("enctype") or "").startswith("multipart"):
            continue
        fields = {}
        for element in form.iter("input", "select", "textarea"):
            name = element.get("name")
            if not name or element.get("type") in ("file", "submit", "button", "image"):
                continue
            if element.tag == "select":
                options = [option.get("value", option.text or "") for option in element.iter("option")]
                fields.setdefault(name, []).extend(options[:1])
            elif element.get("type") in ("checkbox", "radio"):
                if element.get("checked") is not None or name not in fields:
                    fields[name] = [element.get("value", "on")]
            else:
                fields.setdefault(name, []).append(element.get("value") or (element.text if element.tag == "textarea" else "") or "")
        result.append((action, fields))
    return result


@pytest.mark.fuzz
@pytest.mark.django_db
def test_hostile_form_posts_never_give_a_server_error():
    world = make_world()
    failures = []
    seen = set()
    for url, base, user in _pages(world):
        if user is None:
            continue
        client = _client(user)
        page = client.get(f"{url}?{base.urlencode()}" if base else url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        for action, fields in _forms(url, page.content):
            key = (action.split("?")[0], tuple(sorted(fields)))
            if key in seen or not fields:
                continue
            seen.add(key)
            names = sorted(name for name in fields if name != "csrfmiddlewaretoken")
            if not names:
                continue

            def send(overrides, action=action, fields=fields, user=user, client=client):
                client.force_login(user)
                data = {name: list(values) for name, values in fields.items()}
                data.update({name: [value] for name, value in overrides.items()})
                return client.post(action, data)

            for value in ("0001-01-01", "9999-12-31T23:59", "NaN", "\x00", "x" * 5000, "-1"):
                _call(failures, f"POST {action} (form of {url}) all={value[:12]!r}",
                      lambda value=value, send=send, names=names: send(dict.fromkeys(names, value)))

            _fuzz(failures, f"POST {action} (form of {url})", names, send, max_size=6)
    assert seen, "no form found: the form discovery is broken"
    assert not failures, "server errors:\n" + "\n".join(dict.fromkeys(failures))
