"""Which classes (and so which children) a staff member sees: one rule, in campus.scoping.

The attack (issue 9): a class teacher opened and wrote the health records of children of other
classes of the same campus (detail pages checked only the campus), and the registers listed every
class. And: guardians' phones were shown to every staff role on a child's page.
"""

import html
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from campus.roles import Role
from campus.scoping import get_child_for_user, limited_to_classes, scoped, visible_classrooms
from health.models import MedicationDose, MedicationRequest, SickFollowUp
from tests import factories
from tests.matrix.health import objects

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_a_teacher_of_another_class_cannot_open_the_health_records_of_a_child(client, world):
    records = objects(world)
    login(client, world.neighbour().user)
    for name, key in [("check_detail", "check"), ("observation_detail", "obs"), ("medication_detail", "req"),
                      ("followup_detail", "fu"), ("case_detail", "case"), ("outbreak_detail", "alert")]:
        assert client.get(reverse(f"health:{name}", args=[records[key].pk])).status_code == 404, name
    # The class teacher of the child still opens them.
    login(client, world.user(Role.TEACHER))
    assert client.get(reverse("health:medication_detail", args=[records["req"].pk])).status_code == 200
    assert client.get(reverse("health:followup_detail", args=[records["fu"].pk])).status_code == 200


def test_a_teacher_of_another_class_cannot_write_them(client, world, clock):
    clock.at("11:00")
    records = objects(world)
    login(client, world.neighbour().user)
    today = timezone.localdate().isoformat()
    give = client.post(reverse("health:dose_give", args=[records["req"].pk]),
                       {"time": "10:00", "amount": "5ml", "date": today})
    check = client.post(reverse("health:dose_check", args=[records["dose"].pk]))
    follow = client.post(reverse("health:followup_detail", args=[records["fu"].pk]),
                         {"symptoms": "咳嗽", "diagnosis": "感冒", "onset": today})
    assert (give.status_code, check.status_code, follow.status_code) == (404, 404, 404)
    assert MedicationDose.objects.filter(request=records["req"]).count() == 1
    assert MedicationDose.objects.get(pk=records["dose"].pk).checked_by is None
    assert SickFollowUp.objects.get(pk=records["fu"].pk).symptoms == records["fu"].symptoms != "咳嗽"  # unchanged
    # Nor can the morning check or the attendance of that class be taken.
    assert client.get(reverse("health:check_class", args=[world.classroom.pk, "morning"])).status_code == 404
    assert client.get(reverse("campus:attendance_take", args=[world.classroom.pk])).status_code == 404


def _text(response) -> str:
    content = response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            content = b"".join(book.read(name) for name in book.namelist() if name.endswith(".xml"))
        return html.unescape(content.decode())
    return content.decode()


@pytest.mark.parametrize("kind", ["checks", "observations", "medication", "followups", "cases"])
def test_registers_and_their_exports_list_only_the_teachers_classes(client, world, kind):
    objects(world)
    neighbour_child = world.neighbour() and world.cache["neighbour_child"]
    url = reverse("health:register", args=[kind])
    for fmt in ("", "?format=xlsx"):
        login(client, world.neighbour().user)
        response = client.get(url + fmt)
        assert response.status_code == 200
        assert world.child.name not in _text(response)
        login(client, world.user(Role.TEACHER))
        assert world.child.name in _text(client.get(url + fmt))
        login(client, world.user(Role.HEALTH))
        assert world.child.name in _text(client.get(url + fmt))
    assert neighbour_child.classroom != world.child.classroom


def test_a_file_is_served_only_to_who_sees_its_childs_class(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    req = MedicationRequest(campus=world.campus, child=world.child, drug="止咳糖浆", dose="5ml", times=["10:00"],
                            starts_on=today, ends_on=today)
    req.form_photo.save("form.jpg", ContentFile(b"\xff\xd8\xff\xe0 photo"), save=True)
    url = reverse("campus:media", args=[req.form_photo.name])
    assert login(client, world.neighbour().user).get(url).status_code == 404
    assert login(client, world.user(Role.TEACHER)).get(url).status_code == 200
    assert login(client, world.user(Role.HEALTH)).get(url).status_code == 200


def test_the_child_page_and_list_keep_a_teacher_to_their_classes(client, world):
    login(client, world.neighbour().user)
    assert client.get(reverse("campus:child_detail", args=[world.child.pk])).status_code == 404
    page = client.get(reverse("campus:child_list")).content.decode()
    assert world.child.name not in page and world.cache["neighbour_child"].name in page


class FakeRequest:
    def __init__(self, user, campus):
        self.user, self.campus, self.campus_ids = user, campus, [campus.pk]


def test_the_rule_who_sees_the_whole_campus(world):
    world.neighbour()
    every_class = {world.classroom, world.cache["neighbour_classroom"]}
    for role in Role:
        if role == Role.PARENT:
            continue
        request = FakeRequest(world.user(role), world.campus)
        expected = {world.classroom} if role == Role.TEACHER else every_class
        assert set(visible_classrooms(request)) == expected, role
        assert limited_to_classes(request) == (role == Role.TEACHER)
    # Nursery staff who work in a class (not its head) see that class; a teacher who is also the
    # health teacher sees the whole campus; a staff member without any role sees only their classes.
    nurse = factories.make_staff(Role.TEACHER, world.campus, username="nurse")
    world.cache["neighbour_classroom"].staff.add(nurse)
    request = FakeRequest(nurse.user, world.campus)
    assert set(visible_classrooms(request)) == {world.cache["neighbour_classroom"]}
    assert list(scoped(request, MedicationRequest).filter(child=world.child)) == []
    with pytest.raises(Http404):
        get_child_for_user(request, world.child.pk)
    both = factories.make_staff([Role.TEACHER, Role.HEALTH], world.campus, username="both")
    assert set(visible_classrooms(FakeRequest(both.user, world.campus))) == every_class
    nobody = factories.make_staff([], world.campus, username="nobody")
    assert list(visible_classrooms(FakeRequest(nobody.user, world.campus))) == []


@pytest.mark.parametrize("role,shown", [
    (Role.DIRECTOR, True), (Role.TEACHER, True), (Role.HEALTH, True), (Role.CASHIER, True),
    (Role.COOK, False), (Role.ASSETS, False), (Role.LOGISTICS, False), (Role.GATEKEEPER, False),
])
def test_guardians_phones_only_for_roles_holding_view_guardian(client, world, role, shown):
    login(client, world.user(role))
    response = client.get(reverse("campus:child_detail", args=[world.child.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert (world.parent.phone in page) is shown
    assert (world.parent.name in page) is shown
    assert world.user(role).has_perm("campus.view_guardian") is shown
