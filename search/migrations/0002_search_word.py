"""The vocabulary that "Did you mean ...?" draws from (search.models.SearchWord).

On PostgreSQL it also enables pg_trgm (a trusted extension: the database's owner may create
it without being a superuser) and gives the words a trigram GIN index, which the `%`
similarity operator of search/vocabulary.py reads. Both do nothing on SQLite.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEX = "search_word_trigram"
TABLE = "search_searchword"


class KeptTrigramExtension(TrigramExtension):
    """pg_trgm, created if missing and kept when migrating back.

    Something else may use it (it may have been there before), and Django's reverse would also
    query pg_extension on SQLite, which has no such table.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # fastupdate off: words are written when pages are indexed, read by each "Did you mean"; a
        # pending list (what fastupdate gathers until a VACUUM) would be read whole by each one,
        # and after a rebuild it holds every word (20 ms a query at 20,000 words, against 0.3).
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (word gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_sqlite_porter_stemming")]

    operations = [
        KeptTrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True)),
                ("length", models.PositiveSmallIntegerField()),
                ("first_second", models.CharField(max_length=2)),
                ("first_third", models.CharField(max_length=2)),
                ("second_third", models.CharField(max_length=2)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["first_second", "length"], name="search_word_first_second"),
                    models.Index(fields=["first_third", "length"], name="search_word_first_third"),
                    models.Index(fields=["second_third", "length"], name="search_word_second_third"),
                ],
            },
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
