"""The database itself refuses to change a stock move (and, on PostgreSQL, to delete one):
corrections are reversing moves. SQLite keeps DELETE open because Django's test flush uses it;
the model and its queryset refuse deletes there (as finance's ledger does)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION logistics_stockmove_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'logistics_stockmove is append-only: add a reversing move';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER logistics_stockmove_no_update BEFORE UPDATE OR DELETE ON logistics_stockmove
    FOR EACH ROW EXECUTE FUNCTION logistics_stockmove_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS logistics_stockmove_no_update ON logistics_stockmove;
DROP FUNCTION IF EXISTS logistics_stockmove_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER logistics_stockmove_no_update BEFORE UPDATE ON logistics_stockmove
BEGIN
    SELECT RAISE(ABORT, 'logistics_stockmove is append-only: add a reversing move');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS logistics_stockmove_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_stores_ledger_models")]

    operations = [migrations.RunPython(forwards, backwards)]
