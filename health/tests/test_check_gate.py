"""Issue 11: sending a child home rests on a temperature or a finding; placeholders do not look like
readings; children on leave are one line and no exception of the check."""

import pytest
from django.contrib.messages import get_messages

from campus.choices import AttendanceStatus
from campus.models import Attendance
from health import services
from health.choices import CheckAction, CheckSession, Finding
from health.models import HealthCheck, SickFollowUp
from health.services import CheckEntry, HealthError
from tests.factories import make_class_with_children

pytestmark = pytest.mark.django_db


def _leave(child, day, status, reason=""):
    return Attendance.objects.create(campus=child.campus, classroom=child.classroom, child=child, date=day, status=status,
                                     reason=reason)


def test_sending_home_without_a_temperature_or_a_finding_is_refused_on_that_child(world, clock):
    day = clock.school_day(world.campus, at="07:50")
    room, (a, b, c) = make_class_with_children(world, 3)
    user = world.user("health_teacher")
    with pytest.raises(HealthError) as exc:
        services.submit_class_check(room, day, CheckSession.MORNING, {
            a.pk: CheckEntry(action=CheckAction.SENT_HOME, note="精神不好"),
            b.pk: CheckEntry(action=CheckAction.OBSERVE),
        }, user)
    assert set(exc.value.message_dict) == {a.pk}
    assert exc.value.message_dict[a.pk] == [f"{a.name}：劝返须记录体温或至少一项症状。"]
    assert not HealthCheck.objects.exists() and not Attendance.objects.exists() and not SickFollowUp.objects.exists()
    # A temperature alone or a finding alone is enough.
    services.submit_class_check(room, day, CheckSession.MORNING, {
        a.pk: CheckEntry(action=CheckAction.SENT_HOME, temperature="37.0"),
        b.pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.EYES]),
    }, user)
    assert HealthCheck.objects.filter(action=CheckAction.SENT_HOME).count() == 2


def test_the_page_shows_the_refusal_next_to_the_child_in_chinese(world, client_as, clock):
    clock.school_day(world.campus, at="07:50")
    room, (a, b) = make_class_with_children(world, 2)
    client = client_as(world.user("health_teacher"))
    url = f"/health/check/{room.pk}/morning/"
    response = client.post(url, {f"action_{a.pk}": "sent_home", f"note_{a.pk}": "家长来接"})
    page = response.content.decode()
    assert response.status_code == 200
    row = page[page.index(f'data-child="{a.pk}"'):page.index(f'data-child="{b.pk}"')]
    assert "劝返须记录体温或至少一项症状" in row and "check-error" in row and "家长来接" in row
    assert not HealthCheck.objects.exists()


def test_the_temperature_has_no_placeholder_that_reads_like_a_reading(world, client_as, clock):
    clock.school_day(world.campus, at="07:50")
    room, (a,) = make_class_with_children(world, 1)
    page = client_as(world.user("health_teacher")).get(f"/health/check/{room.pk}/morning/").content.decode()
    field = page[page.index(f'name="temp_{a.pk}"'):]
    field = field[:field.index(">")]
    assert "placeholder" not in field and "36.5" not in page


def test_children_on_leave_are_one_line_and_not_exceptions(world, client_as, clock):
    day = clock.school_day(world.campus, at="08:10")
    room, children = make_class_with_children(world, 5)
    ill, trip, here, coughing, unexplained = children
    _leave(ill, day, AttendanceStatus.SICK, "发烧")
    _leave(trip, day, AttendanceStatus.PERSONAL, "回老家")
    client = client_as(world.user("health_teacher"))
    url = f"/health/check/{room.pk}/morning/"
    page = client.get(url).content.decode()
    line = page[page.index('class="absent-line"'):]
    line = line[line.index(">") + 1:line.index("</span>")]
    assert line == f"缺勤 2 人：{ill.name}、{trip.name}"
    assert page.count("check-absent") == 1
    absent_block = page[page.index('id="absent-rows"'):]
    main_block = page[:page.index('id="absent-rows"')]
    assert f'data-child="{ill.pk}"' in absent_block and f'data-child="{ill.pk}"' not in main_block
    assert f'data-child="{here.pk}"' in main_block
    # The form posts what the page holds: the two on leave "not here", one child coughing, one not
    # here without any leave recorded (that one is an exception: nobody knows why).
    response = client.post(url, {
        f"action_{ill.pk}": "not_here", f"action_{trip.pk}": "not_here", f"action_{unexplained.pk}": "not_here",
        f"action_{coughing.pk}": "observe", f"finding_{coughing.pk}": "cough",
    }, follow=True)
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "共5名幼儿，异常2名，缺勤2名，劝返0名" in message
    assert HealthCheck.objects.get(child=ill).action == CheckAction.NOT_HERE


def test_check_summary_counts_a_sick_leave_as_an_absence_not_an_exception(clock):
    clock.at("08:00")
    entries = {1: CheckEntry(action=CheckAction.NOT_HERE), 2: CheckEntry(action=CheckAction.SENT_HOME, temperature="38.5"),
               3: CheckEntry(action=CheckAction.NOT_HERE, note="家长说下午来"), 4: CheckEntry(action=CheckAction.NOT_HERE)}
    away = {1: object(), 3: object()}
    assert services.check_summary(entries, away) == {"exceptions": 3, "absent": 1, "sent_home": 1}


def test_a_child_sent_home_this_morning_is_on_the_absence_line_in_the_afternoon(world, client_as, clock):
    day = clock.school_day(world.campus, at="08:00")
    room, (a, b) = make_class_with_children(world, 2)
    user = world.user("health_teacher")
    services.submit_class_check(room, day, CheckSession.MORNING,
                                {a.pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.FEVER])}, user)
    clock.at("14:30")
    client = client_as(user)
    morning = client.get(f"/health/check/{room.pk}/morning/").content.decode()
    assert "check-absent" not in morning  # sent home at this check: still its own row, with what was found
    afternoon = client.get(f"/health/check/{room.pk}/afternoon/").content.decode()
    assert f"缺勤 1 人：{a.name}" in afternoon
