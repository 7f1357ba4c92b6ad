"""Campus factories: campuses and terms, classes, children, staff of a role, parents with a login,
attendance, and the shared ``World`` (one user per role, an outsider, two parents)."""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from campus import models
from campus.calendar import known_years
from campus.choices import AttendanceStatus, Gender, Grade, Relation
from campus.roles import STAFF_ROLES, Role

PASSWORD = "pw-123456!"  # every factory user's password
SPRING_2025 = (dt.date(2025, 2, 17), dt.date(2025, 7, 11))  # a term of a year the national calendar knows

_seq = itertools.count(1)


def make_campus(code=None, name=None, *, term=None, **extra) -> models.Campus:
    """A campus with one term: by default the current one (120 days either side of today, "本学期");
    ``term=(first, last)`` for a fixed one, e.g. ``SPRING_2025``."""
    n = next(_seq)
    campus = models.Campus.objects.create(code=code or f"c{n}", name=name or f"测试幼儿园{n}", **extra)
    if term is None:
        today = timezone.localdate()
        make_term(campus, today - dt.timedelta(days=120), today + dt.timedelta(days=120), "本学期")
    else:
        make_term(campus, *term)
    return campus


def make_term(campus, starts_on, ends_on, name=None) -> models.Term:
    """A term (default name: "2025年春季学期" / "2025年秋季学期"), with the holidays of a year the
    national calendar does not know yet entered by hand, as a real campus does."""
    name = name or f"{starts_on.year}年{'春季' if starts_on.month < 8 else '秋季'}学期"
    term = models.Term.objects.create(campus=campus, name=name, starts_on=starts_on, ends_on=ends_on)
    enter_unknown_years(campus, starts_on, ends_on)
    return term


def enter_unknown_years(campus, first, last):
    """The national holiday package knows the years up to its release; for a later year a real campus
    enters its holidays by hand (``CalendarYear``), and so does the test kindergarten, so that the
    suite runs at any date (HOUQIN_TEST_NOW, or a real run in a year the package does not know)."""
    for year in range(max(first.year, known_years()[1] + 1), last.year + 1):
        models.CalendarYear.objects.get_or_create(campus=campus, year=year, defaults={"note": "tests"})


def make_user(username=None, password=PASSWORD, **extra):
    return get_user_model().objects.create_user(username=username or f"user{next(_seq)}", password=password, **extra)


def make_staff(roles, campuses, username=None, name=None, sees_all=False) -> models.StaffMember:
    """A staff member holding ``roles`` (a Role or several) on ``campuses`` (one or several)."""
    user = make_user(username)
    for role in roles if isinstance(roles, (list, tuple, set)) else [roles]:
        user.groups.add(Group.objects.get(name=Role(role).value))
    staff = models.StaffMember.objects.create(user=user, name=name or user.username, sees_all_campuses=sees_all)
    staff.campuses.add(*(campuses if isinstance(campuses, (list, tuple)) else [campuses]))
    return staff


def make_classroom(campus, name=None, grade=Grade.MIDDLE, head_teacher=None, staff=()) -> models.Classroom:
    room = models.Classroom.objects.create(campus=campus, name=name or f"班{next(_seq)}", grade=grade, head_teacher=head_teacher)
    if head_teacher:
        room.staff.add(head_teacher)
    if staff:
        room.staff.add(*staff)
    return room


def make_place(campus, name=None, kind=None, classroom=None, custodian=None) -> models.Place:
    from campus.choices import PlaceKind

    return models.Place.objects.create(
        campus=campus, name=name or f"场所{next(_seq)}", kind=kind or PlaceKind.OTHER, classroom=classroom, custodian=custodian,
    )


def make_child(classroom, name=None, birth_date=None, gender=Gender.GIRL, enrolled_on=None, **extra) -> models.Child:
    today = timezone.localdate()
    return models.Child.objects.create(
        campus=classroom.campus, classroom=classroom, name=name or f"孩子{next(_seq)}", gender=gender,
        birth_date=birth_date or today.replace(year=today.year - 4, day=1),
        enrolled_on=enrolled_on or today - dt.timedelta(days=100), **extra,
    )


def make_parent(child, phone=None, with_login=True, relation=Relation.MOTHER) -> models.Guardian:
    """A guardian of ``child``; with a parent login (username: the phone) unless ``with_login=False``."""
    phone = phone or f"139{next(_seq):08d}"
    user = None
    if with_login:
        user = make_user(phone)
        user.groups.add(Group.objects.get(name=Role.PARENT.value))
    guardian = models.Guardian.objects.create(name=f"家长{phone[-4:]}", phone=phone, user=user)
    models.Guardianship.objects.create(guardian=guardian, child=child, relation=relation)
    return guardian


def make_attendance(child, days, status=AttendanceStatus.SICK, reason=""):
    """The child's attendance on ``days`` (replacing what was there)."""
    for day in days:
        models.Attendance.objects.update_or_create(
            child=child, date=day,
            defaults={"campus": child.campus, "classroom": child.classroom, "status": status, "reason": reason},
        )


def make_all_present(children, days):
    """Every child present every day (one insert)."""
    rows = [models.Attendance(campus=c.campus, classroom=c.classroom, child=c, date=d, status=AttendanceStatus.PRESENT)
            for c in children for d in days]
    models.Attendance.objects.bulk_create(rows, ignore_conflicts=True)


def log_in(client, username, password=PASSWORD) -> bool:
    """Log in through the login form, as a person does (django-axes needs the request, which
    ``client.login`` does not pass). True when the site accepted the password."""
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


@dataclass
class World:
    """A small kindergarten: one user per role, a user of another campus, and two parents (each of
    one child); ``world.neighbour()`` adds the teacher of another class of the same campus."""

    campus: object
    other_campus: object
    classroom: object
    child: object
    other_child: object
    parent: object  # Guardian of child
    other_parent: object  # Guardian of other_child (same campus, same class)
    staff: dict = field(default_factory=dict)  # role value -> StaffMember
    outsider: object = None  # a StaffMember with every staff role, on other_campus only
    other_classroom: object = None
    far_child: object = None  # a child of other_campus
    cache: dict = field(default_factory=dict)  # for matrix setups: app objects made once per world

    def user(self, role) -> object:
        return self.staff[Role(role).value].user

    def once(self, key, make):
        """``make()``'s result, made on first use and kept in ``cache`` (the matrix's records)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def neighbour(self) -> object:
        """A class teacher of another class on the same campus (中一班, with a child of its own), made
        on first use: must be refused every record of ``child`` and ``classroom`` (小一班)."""
        if "neighbour" not in self.cache:
            staff = make_staff(Role.TEACHER, self.campus, username="neighbour", name="隔壁老师")
            room = make_classroom(self.campus, "中一班", head_teacher=staff)
            self.cache["neighbour"] = staff
            self.cache["neighbour_classroom"] = room
            self.cache["neighbour_child"] = make_child(room, "赵邻")
        return self.cache["neighbour"]


def make_world() -> World:
    campus = make_campus("alpha", "阳光幼儿园")
    other_campus = make_campus("beta", "桃源分园")
    staff = {role.value: make_staff(role, campus, username=role.value) for role in STAFF_ROLES}
    classroom = make_classroom(campus, "小一班", head_teacher=staff[Role.TEACHER.value])
    child = make_child(classroom, "张小明")
    other_child = make_child(classroom, "李小红")
    parent = make_parent(child, phone="13900000001")
    other_parent = make_parent(other_child, phone="13900000002")
    outsider = make_staff(STAFF_ROLES, other_campus, username="outsider")
    other_classroom = make_classroom(other_campus, "大二班", head_teacher=outsider)
    far_child = make_child(other_classroom, "王远")
    return World(
        campus=campus, other_campus=other_campus, classroom=classroom, child=child, other_child=other_child,
        parent=parent, other_parent=other_parent, staff=staff, outsider=outsider, other_classroom=other_classroom,
        far_child=far_child,
    )
