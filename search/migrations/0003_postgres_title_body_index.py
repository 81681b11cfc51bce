"""On PostgreSQL, a GIN index on the combined title and body vectors the search filters on.

Wagtail's database backend matches `title || body` against the query, and its migrations index
`title` and `body` apart (the combined index is created only for MySQL), so every search read
the whole index table. SQLite's FTS5 table is its own index: nothing to do there.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"
TABLE = "wagtailsearch_indexentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_word"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
