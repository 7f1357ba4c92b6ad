"""The outbreak alert's checklist_run_id and follow_up_id columns (integers, emptied of lost ids by
0004) become foreign keys in place: the data stays."""

import django.db.models.deletion
from django.db import migrations, models

LINKS = {"checklist_run": ("checklists", "Run", "disinfection run"), "follow_up": ("checklists", "FollowUp", "report follow-up")}
MODELS = ("outbreakalert", "historicaloutbreakalert")


def _key(model, field, **extra):
    app, target, label = LINKS[field]
    if model.startswith("historical"):  # simple-history's copy: no constraint, nothing follows a deletion
        return models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                                 related_name="+", to=f"{app}.{target.lower()}", verbose_name=label, **extra)
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                             to=f"{app}.{target.lower()}", verbose_name=label, **extra)


def _operations():
    alter, settle = [], []
    for model in MODELS:
        for field in LINKS:
            alter.append(migrations.AlterField(model, field, _key(model, field, db_column=f"{field}_id")))
            settle.append(migrations.AlterField(model, field, _key(model, field)))  # same column: state only
    return [*alter, *settle]


class Migration(migrations.Migration):

    dependencies = [
        ("health", "0004_services_outbreak_links"),
    ]

    operations = _operations()
