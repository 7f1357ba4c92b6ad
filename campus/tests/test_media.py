"""Uploaded files are served only to staff who may see the record holding them."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from campus.roles import Role
from finance.models import Bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    bill = Bill.objects.create(campus=world.campus, child=world.child, month=dt.date(2025, 3, 1), due_on=dt.date(2025, 3, 11))
    bill.pdf.save(f"statement-2025-03-{world.child.pk}.pdf", ContentFile(b"%PDF-1.7 statement"), save=True)
    return bill


def fetch(client, user, bill):
    client.force_login(user)
    response = client.get(reverse("campus:media", args=[bill.pdf.name]))
    return response.status_code, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_the_cashier_of_the_campus_gets_the_file(client, world, statement):
    assert fetch(client, world.user(Role.CASHIER), statement) == (200, b"%PDF-1.7 statement")


def test_a_cashier_of_another_campus_does_not(client, world, statement):
    assert fetch(client, world.outsider.user, statement)[0] == 404


def test_staff_whose_role_may_not_see_the_record_do_not(client, world, statement):
    assert fetch(client, world.user(Role.TEACHER), statement)[0] == 404


def test_a_file_no_record_holds_is_not_served(client, world, statement, settings):
    (settings.MEDIA_ROOT / "stray.pdf").write_bytes(b"%PDF")
    client.force_login(world.user(Role.DIRECTOR))
    assert client.get(reverse("campus:media", args=["stray.pdf"])).status_code == 404


def test_a_parent_never_gets_a_file_by_its_path_even_their_own_childs(client, world, statement):
    client.force_login(world.parent.user)
    assert client.get(reverse("campus:media", args=[statement.pdf.name])).status_code in (403, 404)
