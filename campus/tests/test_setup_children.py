"""Children in the site: add, edit (a teacher only their own classes'), leave, move class or campus,
siblings, a checked photo, the kitchen's list of diets; and the roster import of real rosters."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from campus.choices import Relation
from campus.models import Child, Guardianship
from campus.roles import Role
from campus.roster import import_roster, roster_template
from tests import factories


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


def _child_data(world, **extra):
    data = {"name": "孙小悟", "gender": "M", "birth_date": "2022-05-01", "classroom": world.classroom.pk,
            "enrolled_on": "2025-09-01", "allergies": "花生", "dietary_needs": "清真", "notes": ""}
    data.update(extra)
    return data


def test_the_director_adds_a_child_and_the_kitchen_sees_the_diet(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    response = client.post("/children/add/", _child_data(world))
    child = Child.objects.get(name="孙小悟")
    assert response.status_code == 302 and (child.allergies, child.dietary_needs) == ("花生", "清真")
    assert child.history.count() == 1
    page = client_as(world.user(Role.COOK)).get("/children/special-diets/").content.decode()
    assert "孙小悟" in page and "花生" in page and "清真" in page


def test_a_photo_must_be_an_image(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post("/children/add/", {**_child_data(world), "photo": fake})
    assert response.status_code == 200 and not Child.objects.filter(name="孙小悟").exists()
    real = SimpleUploadedFile("photo.png", factories.make_image(), content_type="image/png")
    response = client.post("/children/add/", {**_child_data(world), "photo": real})
    assert response.status_code == 302 and Child.objects.get(name="孙小悟").photo


def test_a_teacher_edits_their_own_class_children_only(world, client_as):
    world.neighbour()
    neighbour_child = world.cache["neighbour_child"]
    client = client_as(world.user(Role.TEACHER))
    data = {"name": world.child.name, "gender": world.child.gender, "birth_date": world.child.birth_date.isoformat(),
            "allergies": "芒果", "dietary_needs": "", "notes": ""}
    assert client.post(f"/children/{world.child.pk}/edit/", data).status_code == 302
    world.child.refresh_from_db()
    assert world.child.allergies == "芒果" and world.child.classroom == world.classroom
    assert client.get(f"/children/{neighbour_child.pk}/edit/").status_code == 404
    assert client.post(f"/children/{neighbour_child.pk}/edit/", {**data, "name": neighbour_child.name}).status_code == 404
    assert client.get(f"/children/{world.child.pk}/leave/").status_code == 403


def test_a_child_leaves_and_stops_counting_after_the_last_day(world, client_as):
    today = timezone.localdate()
    client = client_as(world.user(Role.DIRECTOR))
    response = client.post(f"/children/{world.child.pk}/leave/", {"left_on": today.isoformat(), "leaving_reason": ""})
    assert response.status_code == 200  # a reason is needed
    response = client.post(f"/children/{world.child.pk}/leave/", {"left_on": today.isoformat(), "leaving_reason": "搬家"})
    assert response.status_code == 302
    assert Child.objects.enrolled_on(today).filter(pk=world.child.pk).exists()
    assert not Child.objects.enrolled_on(today + dt.timedelta(days=1)).filter(pk=world.child.pk).exists()
    world.child.refresh_from_db()
    assert world.child.leaving_reason == "搬家" and world.child.history.first().history_change_reason == "left"


def test_moving_class_keeps_history_and_moving_campus_enrols_there(world, client_as):
    today = timezone.localdate()
    group_director = factories.make_staff(Role.DIRECTOR, [world.campus, world.other_campus], sees_all=True)
    room = factories.make_classroom(world.campus, "中二班")
    client = client_as(group_director.user)
    assert client.post(f"/children/{world.child.pk}/move/", {"classroom": room.pk, "first_day": today.isoformat()}).status_code == 302
    world.child.refresh_from_db()
    assert world.child.classroom == room and world.child.history.count() == 2
    response = client.post(f"/children/{world.child.pk}/move/",
                           {"classroom": world.other_classroom.pk, "first_day": today.isoformat()})
    assert response.status_code == 302
    world.child.refresh_from_db()
    moved = Child.objects.get(campus=world.other_campus, name=world.child.name)
    assert world.child.left_on == today - dt.timedelta(days=1) and moved.enrolled_on == today
    assert set(moved.guardians.all()) == set(world.child.guardians.all())
    assert world.child in moved.siblings.all() or moved.siblings.filter(pk=world.child.pk).exists()


def test_siblings_are_linked_both_ways(world, client_as):
    third = factories.make_child(world.classroom, "张小亮")
    client = client_as(world.user(Role.DIRECTOR))
    assert client.post(f"/children/{world.child.pk}/siblings/", {"sibling": world.other_child.pk}).status_code == 302
    assert client.post(f"/children/{world.other_child.pk}/siblings/", {"sibling": third.pk}).status_code == 302
    assert set(third.siblings.all()) == {world.child, world.other_child}
    page = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "李小红" in page and "张小亮" in page


# --- the roster of real kindergartens ----------------------------------------------------------------------

QUERIES_DIETS = 8  # session, user, staff, roles, campuses, permissions, the children, the menu
HEADERS = ["姓名", "性别", "出生日期", "班级", "入园日期", "过敏", "家长姓名", "家长电话"]


def test_a_roster_without_a_relation_column_imports_with_parent_and_allergies(world):
    rows = [["王小米", "女", "2021-03-05", "小一班", "2024-09-01", "鸡蛋", "王芳", "13700000001"],
            ["李小雷", "男", "2021-04-05", "小一班", "2024-09-01", None, "李强", "13700000002"]]
    outcome = import_roster(world.campus, factories.make_xlsx(rows, HEADERS), world.user(Role.DIRECTOR), dry_run=False)
    assert outcome.saved and outcome.totals["new"] == 2
    link = Guardianship.objects.get(child__name="王小米")
    assert link.relation == Relation.PARENT and link.get_relation_display() == "家长"
    assert Child.objects.get(name="王小米").allergies == "鸡蛋"


def test_the_preview_lists_the_wrong_rows_first_and_counts_only_those(world):
    rows = [["王小米", "女", "2021-03-05", "小一班", "2024-09-01", None, "王芳", "13700000001"],
            ["李小雷", "男", "2021-04-05", "小一班", "2024-09-01", None, "李强", "13700000002"],
            ["赵小敏", "女", "出生", "小一班", "2024-09-01", None, "赵敏", "13700000003"]]
    outcome = import_roster(world.campus, factories.make_xlsx(rows, HEADERS), world.user(Role.DIRECTOR), dry_run=True)
    assert outcome.totals["invalid"] == 1
    listed = outcome.rows()
    assert listed[0].values[0] == "赵小敏" and listed[0].errors and not any(row.errors for row in listed[1:])


def test_the_template_downloads_and_imports(world, client_as):
    response = client_as(world.user(Role.DIRECTOR)).get("/children/roster/template/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    outcome = import_roster(world.campus, roster_template(), world.user(Role.DIRECTOR), dry_run=True)
    assert outcome.ok and outcome.totals["new"] == 1


def test_the_diets_list_costs_the_same_queries_for_one_child_or_ten(world, client_as, django_assert_num_queries):
    client = client_as(world.user(Role.COOK))
    client.get("/children/special-diets/")
    for index in range(10):
        factories.make_child(world.classroom, f"过敏{index}", allergies="花生", dietary_needs="软食")
    with django_assert_num_queries(QUERIES_DIETS):
        page = client.get("/children/special-diets/").content.decode()
    assert page.count("花生") == 10
