"""Compact the search index after `update_index` (and, on PostgreSQL, refresh the planner's statistics).

`update_index` rewrites every row of the index (and Wagtail's title weights once more), so on
PostgreSQL the table ends about twice its size in dead rows, and on SQLite the FTS5 index is left
in many segments. This reclaims the space and merges the segments:

- PostgreSQL: VACUUM (FULL, ANALYZE) of the index and vocabulary tables. FULL rewrites them and
  holds an exclusive lock while it runs (seconds at 10,000 pages): searches wait meanwhile, pages
  do not. `--no-full` runs a plain VACUUM (ANALYZE) instead, which takes no lock and makes the space
  reusable without returning it.
- SQLite: FTS5's 'optimize', then VACUUM of the database file. No ANALYZE: with statistics,
  SQLite takes a table with no rows yet (the page view restrictions, say) for a large one and
  joins the page table to it, read whole (the search page's lookups of view restrictions, five a
  request, at 10,000 articles). The site's queries are written for SQLite's plans without statistics
  (search/tests/test_query_plans.py), so the statistics an earlier version left are removed.

It prints the index's size before and after. docs/search.md and docs/deploy.md say when to run it.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from ...models import SearchWord

INDEX_TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"


def index_size():
    """The bytes the search index holds on disk (its tables and indexes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)",
                [INDEX_TABLE, SearchWord._meta.db_table],
            )
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            return cursor.fetchone()[0]
    return None


class Command(BaseCommand):
    help = (
        "Compact the search index after update_index (VACUUM on PostgreSQL; optimize and VACUUM on SQLite)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-full",
            action="store_true",
            help="PostgreSQL: plain VACUUM (ANALYZE), without FULL's exclusive lock.",
        )

    def handle(self, *args, no_full=False, **options):
        before = index_size()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                mode = "ANALYZE" if no_full else "FULL, ANALYZE"
                for table in (INDEX_TABLE, SearchWord._meta.db_table):
                    cursor.execute(f'VACUUM ({mode}) "{table}"')
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
                if cursor.fetchone():
                    cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
                cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
                for (table,) in cursor.fetchall():
                    cursor.execute(f'DROP TABLE "{table}"')
                cursor.execute("VACUUM")
            else:
                self.stdout.write(f"Nothing to compact on {connection.vendor}.")
                return
        after = index_size()
        what = "search index" if connection.vendor == "postgresql" else "database file"
        self.stdout.write(f"Compacted the {what}: {before / 1e6:.1f} MB before, {after / 1e6:.1f} MB after.")
