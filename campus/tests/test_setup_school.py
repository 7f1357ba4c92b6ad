"""Campuses, classes, terms and places in the site (the director for their campus, the group director
for all, history kept), the new school year in one go, staff and their certificates."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from campus.choices import CertificateKind, Grade
from campus.models import Campus, Child, Classroom, Place, StaffCertificate, StaffMember, Term
from campus.roles import Role
from tests import factories

QUERIES_SETUP = 11  # the request (session, user, staff, roles, campuses, permissions), campuses, classes, terms, places


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


def test_role_labels_are_chinese_on_the_staff_list(world, client_as):
    import re

    page = client_as(world.user(Role.DIRECTOR)).get("/staff/").content.decode()
    cells = re.findall(r'<td class="small" data-label="[^"]+">([^<]*)</td>', page)
    assert "资产管理员" in cells and all(not re.search("[a-z_]", cell) for cell in cells)


def test_only_the_group_director_adds_a_campus(world, client_as):
    data = {"name": "新城分园", "code": "xincheng", "address": "新城路1号", "phone": "", "guided_by": world.campus.pk}
    assert client_as(world.user(Role.DIRECTOR)).get("/setup/campuses/add/").status_code == 403
    group = factories.make_staff(Role.DIRECTOR, [world.campus], sees_all=True)
    response = client_as(group.user).post("/setup/campuses/add/", data)
    assert response.status_code == 302
    campus = Campus.objects.get(code="xincheng")
    assert campus.guided_by == world.campus and campus.history.count() == 1


def test_the_director_edits_their_campus_not_another(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    data = {"name": "阳光幼儿园（本部）", "code": "alpha", "address": "人民路1号", "phone": ""}
    assert client.post(f"/setup/campuses/{world.campus.pk}/", data).status_code == 302
    assert client.get(f"/setup/campuses/{world.other_campus.pk}/").status_code == 404
    world.campus.refresh_from_db()
    assert world.campus.name == "阳光幼儿园（本部）" and world.campus.history.count() == 2


def test_classes_terms_and_places(world, client_as):
    director = world.staff[Role.DIRECTOR.value]
    teacher = world.staff[Role.TEACHER.value]
    client = client_as(director.user)
    response = client.post("/setup/classes/add/", {"name": "小二班", "grade": Grade.SMALL, "age_band": "3–4岁",
                                                   "head_teacher": teacher.pk, "staff": [director.pk], "capacity": 30})
    assert response.status_code == 302, response.context["form"].errors
    room = Classroom.objects.get(name="小二班")
    assert set(room.staff.all()) == {teacher, director} and room.age_band == "3–4岁"
    response = client.post("/setup/classes/add/", {"name": "小二班", "grade": Grade.SMALL, "capacity": 30})
    assert response.status_code == 200  # the name is taken
    response = client.post("/setup/terms/add/", {"name": "2027年秋季学期", "starts_on": "2027-09-01", "ends_on": "2028-01-20"})
    assert response.status_code == 302 and Term.objects.filter(name="2027年秋季学期").exists()
    response = client.post("/setup/terms/add/", {"name": "重叠", "starts_on": "2027-10-01", "ends_on": "2027-10-09"})
    assert response.status_code == 200 and not Term.objects.filter(name="重叠").exists()
    response = client.post("/setup/places/add/", {"name": "小二班教室", "kind": "classroom", "classroom": room.pk,
                                                  "custodian": teacher.pk, "is_active": "on"})
    assert response.status_code == 302 and Place.objects.get(name="小二班教室").custodian == teacher
    page = client.get("/setup/").content.decode()
    assert "小二班" in page and "2027年秋季学期" in page and "小二班教室" in page


def test_a_new_school_year_moves_every_class_up(world, client_as):
    director = world.user(Role.DIRECTOR)
    teacher = world.staff[Role.TEACHER.value]
    middle = factories.make_classroom(world.campus, "中一班", grade=Grade.MIDDLE)
    large = factories.make_classroom(world.campus, "大一班", grade=Grade.LARGE)
    world.classroom.grade = Grade.SMALL
    world.classroom.save()
    m = factories.make_child(middle, "中中")
    big = factories.make_child(large, "大大")
    client = client_as(director)
    first_day = dt.date(timezone.localdate().year + 1, 9, 1)
    page = client.get(f"/setup/new-school-year/?first_day={first_day}").content.decode()
    assert "中中" in page and "大大" in page
    data = {"first_day": first_day.isoformat(), "confirm": "1",
            f"name_{world.classroom.pk}": "中一班", f"head_{world.classroom.pk}": teacher.pk,
            f"name_{middle.pk}": "大一班", f"head_{middle.pk}": "",
            "new_name_0": "小一班", "new_grade_0": Grade.SMALL, "new_head_0": "",
            "new_name_1": "", "new_grade_1": Grade.SMALL, "new_name_2": "", "new_grade_2": Grade.SMALL}
    response = client.post("/setup/new-school-year/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.classroom.refresh_from_db(); middle.refresh_from_db(); large.refresh_from_db()  # noqa: E702
    assert (world.classroom.name, world.classroom.grade) == ("中一班", Grade.MIDDLE)
    assert (middle.name, middle.grade) == ("大一班", Grade.LARGE)
    assert not large.is_active and large.name.startswith("大一班")
    assert Classroom.objects.get(campus=world.campus, name="小一班", is_active=True).grade == Grade.SMALL
    big.refresh_from_db()
    assert big.left_on == first_day - dt.timedelta(days=1)
    on_first_day = Child.objects.enrolled_on(first_day)
    assert set(on_first_day.filter(classroom=world.classroom).values_list("name", flat=True)) == {"张小明", "李小红"}
    assert list(on_first_day.filter(classroom=middle).values_list("name", flat=True)) == [m.name]
    assert world.classroom.history.first().history_change_reason == "new school year"


def test_a_promotion_that_would_clash_saves_nothing(world, client_as):
    middle = factories.make_classroom(world.campus, "中一班", grade=Grade.MIDDLE)
    world.classroom.grade = Grade.SMALL
    world.classroom.save()
    first_day = dt.date(timezone.localdate().year + 1, 9, 1)
    data = {"first_day": first_day.isoformat(), "confirm": "1",
            f"name_{world.classroom.pk}": "大一班", f"name_{middle.pk}": "大一班",
            "new_name_0": "", "new_grade_0": Grade.SMALL, "new_name_1": "", "new_grade_1": Grade.SMALL,
            "new_name_2": "", "new_grade_2": Grade.SMALL}
    response = client_as(world.user(Role.DIRECTOR)).post("/setup/new-school-year/", data)
    assert response.status_code == 200
    world.classroom.refresh_from_db()
    assert world.classroom.name == "小一班" and world.classroom.grade == Grade.SMALL


def test_a_new_school_year_in_year_one_is_a_form_error(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    for first_day in ("0001-01-01", "9999-12-31", "1999-12-31"):
        assert client.get(f"/setup/new-school-year/?first_day={first_day}").status_code == 200
        data = {"first_day": first_day, "confirm": "1", f"name_{world.classroom.pk}": "中一班",
                "new_name_0": "", "new_grade_0": Grade.SMALL, "new_name_1": "", "new_grade_1": Grade.SMALL,
                "new_name_2": "", "new_grade_2": Grade.SMALL}
        response = client.post("/setup/new-school-year/", data)
        assert response.status_code == 200 and "first_day" in response.context["form"].errors
    world.classroom.refresh_from_db()
    assert world.classroom.name == "小一班"


def test_staff_added_edited_and_leaving(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    data = {"name": "钱老师", "phone": "13911112222", "username": "qian", "password": "qian-12345",
            "roles": [Role.TEACHER.value], "campuses": [world.campus.pk], "classrooms": [world.classroom.pk],
            "post": "小一班配班老师", "contract_type": "fixed", "contract_starts_on": "2025-09-01",
            "contract_ends_on": "2028-08-31", "emergency_contact": "钱父", "emergency_phone": "13900001111"}
    assert client.post("/staff/add/", {**data, "campuses": [world.other_campus.pk]}).status_code == 200  # not their campus
    response = client.post("/staff/add/", data)
    assert response.status_code == 302
    staff = StaffMember.objects.get(name="钱老师")
    assert staff.user.username == "qian" and staff.user.check_password("qian-12345") and staff.user.is_active
    assert staff.roles == {Role.TEACHER.value} and world.classroom in staff.classrooms.all()
    response = client.post(f"/staff/{staff.pk}/", {**data, "post": "中一班主班老师", "roles": [Role.TEACHER.value, Role.HEALTH.value]})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.post == "中一班主班老师" and staff.roles == {Role.TEACHER.value, Role.HEALTH.value}
    assert client.post(f"/staff/{staff.pk}/leave/", {"left_on": "2026-12-31"}).status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active and not staff.user.is_active and staff.history.count() >= 3


def test_certificates_for_everyone_and_the_alert_on_their_own_home(world, client_as):
    teacher = world.staff[Role.TEACHER.value]
    client = client_as(world.user(Role.DIRECTOR))
    soon = timezone.localdate() + dt.timedelta(days=20)
    response = client.post(f"/staff/{teacher.pk}/certificates/add/", {
        "kind": CertificateKind.FIRST_AID, "number": "JJ-1", "issued_on": "2024-01-01", "expires_on": soon.isoformat()})
    assert response.status_code == 302
    assert StaffCertificate.objects.get(staff=teacher).kind == CertificateKind.FIRST_AID
    home = client_as(teacher.user).get("/").content.decode()
    assert "/staff/me/certificates/" in home
    page = client_as(teacher.user).get("/staff/me/certificates/").content.decode()
    assert "JJ-1" in page
    assert "/staff/" in client_as(world.user(Role.DIRECTOR)).get("/").content.decode()


def test_the_setup_page_costs_the_same_queries_however_many_classes(world, client_as, django_assert_num_queries):
    client = client_as(world.user(Role.DIRECTOR))
    client.get("/setup/")
    for index in range(8):
        room = factories.make_classroom(world.campus, f"新班{index}", head_teacher=world.staff[Role.TEACHER.value])
        factories.make_place(world.campus, f"新班{index}教室", classroom=room, custodian=world.staff[Role.TEACHER.value])
    with django_assert_num_queries(QUERIES_SETUP):
        page = client.get("/setup/").content.decode()
    assert "新班7教室" in page
