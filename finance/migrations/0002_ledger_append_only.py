"""The database itself refuses to change a ledger entry (and, on PostgreSQL, to delete one):
corrections are reversing entries. SQLite keeps DELETE open because Django's test flush uses it;
the model and the admin refuse deletes there."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION finance_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'finance_ledgerentry is append-only: add a reversing entry';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER finance_ledger_no_update BEFORE UPDATE OR DELETE ON finance_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION finance_ledger_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS finance_ledger_no_update ON finance_ledgerentry;
DROP FUNCTION IF EXISTS finance_ledger_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER finance_ledger_no_update BEFORE UPDATE ON finance_ledgerentry
BEGIN
    SELECT RAISE(ABORT, 'finance_ledgerentry is append-only: add a reversing entry');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS finance_ledger_no_update;"


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
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
