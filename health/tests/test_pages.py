"""Pages render for their users; home/dashboard show the health work with exact query counts."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from health import dashboard, services
from health.choices import CheckAction, CheckSession, Finding
from health.models import HealthCheck, SickFollowUp
from health.services import CheckEntry
from tests.factories import make_class_with_children, make_entry_exams

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_morning_check_page_submits_exceptions(world, client_as):
    make_entry_exams(world.child, world.other_child)
    client = client_as(world.user("teacher"))
    url = f"/health/check/{world.classroom.pk}/morning/"
    page = client.get(url).content.decode()
    assert world.child.name in page and f'name="temp_{world.child.pk}"' in page
    response = client.post(url, {f"action_{world.child.pk}": "sent_home", f"temp_{world.child.pk}": "38.4",
                                 f"finding_{world.child.pk}": ["fever", "mouth"]})
    assert response.status_code == 302
    row = HealthCheck.objects.get(child=world.child)
    assert row.action == CheckAction.SENT_HOME and row.findings == [Finding.FEVER, Finding.MOUTH]
    assert SickFollowUp.objects.filter(child=world.child).exists()


def test_morning_check_page_shows_bad_input_next_to_the_child(world, client_as):
    make_entry_exams(world.child, world.other_child)
    client = client_as(world.user("health_teacher"))
    url = f"/health/check/{world.classroom.pk}/morning/"
    response = client.post(url, {f"temp_{world.child.pk}": "48", f"note_{world.child.pk}": "量了两次"})
    page = response.content.decode()
    assert response.status_code == 200 and "check-error" in page and 'value="48"' in page and "量了两次" in page
    assert not HealthCheck.objects.exists()


def test_an_impossible_temperature_is_shown_under_that_childs_field_in_chinese_not_as_a_list(world, client_as):
    make_entry_exams(world.child, world.other_child)
    client = client_as(world.user("health_teacher"))
    url = f"/health/check/{world.classroom.pk}/morning/"
    response = client.post(url, {f"temp_{world.child.pk}": "382"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 200 and not HealthCheck.objects.exists()
    assert "[&#x27;" not in page and "['" not in page
    field = page.index(f'name="temp_{world.child.pk}"')
    error = page.index(f'id="temp-error-{world.child.pk}"')
    assert field < error < page.index(f'name="finding_{world.child.pk}"')  # under the temperature, not above the row
    assert f'aria-describedby="temp-error-{world.child.pk}"' in page
    assert f"{world.child.name}: 382℃ 不是可能的体温" in page


def test_other_pages_render(world, client_as):
    client = client_as(world.user("health_teacher"))
    for url in ["/health/", "/health/observations/", "/health/observations/new/", "/health/medication/",
                "/health/medication/new/", "/health/follow-ups/", "/health/cases/", "/health/cases/new/",
                "/health/outbreaks/", "/health/growth/", f"/health/growth/class/{world.classroom.pk}/",
                "/health/growth/prevalence/", "/health/blood-pressure/", "/health/weak-children/",
                "/health/weak-children/new/", "/health/exams/", "/health/exams/new/"]:
        assert client.get(url).status_code == 200, url


def test_observation_entry_with_bad_temperature_saves_nothing(world, client_as):
    client = client_as(world.user("teacher"))
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"child": world.child.pk, "observed_at": now, "symptom": "精神差", "symptom_group": "other", "temperature": "45.1"}
    response = client.post("/health/observations/new/", data)
    assert response.status_code == 200 and "temperature" in response.context["form"].errors
    response = client.post("/health/observations/new/", {**data, "temperature": "37.9", "parent_informed": "on"})
    assert response.status_code == 302


def _request(world, role):
    request = RequestFactory().get("/")
    request.user = world.user(role)
    request.campus = world.campus
    request.campus_ids = [world.campus.pk]
    return request


def test_dashboard_cards_and_todos(world, django_assert_num_queries):
    room, children = make_class_with_children(world, 4)
    make_entry_exams(world.child, world.other_child)
    services.submit_class_check(room, TODAY(), CheckSession.MORNING,
                                {c.pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.FEVER]) for c in children[:3]},
                                world.user("health_teacher"))
    services.create_medication_request(world.child, drug="药", dose="1片", times="00:00", route="oral", starts_on=TODAY(),
                                       ends_on=TODAY(), user=world.parent.user, guardian=world.parent)
    SickFollowUp.objects.create(campus=world.campus, classroom=world.classroom, child=world.child,
                                date=TODAY() - dt.timedelta(days=1))
    services.settings_for(world.campus)
    # classes, enrolled, checks, alerts, open follow-ups, medication requests, doses
    with django_assert_num_queries(7):
        cards = dashboard.cards(world.campus, TODAY())
    titles = [c.title for c in cards]
    assert cards[0].level == "danger" and len(titles) == 5  # outbreak alerts first
    checks = cards[1]
    assert checks.level == "warning" and world.classroom.name in checks.detail  # 小一班 not checked yet
    # sent home; open follow-ups (yesterday's, and today's three once the evening flag hour has passed); overdue dose
    evening = timezone.localtime().hour >= services.settings_for(world.campus).follow_up_flag_hour
    assert cards[2].value == "3" and cards[3].value == ("4" if evening else "1") and cards[4].detail
    request = _request(world, "health_teacher")
    request.user = type(request.user).objects.get(pk=request.user.pk)
    # roles, alerts, permissions (2), staff, classes, enrolled, checks, requests, doses, follow-ups,
    # children and their latest measurements (blood pressure due)
    with django_assert_num_queries(13):
        todos = dashboard.todos(request, TODAY())
    levels = [t.level for t in todos]
    assert levels[0] == "danger" and any("/health/check/" in t.url for t in todos)
    teacher_request = _request(world, "teacher")
    teacher_todos = dashboard.todos(teacher_request, TODAY())
    assert not any("outbreak" in t.url for t in teacher_todos)
    assert dashboard.todos(_request(world, "cook"), TODAY()) == []


@pytest.mark.parametrize("size", [10, 30])
def test_check_page_in_constant_queries(world, client_as, django_assert_num_queries, size):
    room, children = make_class_with_children(world, size)
    client = client_as(world.user("health_teacher"))
    url = f"/health/check/{room.pk}/morning/"
    client.get(url)
    # session, user, staff, campuses (middleware and context), roles and permissions, the class, its
    # children, settings, the start gate (3), today's absences, existing checks: 16 whatever the class size
    with django_assert_num_queries(QUERIES_CHECK_PAGE):
        assert client.get(url).status_code == 200


QUERIES_CHECK_PAGE = 16


@pytest.mark.parametrize("classes", [1, 4])
def test_health_home_in_constant_queries(world, client_as, django_assert_num_queries, classes):
    user = world.user("health_teacher")
    for n in range(classes):
        room, children = make_class_with_children(world, 5, f"班{n}")
        services.submit_class_check(room, TODAY(), CheckSession.MORNING,
                                    {children[0].pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.FEVER])}, user)
        services.create_medication_request(children[1], drug="药", dose="1片", times="10:00", route="oral", starts_on=TODAY(),
                                           ends_on=TODAY(), user=user, form_photo="health/medication/x.jpg")
    client = client_as(user)
    client.get("/health/")
    with django_assert_num_queries(QUERIES_HEALTH_HOME):
        assert client.get("/health/").status_code == 200


QUERIES_HEALTH_HOME = 16  # the same with one class or four
