"""Create the role groups. Their permissions come from the role table (campus/roles.py and each
app's permissions.py) and are applied after every migrate by a post_migrate hook, once all apps'
permissions exist."""

from django.db import migrations

ROLES = [
    "director", "logistics_head", "health_teacher", "teacher", "cook", "gatekeeper", "cashier",
    "asset_manager", "parent",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("campus", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
