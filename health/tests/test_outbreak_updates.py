"""Issue 11: one outbreak alert per class, symptom group and window, updated as cases arrive; its
tasks named and linked on its page."""

import datetime as dt

import pytest

from campus.choices import NoticeKind
from campus.models import Notification
from checklists.models import FollowUp, Run
from health import services
from health.choices import CheckAction, CheckSession, Disease, Finding, SymptomGroup
from health.models import OutbreakAlert, SickFollowUp
from health.services import CheckEntry
from tests.factories import make_class_with_children

pytestmark = pytest.mark.django_db


def check(room, children, day, user, action=CheckAction.OBSERVE, finding=Finding.COUGH):
    services.submit_class_check(room, day, CheckSession.MORNING,
                                {c.pk: CheckEntry(action=action, findings=[finding]) for c in children}, user)


def told():
    return list(Notification.objects.filter(kind=NoticeKind.OUTBREAK).order_by("pk").values_list("key", "title"))


def test_the_same_coughing_children_days_later_update_their_alert_instead_of_opening_another(world, clock):
    today = clock.school_day(world.campus, at="08:30")
    first = today - dt.timedelta(days=3)
    room, kids = make_class_with_children(world, 6, "大一班")
    user = world.user("health_teacher")
    check(room, kids[:3], first, user, action=CheckAction.SENT_HOME)
    alert = OutbreakAlert.objects.get()
    assert (alert.symptom_group, alert.cases, alert.last_detected_on) == (SymptomGroup.RESPIRATORY, 3, first)
    assert told() == [(f"outbreak:{alert.pk}", "疫情预警：大一班，咳嗽/呼吸道")]
    # The next day two of them still cough: below the threshold, but the cluster runs on.
    check(room, kids[:2], first + dt.timedelta(days=1), user)
    alert.refresh_from_db()
    assert alert.cases == 3 and alert.last_detected_on == first + dt.timedelta(days=1)
    assert len(told()) == 1  # nothing new to tell
    # Three days after the first, three cough (one new): before issue 11 a second "大一班 · 咳嗽/呼吸道 · 3例".
    check(room, [kids[0], kids[1], kids[3]], today, user)
    assert OutbreakAlert.objects.count() == 1
    alert.refresh_from_db()
    assert alert.cases == 4 and alert.last_detected_on == today and alert.last_detected_at is not None
    assert set(alert.children.values_list("pk", flat=True)) == {k.pk for k in kids[:4]}
    assert Run.objects.filter(is_adhoc=True).count() == 1 and FollowUp.objects.count() == 1
    assert told()[1] == (f"outbreak:{alert.pk}:4", "疫情预警：大一班，咳嗽/呼吸道，现已4例")
    # Saving the same check again changes nothing and tells nobody again.
    check(room, [kids[0], kids[1], kids[3]], today, user)
    assert len(told()) == 2 and alert.history.count() == 3


def test_a_backdated_cluster_joins_the_alert_whose_window_it_overlaps(world, clock):
    today = clock.school_day(world.campus, at="10:00")
    room, kids = make_class_with_children(world, 7)
    user = world.user("health_teacher")
    check(room, kids[:3], today, user, action=CheckAction.SENT_HOME, finding=Finding.FEVER)
    earlier = today - dt.timedelta(days=2)  # its window ends before the alert's day, but overlaps it
    for child in kids[3:6]:
        SickFollowUp.objects.create(campus=room.campus, classroom=room, child=child, date=earlier,
                                    symptom_group=SymptomGroup.FEVER)
    (alert,) = services.evaluate_outbreak(room, earlier, user)
    assert OutbreakAlert.objects.get() == alert and alert.cases == 6
    assert alert.detected_on == today and alert.last_detected_on == today  # the window is not shortened
    # A window that ends before the alert's begins does not overlap: a cluster of its own.
    long_ago = today - dt.timedelta(days=5)
    for child in kids[:3]:
        SickFollowUp.objects.create(campus=room.campus, classroom=room, child=child, date=long_ago,
                                    symptom_group=SymptomGroup.FEVER)
    services.evaluate_outbreak(room, long_ago, user)
    assert OutbreakAlert.objects.count() == 2


def test_an_influenza_cluster_names_the_class_fever_alert_instead_of_opening_another(world, clock):
    today = clock.school_day(world.campus, at="10:00")
    hs = services.settings_for(world.campus)
    hs.flu_cluster_cases, hs.flu_cluster_days = 2, 7
    hs.save()
    room, kids = make_class_with_children(world, 6)
    user = world.user("health_teacher")
    before = today - dt.timedelta(days=1)
    check(room, kids[:3], before, user, action=CheckAction.SENT_HOME, finding=Finding.FEVER)
    for child in (kids[0], kids[4]):
        services.record_case(campus=world.campus, child=child, disease=Disease.INFLUENZA, onset=today,
                             isolation_start=today, user=user)
    alert = OutbreakAlert.objects.get()
    assert alert.disease == Disease.INFLUENZA and alert.cases == 4
    assert Run.objects.filter(is_adhoc=True).count() == 1


def test_the_alert_page_names_its_tasks_and_links_them(world, client_as, clock):
    today = clock.school_day(world.campus, at="09:00")
    room, kids = make_class_with_children(world, 4, "大一班")
    check(room, kids[:3], today, world.user("health_teacher"), action=CheckAction.SENT_HOME)
    alert = OutbreakAlert.objects.get()
    run, follow_up = Run.objects.get(pk=alert.checklist_run_id), FollowUp.objects.get(pk=alert.follow_up_id)
    page = client_as(world.user("director")).get(alert.get_absolute_url()).content.decode()
    tasks = page[page.index('class="small outbreak-tasks"'):]
    tasks = tasks[:tasks.index("</ul>")]
    assert f'<a href="{run.get_absolute_url()}">{run.template.title} · 大一班</a>' in tasks
    assert f'<a href="{follow_up.get_absolute_url()}">{follow_up.title}</a>' in tasks
    assert f"#{run.pk}" not in tasks and "见检查表" not in tasks and "#" not in tasks.replace('href="/', "")
