"""PostgreSQL only: trigram indexes for the list's search box.

`name__contains` (LIKE '%王建国%') and `id_number__endswith` / `phone__endswith` (LIKE '%1234')
cannot use a btree index: on a province's million veterans each search read every row (430-530 ms).
pg_trgm's GIN indexes answer them in a few milliseconds when the searched text has three
characters or more (a full name, an ID tail); shorter text still scans.  Other databases: nothing.
"""

from django.db import migrations

INDEXES = {
    "veteran_name_trgm": "name",
    "veteran_id_number_trgm": "id_number",
    "veteran_phone_trgm": "phone",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "veterans_veteran" USING gin ("{column}" gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("veterans", "0003_date_validators")]

    operations = [migrations.RunPython(create, drop)]
