# Chemicals and disinfectants are issued by their keeper only; an issue in the keeper's absence keeps
# its reason (keeper_override) and who may make it (a permission of the director and the logistics head).

from django.db import migrations, models


SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS logistics_stockmove_no_update BEFORE UPDATE ON logistics_stockmove
BEGIN
    SELECT RAISE(ABORT, 'logistics_stockmove is append-only: add a reversing move');
END;
"""


def keep_sqlite_trigger(apps, schema_editor):
    """SQLite adds a NOT NULL column by rebuilding the table, which drops its triggers: put the
    append-only trigger of migration 0002 back (PostgreSQL adds the column in place)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('logistics', '0004_stores_one_settings_row'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='stockmove',
            options={'ordering': ['-day', '-id'], 'permissions': [('issue_chemicals_for_keeper', "Can issue chemicals and disinfectants in the keeper's absence (with a reason)")], 'verbose_name': 'stock move', 'verbose_name_plural': 'stock moves'},
        ),
        migrations.AddField(
            model_name='stockmove',
            name='keeper_override',
            field=models.CharField(blank=True, help_text="Chemicals and disinfectants are issued by their named keeper; a director or the logistics head may issue them in the keeper's absence, with this reason (shown in the chemicals register).", max_length=200, verbose_name="issued in the keeper's absence because"),
        ),
        migrations.RunPython(keep_sqlite_trigger, migrations.RunPython.noop),
    ]
