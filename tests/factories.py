"""Plain builders for tests (and the matrix world). Each returns saved objects."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from campus.calendar import known_years
from campus.choices import Gender, Grade, Relation
from campus.models import CalendarYear, Campus, Child, Classroom, Guardian, Guardianship, StaffMember, Term
from campus.roles import Role

_seq = itertools.count(1)


def make_campus(code=None, name=None, **extra) -> Campus:
    n = next(_seq)
    code = code or f"c{n}"
    campus = Campus.objects.create(code=code, name=name or f"测试幼儿园{n}", **extra)
    today = timezone.localdate()
    term = Term.objects.create(campus=campus, name="本学期", starts_on=today - dt.timedelta(days=120),
                               ends_on=today + dt.timedelta(days=120))
    enter_unknown_years(campus, term.starts_on, term.ends_on)
    return campus


def enter_unknown_years(campus, first, last):
    """The national holiday package knows the years up to its release; for a later year a real campus
    enters its holidays by hand (``CalendarYear``), and so does the test kindergarten, so that the
    suite runs at any date (HOUQIN_TEST_NOW, or a real run in a year the package does not know)."""
    for year in range(max(first.year, known_years()[1] + 1), last.year + 1):
        CalendarYear.objects.get_or_create(campus=campus, year=year, defaults={"note": "tests"})


def make_user(username=None, password="pw-123456!", **extra):
    User = get_user_model()
    user = User.objects.create_user(username=username or f"user{next(_seq)}", password=password, **extra)
    return user


def make_staff(roles, campuses, username=None, name=None, sees_all=False) -> StaffMember:
    user = make_user(username)
    for role in roles if isinstance(roles, (list, tuple, set)) else [roles]:
        user.groups.add(Group.objects.get(name=Role(role).value))
    staff = StaffMember.objects.create(user=user, name=name or user.username, sees_all_campuses=sees_all)
    staff.campuses.add(*(campuses if isinstance(campuses, (list, tuple)) else [campuses]))
    return staff


def make_classroom(campus, name=None, grade=Grade.MIDDLE, head_teacher=None, staff=()) -> Classroom:
    room = Classroom.objects.create(campus=campus, name=name or f"班{next(_seq)}", grade=grade, head_teacher=head_teacher)
    if head_teacher:
        room.staff.add(head_teacher)
    if staff:
        room.staff.add(*staff)
    return room


def make_child(classroom, name=None, birth_date=None, gender=Gender.GIRL, enrolled_on=None, **extra) -> Child:
    today = timezone.localdate()
    return Child.objects.create(
        campus=classroom.campus, classroom=classroom, name=name or f"孩子{next(_seq)}", gender=gender,
        birth_date=birth_date or today.replace(year=today.year - 4, day=1),
        enrolled_on=enrolled_on or today - dt.timedelta(days=100), **extra,
    )


def make_parent(child, phone=None, with_login=True, relation=Relation.MOTHER) -> Guardian:
    phone = phone or f"139{next(_seq):08d}"
    user = None
    if with_login:
        user = make_user(phone)
        user.groups.add(Group.objects.get(name=Role.PARENT.value))
    guardian = Guardian.objects.create(name=f"家长{phone[-4:]}", phone=phone, user=user)
    Guardianship.objects.create(guardian=guardian, child=child, relation=relation)
    return guardian


def log_in(client, username, password) -> bool:
    """Log in through the login form, as a person does (django-axes needs the request, which
    ``client.login`` does not pass). True when the site accepted the password."""
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302
