"""The outbreak rule at its edges: ≥3 similar cases in one class in a day, or ≥5 in 3 days."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models import Notification
from checklists.models import FollowUp, Run
from health import services
from health.choices import CheckAction, CheckSession, Disease, Finding, OutbreakRule, SymptomGroup
from health.models import OutbreakAlert, SickFollowUp
from health.services import CheckEntry
from tests.factories import make_class_with_children

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def sent_home(room, children, day, user, finding=Finding.FEVER):
    entries = {c.pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[finding]) for c in children}
    services.submit_class_check(room, day, CheckSession.MORNING, entries, user)


def sick(room, child, day, group=SymptomGroup.FEVER):
    SickFollowUp.objects.create(campus=room.campus, classroom=room, child=child, date=day, symptom_group=group)


def test_two_in_a_day_no_alert_three_alert(world, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the e-mail task runs here, after commit
    room, children = make_class_with_children(world, 6)
    user = world.user("health_teacher")
    sent_home(room, children[:2], TODAY(), user)
    assert not OutbreakAlert.objects.exists()
    world.user("director").email = "zhou@example.cn"
    world.user("director").save()
    world.user("health_teacher").email = "li@example.cn"
    world.user("health_teacher").save()
    with django_capture_on_commit_callbacks(execute=True):
        sent_home(room, children[:3], TODAY(), user)
    alert = OutbreakAlert.objects.get()
    assert (alert.rule, alert.cases, alert.symptom_group) == (OutbreakRule.DAY, 3, SymptomGroup.FEVER)
    assert set(alert.children.values_list("pk", flat=True)) == {c.pk for c in children[:3]}
    assert abs((alert.report_due - alert.detected_at) - dt.timedelta(hours=24)) < dt.timedelta(seconds=1)
    # The class disinfection run and the 24-hour report follow-up are opened through checklists.
    run = Run.objects.get(pk=alert.checklist_run_id)
    assert run.is_adhoc and run.template.code == "class-disinfection" and room.name in run.place
    follow_up = FollowUp.objects.get(pk=alert.follow_up_id)
    assert follow_up.kind == "health" and follow_up.due_on == timezone.localdate(alert.report_due)
    # The director and the health teacher are told at once: under the bell, and by e-mail after commit.
    told = Notification.objects.get(kind=NoticeKind.OUTBREAK)
    assert told.link == alert.get_absolute_url() and room.name in told.title
    assert set(told.recipients.values_list("user__username", flat=True)) == {"director", "health_teacher"}
    outbreak_mails = [m for m in mail.outbox if m.subject == told.title]
    assert sorted(m.to[0] for m in outbreak_mails) == ["li@example.cn", "zhou@example.cn"]
    # Re-submitting the same check does not alert twice.
    with django_capture_on_commit_callbacks(execute=True):
        sent_home(room, children[:3], TODAY(), user)
    assert OutbreakAlert.objects.count() == 1 and Run.objects.filter(is_adhoc=True).count() == 1
    assert Notification.objects.filter(kind=NoticeKind.OUTBREAK).count() == 1
    assert len([m for m in mail.outbox if m.subject == told.title]) == 2


def test_four_in_three_days_no_alert_five_alert(world):
    room, children = make_class_with_children(world, 8)
    day = TODAY()
    sick(room, children[0], day - dt.timedelta(days=2))
    sick(room, children[1], day - dt.timedelta(days=2))
    sick(room, children[2], day - dt.timedelta(days=1))
    sick(room, children[3], day - dt.timedelta(days=1))
    assert services.evaluate_outbreak(room, day) == []
    sick(room, children[4], day)
    (alert,) = services.evaluate_outbreak(room, day)
    assert alert.rule == OutbreakRule.WINDOW and alert.cases == 5


def test_cases_outside_the_window_do_not_count(world):
    room, children = make_class_with_children(world, 8)
    day = TODAY()
    sick(room, children[0], day - dt.timedelta(days=3))  # 4 days ago counting today: outside a 3-day window
    for child, back in zip(children[1:5], (2, 2, 1, 0), strict=True):
        sick(room, child, day - dt.timedelta(days=back))
    assert services.evaluate_outbreak(room, day) == []


def test_different_classes_do_not_add_up(world):
    room_a, kids_a = make_class_with_children(world, 4, "中一班")
    room_b, kids_b = make_class_with_children(world, 4, "中二班")
    user = world.user("health_teacher")
    sent_home(room_a, kids_a[:2], TODAY(), user)
    sent_home(room_b, kids_b[:2], TODAY(), user)
    assert not OutbreakAlert.objects.exists()


def test_dissimilar_symptoms_do_not_add_up(world):
    room, children = make_class_with_children(world, 5)
    user = world.user("health_teacher")
    entries = {
        children[0].pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.FEVER]),
        children[1].pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.DIGESTIVE]),
        children[2].pk: CheckEntry(action=CheckAction.SENT_HOME, findings=[Finding.SKIN]),
    }
    services.submit_class_check(room, TODAY(), CheckSession.MORNING, entries, user)
    assert not OutbreakAlert.objects.exists()


def test_mixed_sources_count_the_same_child_once(world):
    """A child sent home with fever who is also a sick absence and an observation counts once."""
    room, children = make_class_with_children(world, 5)
    user = world.user("health_teacher")
    sent_home(room, children[:2], TODAY(), user)
    services.record_observation(children[0], observed_at=timezone.now(), symptom="发烧 38.4", temperature="38.4", user=user)
    assert not OutbreakAlert.objects.exists()
    services.record_case(campus=world.campus, child=children[2], disease=Disease.INFLUENZA, onset=TODAY(),
                         isolation_start=TODAY(), user=user)
    assert OutbreakAlert.objects.get().cases == 3


def test_thresholds_are_per_campus_settings(world):
    hs = services.settings_for(world.campus)
    hs.outbreak_day_cases = 2
    hs.save()
    room, children = make_class_with_children(world, 4)
    sent_home(room, children[:2], TODAY(), world.user("health_teacher"))
    assert OutbreakAlert.objects.get().cases == 2


def test_the_window_and_its_case_count_are_per_campus_settings(world):
    hs = services.settings_for(world.campus)
    hs.outbreak_window_days, hs.outbreak_window_cases = 5, 4
    hs.save()
    room, children = make_class_with_children(world, 8)
    day = TODAY()
    for child, back in zip(children[:3], (4, 3, 1), strict=True):  # 5 days ago would be outside
        sick(room, child, day - dt.timedelta(days=back))
    assert services.evaluate_outbreak(room, day) == []
    sick(room, children[3], day)  # 4 within 5 days: an alert with these settings, none with 5/3
    (alert,) = services.evaluate_outbreak(room, day)
    assert alert.rule == OutbreakRule.WINDOW and alert.cases == 4


def test_alert_is_on_the_home_page_of_director_and_health_teacher(world, client_as):
    room, children = make_class_with_children(world, 4)
    sent_home(room, children[:3], TODAY(), world.user("health_teacher"))
    alert = OutbreakAlert.objects.get()
    for role in ("director", "health_teacher"):
        page = client_as(world.user(role)).get("/").content.decode()
        assert alert.get_absolute_url() in page and room.name in page
    assert alert.get_absolute_url() not in client_as(world.user("cook")).get("/").content.decode()
    dashboard = client_as(world.user("director")).get("/dashboard/").content.decode()
    assert alert.get_absolute_url() in dashboard or "/health/outbreaks/" in dashboard


def test_reporting_needs_a_note(world):
    room, children = make_class_with_children(world, 3)
    sent_home(room, children, TODAY(), world.user("health_teacher"))
    alert = OutbreakAlert.objects.get()
    with pytest.raises(services.HealthError):
        services.mark_outbreak_reported(alert, note=" ", user=world.user("health_teacher"))
    services.mark_outbreak_reported(alert, note="电话报告区疾控中心王医生", user=world.user("health_teacher"))
    alert.refresh_from_db()
    assert alert.reported_at and alert.history.count() == 2


def test_an_overdue_report_says_so_on_the_home_page(world, client_as):
    room, children = make_class_with_children(world, 3)
    sent_home(room, children, TODAY(), world.user("health_teacher"))
    OutbreakAlert.objects.update(report_due=timezone.now() - dt.timedelta(minutes=1))
    page = client_as(world.user("director")).get("/").content.decode()
    assert "报告已超时" in page or "Report overdue" in page


def hfmd(world, child, onset):
    return services.record_case(campus=world.campus, child=child, disease=Disease.HFMD, onset=onset,
                                isolation_start=onset, user=world.user("health_teacher"))


def test_two_hand_foot_and_mouth_cases_in_a_class_within_seven_days_alert(world):
    room, children = make_class_with_children(world, 6)
    day = TODAY()
    hfmd(world, children[0], day - dt.timedelta(days=6))
    assert not OutbreakAlert.objects.exists()
    hfmd(world, children[1], day)  # the 7th day counting the first: still in the window
    alert = OutbreakAlert.objects.get()
    assert alert.rule == OutbreakRule.DISEASE and alert.disease == Disease.HFMD and alert.cases == 2
    assert set(alert.children.values_list("pk", flat=True)) == {children[0].pk, children[1].pk}
    assert Run.objects.filter(reason__contains="手足口病").exists()  # the class disinfection run names the disease
    hfmd(world, children[2], day)  # the same cluster: no second alert
    assert OutbreakAlert.objects.count() == 1


def test_hand_foot_and_mouth_cases_eight_days_apart_do_not_alert(world):
    room, children = make_class_with_children(world, 6)
    hfmd(world, children[0], TODAY() - dt.timedelta(days=7))
    hfmd(world, children[1], TODAY())
    assert not OutbreakAlert.objects.exists()


def test_the_disease_thresholds_are_campus_settings(world):
    hs = services.settings_for(world.campus)
    hs.hfmd_cluster_cases = 0  # off
    hs.flu_cluster_cases, hs.flu_cluster_days = 2, 3
    hs.save()
    room, children = make_class_with_children(world, 6)
    hfmd(world, children[0], TODAY())
    hfmd(world, children[1], TODAY())
    assert not OutbreakAlert.objects.exists()
    for child in children[2:4]:
        services.record_case(campus=world.campus, child=child, disease=Disease.INFLUENZA, onset=TODAY(),
                             isolation_start=TODAY(), user=world.user("health_teacher"))
    assert OutbreakAlert.objects.get().disease == Disease.INFLUENZA
