"""The outbreak alert's disinfection run and report follow-up become real foreign keys (they were
bare integers in the columns checklist_run_id and follow_up_id). Data kept: the integer fields are
renamed in the state only (same columns), an id whose run or follow-up no longer exists is emptied
(as SET_NULL would have done), and the columns are altered in place into foreign keys."""

import django.db.models.deletion
from django.db import migrations, models

LINKS = {"checklist_run": ("checklists", "Run", "disinfection run"), "follow_up": ("checklists", "FollowUp", "report follow-up")}
MODELS = ("outbreakalert", "historicaloutbreakalert")


def empty_lost_ids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("health", name)
        for field, (app, target, _label) in LINKS.items():
            existing = apps.get_model(app, target).objects.values("pk")
            model.objects.exclude(**{f"{field}__isnull": True}).exclude(**{f"{field}__in": existing}).update(**{field: None})


def _key(model, field, **extra):
    app, target, label = LINKS[field]
    if model.startswith("historical"):  # simple-history's copy: no constraint, nothing follows a deletion
        return models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                                 related_name="+", to=f"{app}.{target.lower()}", verbose_name=label, **extra)
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                             to=f"{app}.{target.lower()}", verbose_name=label, **extra)


def _operations():
    rename, alter, settle = [], [], []
    for model in MODELS:
        for field, (_app, _target, label) in LINKS.items():
            rename += [
                migrations.RemoveField(model, f"{field}_id"),
                migrations.AddField(model, field, models.PositiveIntegerField(
                    label, null=True, blank=True, db_column=f"{field}_id")),
            ]
            alter.append(migrations.AlterField(model, field, _key(model, field, db_column=f"{field}_id")))
            settle.append(migrations.AlterField(model, field, _key(model, field)))  # same column: state only
    return [
        migrations.SeparateDatabaseAndState(state_operations=rename),
        migrations.RunPython(empty_lost_ids, migrations.RunPython.noop),
        *alter,
        *settle,
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("checklists", "0003_merge_20261202_1516"),
        ("health", "0003_files_upload_validators"),
    ]

    operations = _operations()
