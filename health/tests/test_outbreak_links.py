"""The outbreak alert's disinfection run and report follow-up are real foreign keys, and the
migration that made them so kept the ids the alerts had (issue 10, real links between departments)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from checklists import services as checklists
from health.choices import OutbreakRule, SymptomGroup
from health.models import OutbreakAlert

BEFORE = [("health", "0003_files_upload_validators")]


def _alert(model, world, days_ago, **links):
    now = timezone.now()
    return model.objects.create(  # one alert per class, symptom and day
        campus_id=world.campus.pk, classroom_id=world.classroom.pk, symptom_group=SymptomGroup.FEVER,
        rule=OutbreakRule.DAY, detected_on=timezone.localdate(now) - dt.timedelta(days=days_ago), cases=3,
        detected_at=now, report_due=now + dt.timedelta(hours=24), **links,
    )


@pytest.mark.django_db(transaction=True)
def test_the_ids_survive_the_migration_and_a_lost_one_becomes_empty(world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    run = checklists.open_adhoc_run(campus=world.campus, template_code="class-disinfection", reason="test")
    follow_up = checklists.open_follow_up(campus=world.campus, title="上报", assignee_role="director")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("health", "OutbreakAlert")
        kept = _alert(old, world, 1, checklist_run_id=run.pk, follow_up_id=follow_up.pk)
        lost = _alert(old, world, 0)
        old.objects.filter(pk=lost.pk).update(checklist_run_id=run.pk + 1000, follow_up_id=follow_up.pk + 1000)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    kept, lost = OutbreakAlert.objects.get(pk=kept.pk), OutbreakAlert.objects.get(pk=lost.pk)
    assert (kept.checklist_run, kept.follow_up) == (run, follow_up)
    assert (lost.checklist_run_id, lost.follow_up_id) == (None, None)


def test_the_links_are_foreign_keys():
    assert OutbreakAlert._meta.get_field("checklist_run").related_model._meta.label == "checklists.Run"
    assert OutbreakAlert._meta.get_field("follow_up").related_model._meta.label == "checklists.FollowUp"
