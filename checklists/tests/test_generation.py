"""Generating runs: idempotent, catches up, marks overdue, reminds; the command and the task."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models import NotificationRecipient
from campus.roles import Role
from checklists import services
from checklists.choices import Recurrence, RunStatus
from checklists.models import ChecklistSettings, ChecklistTemplate, Plan, Run, TemplateItem
from checklists.schedule import BEAT
from checklists.services import generate_runs, load_standard_plan, standard_plan

pytestmark = pytest.mark.django_db


def make_template(campus, code="daily", recurrence=Recurrence.DAILY, starts_on=None, **extra):
    template = ChecklistTemplate.objects.create(
        campus=campus, code=code, title=code, department="logistics", assignee_role=extra.pop("role", Role.GATEKEEPER.value),
        recurrence=recurrence, starts_on=starts_on or timezone.localdate() - dt.timedelta(days=60), **extra,
    )
    TemplateItem.objects.create(template=template, label="门窗已锁好")
    return template


def test_the_standard_plan_covers_the_seed_and_every_template_has_a_source(world):
    created, total = load_standard_plan(world.campus)
    assert created == total >= 50
    templates = ChecklistTemplate.objects.filter(campus=world.campus).select_related("plan")
    assert templates.count() == total
    for template in templates:
        assert template.plan is not None and template.section and template.source_quote, template.code
        assert template.source_quote.replace(" ", "") in template.plan.text.replace(" ", ""), template.code
        assert template.items.exists(), template.code
    assert Plan.objects.filter(campus=world.campus).count() == 6
    codes = set(templates.values_list("code", flat=True))
    # the rhythms the issue names
    for code in ["gate-evening", "toys-monday", "ac-monthly", "ac-winter", "kitchen-gas-weekly", "lighting-weekly",
                 "env-safety-halfmonth", "kitchen-daily-clean", "kitchen-weekly-clean", "fire-drill", "assets-monthly",
                 "assets-term-end", "focus-08", "focus-09", "focus-10", "focus-11", "focus-12", "focus-01",
                 "class-disinfection"]:
        assert code in codes
    kinds = {spec["recurrence"] for spec in standard_plan()["templates"]}
    assert kinds == set(Recurrence.values) - {Recurrence.DAILY}
    assert load_standard_plan(world.campus) == (0, total)  # idempotent


def test_generation_is_idempotent_and_reports_what_it_created(world):
    make_template(world.campus, "daily", starts_on=timezone.localdate())
    make_template(world.campus, "weekly", Recurrence.WEEKLY, weekdays=str(timezone.localdate().weekday()),
                  starts_on=timezone.localdate())
    first = generate_runs()
    assert first.created == 2
    assert generate_runs().created == 0
    assert Run.objects.count() == 2
    run = Run.objects.get(template__code="daily")
    assert run.period_start == timezone.localdate()
    assert timezone.localtime(run.due_at).time() == run.template.due_time
    assert run.grace_until == run.due_at + dt.timedelta(hours=24)


def test_catch_up_of_missed_periods_within_the_window(world):
    today = timezone.localdate()
    make_template(world.campus, "daily", starts_on=today - dt.timedelta(days=100))
    settings = ChecklistSettings.for_campus(world.campus)
    settings.catch_up_days = 10
    settings.save()
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=timezone.get_current_timezone())
    report = generate_runs(today, now=noon)
    assert report.created == 11  # today and the ten days missed
    assert Run.objects.filter(status=RunStatus.OVERDUE).count() == 9  # older than a day past due + 24 h grace
    assert generate_runs(today + dt.timedelta(days=2), now=noon).created == 2


def test_overdue_after_the_grace_period(world):
    today = timezone.localdate()
    make_template(world.campus, "daily", starts_on=today, due_time=dt.time(8, 0), grace_hours=2)
    morning = dt.datetime.combine(today, dt.time(7, 0), tzinfo=timezone.get_current_timezone())
    report = generate_runs(today, now=morning)
    assert report.created == 1 and report.overdue == 0
    assert Run.objects.get().status == RunStatus.OPEN
    later = morning + dt.timedelta(hours=3, minutes=1)
    assert generate_runs(today, now=later).overdue == 1
    assert Run.objects.get().status == RunStatus.OVERDUE


def test_reminders_go_to_the_role_once(world):
    today = timezone.localdate()
    make_template(world.campus, "daily", starts_on=today, due_time=dt.time(8, 0), grace_hours=2)
    gate = world.user(Role.GATEKEEPER)
    at = dt.datetime.combine(today, dt.time(7, 30), tzinfo=timezone.get_current_timezone())
    generate_runs(today, now=at)
    generate_runs(today, now=at + dt.timedelta(minutes=5))
    told = NotificationRecipient.objects.values_list("user", "notification__kind")
    assert list(told) == [(gate.pk, NoticeKind.RUN_DUE)]
    generate_runs(today, now=at + dt.timedelta(hours=3))
    assert told.filter(user=gate, notification__kind=NoticeKind.RUN_OVERDUE).count() == 1
    assert not told.exclude(user=gate).exists()  # the outsider holds the role on another campus


def test_reminders_go_to_named_people_when_the_template_names_them(world):
    today = timezone.localdate()
    template = make_template(world.campus, "daily", starts_on=today, due_time=dt.time(8, 0))
    template.assignees.add(world.user(Role.LOGISTICS))
    generate_runs(today, now=dt.datetime.combine(today, dt.time(7, 30), tzinfo=timezone.get_current_timezone()))
    assert list(NotificationRecipient.objects.values_list("user", flat=True)) == [world.user(Role.LOGISTICS).pk]


def test_hand_opened_templates_and_inactive_templates_make_no_runs(world):
    make_template(world.campus, "adhoc", Recurrence.NONE)
    make_template(world.campus, "off", is_active=False)
    assert generate_runs().created == 0


def test_queries_do_not_grow_with_templates_or_campuses(world, django_assert_num_queries, clock):
    clock.school_day(world.campus, at="09:00")  # reminders depend on the hour: count them at a fixed one
    for campus in (world.campus, world.other_campus):
        for n in range(30):
            make_template(campus, f"t{n}", starts_on=timezone.localdate() - dt.timedelta(days=5))
    ChecklistSettings.for_campus(world.campus)
    # campuses, settings, templates, existing runs, 3 calendar tables, savepoint + ONE insert for
    # all 360 runs + release, overdue update, reminders: runs, named people, then the notification
    # service for all of them at once: existing alerts, insert, reload, role holders, recipients
    # SQLite takes at most 999 parameters a statement: its notification insert of this many alerts
    # (nine columns each since alerts carry a revision) goes in two statements; PostgreSQL's in one.
    split = 1 if connection.vendor == "sqlite" else 0
    with django_assert_num_queries(7 + 3 + 1 + 2 + 5 + split):
        report = generate_runs()
    assert report.created == 360


def test_command_prints_created_and_zero_the_second_time(world):
    make_template(world.campus, "daily", starts_on=timezone.localdate())
    out = StringIO()
    call_command("generate_checklists", "--campus", "alpha", stdout=out)
    assert "created 1 runs" in out.getvalue()
    out = StringIO()
    call_command("generate_checklists", "--date", timezone.localdate().isoformat(), stdout=out)
    assert "created 0 runs" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_checklists", "--date", "2026-13-01")
    with pytest.raises(CommandError):
        call_command("generate_checklists", "--campus", "nowhere")


def test_task_calls_the_service(world, settings):
    from checklists.tasks import generate_checklists

    settings.CELERY_TASK_ALWAYS_EAGER = True
    make_template(world.campus, "daily", starts_on=timezone.localdate())
    result = generate_checklists.delay().get()
    assert result["created"] == 1
    assert generate_checklists.delay(campus_code="alpha").get()["created"] == 0
    assert BEAT["checklists-generate"]["task"] == generate_checklists.name


def test_generation_survives_an_unknown_calendar_year(world):
    from campus.models import Term

    make_template(world.campus, "school", Recurrence.SCHOOL_DAY)
    Term.objects.filter(campus=world.campus).update(ends_on=dt.date(2099, 7, 1))
    report = generate_runs(dt.date(2099, 3, 2), now=timezone.now())
    assert report.created == 0 and report.warnings and "2099" in report.warnings[0]


def test_adhoc_runs_do_not_block_the_scheduled_run(world):
    template = make_template(world.campus, "daily", starts_on=timezone.localdate())
    services.open_adhoc_run(campus=world.campus, template_code="daily", reason="extra")
    assert generate_runs().created == 1
    assert Run.objects.filter(template=template).count() == 2


def test_a_class_template_puts_its_class_as_the_place(world):
    make_template(world.campus, "class", starts_on=timezone.localdate(), classroom=world.classroom, role="teacher")
    generate_runs()
    assert Run.objects.get().place == world.classroom.name
