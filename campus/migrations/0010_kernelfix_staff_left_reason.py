"""A staff member who left the job had the history reason "left", which reads 离园 (a child left the
kindergarten); it is now the key "left" in the context "staff" (离职). Rewrite the rows already kept."""

from django.db import migrations

OLD, NEW = "left", "staff\x04left"


def forwards(apps, schema_editor):
    apps.get_model("campus", "HistoricalStaffMember").objects.filter(history_change_reason=OLD).update(history_change_reason=NEW)


def backwards(apps, schema_editor):
    apps.get_model("campus", "HistoricalStaffMember").objects.filter(history_change_reason=NEW).update(history_change_reason=OLD)


class Migration(migrations.Migration):
    dependencies = [("campus", "0009_merge_setup_family")]
    operations = [migrations.RunPython(forwards, backwards)]
