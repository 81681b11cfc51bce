"""On SQLite, give the FTS5 table a column for the boosted fields, so a standfirst outranks a body.

PostgreSQL weighs each field by its boost (a summary's words count more than the body's); FTS5
has only Wagtail's three columns, with every field but the title in `body`. The new `emphasis`
column holds the boosted fields' text again (search/backends/sqlite.py fills it on indexing),
and the ranking weighs it. `manage.py update_index` fills it for pages indexed before.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"
STEMMING = "porter unicode61 remove_diacritics 2"


def rebuild(schema_editor, columns):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:  # SQLite without FTS5: Wagtail falls back to plain LIKE queries
            return
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}, tokenize = '{STEMMING}')")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT id, title, body, autocomplete FROM {ENTRY_TABLE}"
        )


def add_emphasis(apps, schema_editor):
    rebuild(schema_editor, "autocomplete, body, title, emphasis")


def drop_emphasis(apps, schema_editor):
    rebuild(schema_editor, "autocomplete, body, title")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_title_body_index")]

    operations = [migrations.RunPython(add_emphasis, drop_emphasis)]
