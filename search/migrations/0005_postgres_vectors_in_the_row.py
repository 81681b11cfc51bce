"""On PostgreSQL, the title and body vectors kept in the index table's rows, not in its TOAST table.

A body vector is a few kilobytes, so PostgreSQL's default (EXTENDED) moved it out of the row, and
ranking a word found on every page fetched each one from the TOAST table: 30 of the 38 ms the
ranked query took at 10,000 articles. MAIN keeps them in the row, compressed if that helps, and
moves one out only when the row would not fit on a page otherwise, so any size still saves.
The title is kept in the row too: otherwise the title is the column moved out to make room.

The rows already there are rewritten to the new storage (ALTER ... SET STORAGE changes only rows
written after it); `compact_search_index` then returns the space the old rows held.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
VECTORS = ("title", "body")


def set_storage(schema_editor, storage):
    columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in VECTORS)
    schema_editor.execute(f"ALTER TABLE {TABLE} {columns}")


def keep_in_the_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        set_storage(schema_editor, "MAIN")
        # A new value of each vector (the same lexemes) is stored by the new rule.
        rewrite = ", ".join(f"{column} = {column} || ''::tsvector" for column in VECTORS)
        schema_editor.execute(f"UPDATE {TABLE} SET {rewrite}")  # noqa: S608


def move_out(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        set_storage(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_emphasis_column")]

    operations = [migrations.RunPython(keep_in_the_row, move_out)]
