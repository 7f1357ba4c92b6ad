"""The outbreak alert's disinfection run and report follow-up become real foreign keys (they were
bare integers in the columns checklist_run_id and follow_up_id). Data kept: the integer fields are
renamed in the state only (same columns), an id whose run or follow-up no longer exists is emptied
(as SET_NULL would have done); 0005 then alters the columns in place into foreign keys (a separate
migration: PostgreSQL alters no table with row updates pending in the same transaction)."""

from django.db import migrations, models

LINKS = {"checklist_run": ("checklists", "Run", "disinfection run"), "follow_up": ("checklists", "FollowUp", "report follow-up")}
MODELS = ("outbreakalert", "historicaloutbreakalert")


def empty_lost_ids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("health", name)
        for field, (app, target, _label) in LINKS.items():
            existing = apps.get_model(app, target).objects.values("pk")
            model.objects.exclude(**{f"{field}__isnull": True}).exclude(**{f"{field}__in": existing}).update(**{field: None})


def _operations():
    rename = []
    for model in MODELS:
        for field, (_app, _target, label) in LINKS.items():
            rename += [
                migrations.RemoveField(model, f"{field}_id"),
                migrations.AddField(model, field, models.PositiveIntegerField(
                    label, null=True, blank=True, db_column=f"{field}_id")),
            ]
    return [
        migrations.SeparateDatabaseAndState(state_operations=rename),
        migrations.RunPython(empty_lost_ids, migrations.RunPython.noop),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("checklists", "0003_merge_20261202_1516"),
        ("health", "0003_files_upload_validators"),
    ]

    operations = _operations()
