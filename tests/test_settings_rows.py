"""Each campus settings row is read once per request (issue 10): ``CampusSettingsBase.for_campus``
keeps the row on the campus object (``request.campus`` lives for one request), so a page that
consults its rules several times asks the database once."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campus.models import Campus
from campus.roles import Role
from checklists.models import ChecklistSettings
from finance.models import FinanceSettings
from health.models import HealthSettings
from kitchen.models import KitchenSettings

pytestmark = pytest.mark.django_db
SETTINGS_MODELS = [ChecklistSettings, FinanceSettings, HealthSettings, KitchenSettings]
SETTINGS_TABLES = {model._meta.db_table for model in SETTINGS_MODELS}


def settings_reads(client, url) -> Counter:
    """How many times the page at ``url`` read each settings table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    reads = Counter()
    for query in queries.captured_queries:
        match = re.match(r'SELECT .*? FROM "(\w+)"', query["sql"])
        if match and match.group(1) in SETTINGS_TABLES:
            reads[match.group(1)] += 1
    return reads


def test_one_query_per_settings_row_and_campus_object(world, django_assert_num_queries):
    for model in SETTINGS_MODELS:
        model.for_campus(world.campus)  # the rows exist (created with defaults on first use)
    campus = Campus.objects.get(pk=world.campus.pk)  # a fresh object, as each request has
    with django_assert_num_queries(len(SETTINGS_MODELS)):
        for _ in range(3):
            rows = [model.for_campus(campus) for model in SETTINGS_MODELS]
    assert [type(row) for row in rows] == SETTINGS_MODELS
    with django_assert_num_queries(0):
        assert rows[0].campus is campus and KitchenSettings.for_campus(campus) is rows[3]
    other_request_campus = Campus.objects.get(pk=world.campus.pk)
    with django_assert_num_queries(1):  # another campus object (another request) reads it again
        FinanceSettings.for_campus(other_request_campus)


def test_a_saved_change_is_what_the_rest_of_the_request_reads(world):
    from finance import services

    row = FinanceSettings.for_campus(world.campus)
    services.update_settings(row, {"invitation_days": 9}, world.user(Role.DIRECTOR))
    assert FinanceSettings.for_campus(world.campus).invitation_days == 9
    assert FinanceSettings.objects.get(campus=world.campus).invitation_days == 9


@pytest.mark.parametrize(("role", "url"), [  # pages that consult their rules twice (two reads without the cache)
    (Role.DIRECTOR, "/kitchen/meals/"),
    (Role.DIRECTOR, "/kitchen/nutrition/"),
    (Role.DIRECTOR, "/health/"),
])
def test_a_page_reads_each_settings_row_once(world, client_as, role, url):
    client = client_as(world.user(role))
    client.get(url)  # the rows exist
    reads = settings_reads(client, url)
    assert reads, f"{url} consults no settings: pick another page"
    assert set(reads.values()) == {1}, reads
