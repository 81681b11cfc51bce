"""The search page's queries, read in SQLite's query plan: none reads the whole page table.

SQLite plans without statistics unless ANALYZE has run, so the plan a query gets here, on a few
pages, is the plan it gets at 10,000 articles, where a scan of the page table costs milliseconds
warm and seconds cold.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from .support import search_html

# The page table, by name or by a subquery's alias (Django names them U0, U1...).
FULL_SCAN = re.compile(r"SCAN (wagtailcore_page|U\d+)\b")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's plans (PostgreSQL plans by its statistics)"
    ),
]


def page_table_scans(client, params):
    """The SELECTs of the search page for `params` whose plan scans wagtailcore_page, with the plan."""
    with CaptureQueriesContext(connection) as captured:
        search_html(client, params)
    scans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            steps = [row[3] for row in cursor.fetchall()]
            if any(FULL_SCAN.match(step) for step in steps):
                scans.append((query["sql"][:200], steps))
    return scans


@pytest.fixture
def site_pages(make_condition, make_article, make_treatment):
    depression = make_condition(title="Ketamine for Depression", slug="depression")
    SearchPromotion.objects.create(query=Query.get("recovery"), page=depression, sort_order=0)
    make_treatment(title="Ketamine infusions", slug="infusions")
    for number in range(3):
        make_article(title=f"Recovery notes {number}", slug=f"recovery-{number}")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "zzzznomatch"},  # no results: the conditions, the latest articles, a correction
        {"q": "recovery"},
        {"q": "recovery", "type": "articles"},
        {"q": "recovery", "page": "2"},
    ],
)
def test_no_query_of_the_search_page_reads_the_whole_page_table(client, site_pages, params):
    assert page_table_scans(client, params) == []


def test_a_sqlite_connection_logs_ahead_and_reads_through_a_memory_map_into_a_64_mib_cache(tmp_path):
    # A common word's search reads one index row per matching article: with SQLite's default
    # 2 MB cache, most were read from the file again for every search; and each search's hit,
    # committed to a rollback journal, waited for the disk (site_config/settings/base.py).
    # The tests' database is in memory, which has neither: the site's settings, on a file.
    on_file = connection.copy()
    on_file.settings_dict = {**on_file.settings_dict, "NAME": str(tmp_path / "site.sqlite3")}
    pragmas = {}
    try:
        with on_file.cursor() as cursor:
            for pragma in ("journal_mode", "synchronous", "cache_size", "mmap_size"):
                cursor.execute(f"PRAGMA {pragma}")
                (pragmas[pragma],) = cursor.fetchone()
    finally:
        on_file.close()

    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "cache_size": -64 * 1024,  # negative: KiB
        "mmap_size": 256 * 1024 * 1024,
    }
