"""On SQLite, rebuild Wagtail's FTS5 search table with the Porter stemmer.

Wagtail creates the table with FTS5's default tokenizer, which does not stem:
a search for "craving" would not find "cravings". PostgreSQL stems through its
"english" text search configuration (settings: WAGTAILSEARCH_BACKENDS), so
this migration does nothing there.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"
STEMMING = "porter unicode61 remove_diacritics 2"


def rebuild(schema_editor, tokenize):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        row = cursor.fetchone()
        if row is None:  # SQLite without FTS5: Wagtail falls back to plain LIKE queries
            return
        options = f", tokenize = '{tokenize}'" if tokenize else ""
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title{options})")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT id, title, body, autocomplete FROM {ENTRY_TABLE}"
        )


def use_stemming(apps, schema_editor):
    rebuild(schema_editor, STEMMING)


def drop_stemming(apps, schema_editor):
    rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(use_stemming, drop_stemming)]
