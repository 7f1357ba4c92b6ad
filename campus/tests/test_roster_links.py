"""Issue 9, "a roster import links guardians by phone across campuses": ``director2`` imported a
village child with a central parent's phone, which renamed that parent and put the village child in
their portal. Now: never a rename; a guardian of another campus or with a login is linked only on
an explicit, per-row confirmation by someone who sees all that guardian's campuses; otherwise the
child is imported without that guardian, and the preview says so in Chinese."""

import pytest
from django.urls import reverse

from campus.models import Child, Guardian, Guardianship
from campus.roles import Role
from campus.roster import import_roster
from tests import factories

from .test_roster import _upload, row, xlsx, zh  # noqa: F401 - zh: the Chinese a director sees

pytestmark = pytest.mark.django_db


@pytest.fixture
def director2(world):
    """The director of the other (village) campus only."""
    return factories.make_staff(Role.DIRECTOR, world.other_campus, username="director2").user


@pytest.fixture
def group_director(world):
    return factories.make_staff(Role.DIRECTOR, [world.campus, world.other_campus], username="group-director",
                                sees_all=True).user


def village_row(world, guardian, name="村小宝", **kwargs):
    return row(name=name, classroom=world.other_classroom.name, guardian="冒名者", phone=guardian.phone, **kwargs)


def _linked(child_name, guardian):
    return Guardianship.objects.filter(child__name=child_name, guardian=guardian).exists()


def test_a_village_import_neither_renames_nor_links_a_central_parent(world, director2, client_as):
    """The attack, through the pages: even a forged confirmation of the row changes nothing."""
    parent = world.parent
    client = client_as(director2)
    response = _upload(client, xlsx([village_row(world, parent)]))
    page = response.content.decode()
    assert response.status_code == 200 and response.context["token"]
    assert "这个电话号码属于另一个园区的家长" in page
    assert parent.name not in page and world.child.name not in page  # nothing of the central family is shown
    assert 'name="link"' not in page  # nothing to confirm for someone who cannot see both campuses
    response = client.post(reverse("campus:roster_confirm"), {"token": response.context["token"], "link": ["2"]})
    assert response.status_code == 302
    child = Child.objects.get(name="村小宝")
    assert child.campus == world.other_campus and not child.guardians.exists()
    parent.refresh_from_db()
    assert parent.name == "家长0001" and Guardian.history.filter(id=parent.pk).count() == 1
    assert set(parent.children.values_list("name", flat=True)) == {world.child.name}
    assert "导入时没有关联" in client.get(reverse("campus:child_list")).content.decode()


def test_a_director_of_both_campuses_confirms_the_link_row_by_row(world, group_director):
    parent = world.parent
    content = xlsx([village_row(world, parent), village_row(world, parent, name="村小贝", birth="2021-06-01")])
    preview = import_roster(world.other_campus, content, group_director, dry_run=True)
    rows = {item.number: item for item in preview.rows()}
    assert rows[2].link.confirmable and not rows[2].link.confirmed
    assert f"这个电话号码属于{parent.name}" in rows[2].notes[0] and world.campus.name in rows[2].notes[0]
    assert "家长端账号" in rows[2].notes[0]
    outcome = import_roster(world.other_campus, content, group_director, dry_run=False, confirmed_links={3})
    assert outcome.saved and outcome.unlinked == 1
    assert _linked("村小贝", parent) and not _linked("村小宝", parent)
    parent.refresh_from_db()
    assert parent.name == "家长0001"  # the file's “冒名者” is not taken


def test_a_guardian_with_a_login_on_this_campus_needs_the_tick_too(world, client_as):
    """Putting a child in a parent's portal is never a side effect, even on one campus."""
    director = world.user(Role.DIRECTOR)
    parent = world.other_parent
    client = client_as(director)
    content = xlsx([row(name="李小弟", guardian=parent.name, phone=parent.phone)])
    response = _upload(client, content)
    page = response.content.decode()
    assert 'name="link" value="2"' in page and "勾选" in page
    client.post(reverse("campus:roster_confirm"), {"token": response.context["token"]})
    assert Child.objects.filter(name="李小弟").exists() and not _linked("李小弟", parent)
    response = _upload(client, xlsx([row(name="李小妹", guardian=parent.name, phone=parent.phone)]))
    client.post(reverse("campus:roster_confirm"), {"token": response.context["token"], "link": ["2"]})
    assert _linked("李小妹", parent)


def test_a_guardian_of_this_campus_without_login_is_linked_but_never_renamed(world, director2):
    guardian = Guardian.objects.create(name="王奶奶", phone="13711112222")
    sibling = factories.make_child(world.other_classroom, "王大宝")
    Guardianship.objects.create(guardian=guardian, child=sibling, relation="grandparent")
    outcome = import_roster(world.other_campus, xlsx([village_row(world, guardian, name="王二宝")]), director2, dry_run=True)
    (item,) = outcome.rows()
    assert item.link is None and "一律不改家长姓名" in item.notes[0] and "王奶奶" in item.notes[0]
    outcome = import_roster(world.other_campus, xlsx([village_row(world, guardian, name="王二宝")]), director2, dry_run=False)
    assert outcome.saved and _linked("王二宝", guardian)
    guardian.refresh_from_db()
    assert guardian.name == "王奶奶" and guardian.history.count() == 1


def test_a_guardian_without_login_of_another_campus_is_not_linked_either(world, director2):
    guardian = Guardian.objects.create(name="赵爸爸", phone="13733334444")
    Guardianship.objects.create(guardian=guardian, child=world.child, relation="father")
    outcome = import_roster(world.other_campus, xlsx([village_row(world, guardian)]), director2, dry_run=False,
                            confirmed_links={2})
    assert outcome.saved and outcome.unlinked == 1 and not _linked("村小宝", guardian)


def _preview_queries(world, user, guardians):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [village_row(world, guardian, name=f"村{index}号", birth=f"2021-01-{index + 1:02d}")
            for index, guardian in enumerate(guardians)]
    content = xlsx(rows)
    with CaptureQueriesContext(connection) as captured:
        outcome = import_roster(world.other_campus, content, user, dry_run=True)
    assert outcome.ok and outcome.unlinked == len(guardians)
    return len(captured)


def test_checking_existing_guardians_needs_a_constant_number_of_queries(world, group_director):
    guardians = []
    for index in range(25):
        guardian = Guardian.objects.create(name=f"中心家长{index}", phone=f"1350000{index:04d}")
        Guardianship.objects.create(guardian=guardian, child=world.child, relation="other")
        guardians.append(guardian)
    assert _preview_queries(world, group_director, guardians[:5]) == _preview_queries(world, group_director, guardians[5:])
