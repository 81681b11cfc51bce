"""`manage.py compact_search_index` (search/management), run as a deployment runs it after `update_index`.

VACUUM cannot run inside a transaction, so these tests commit, and the database is flushed after
each; `wagtail_tree` makes again what Wagtail's migrations made, if an earlier flush removed it.
"""

import io
import re

from django.core.management import call_command
from django.db import connection

import pytest

from search.management.commands.compact_search_index import index_size
from search.tests.support import result_urls

from .support import restore_wagtail_base_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wagtail_tree(transactional_db):
    restore_wagtail_base_data()


def compact(*args):
    out = io.StringIO()
    call_command("compact_search_index", *args, stdout=out)
    return out.getvalue()


def test_after_update_index_it_compacts_and_search_still_finds_the_pages(wagtail_tree, client, make_article):
    for number in range(60):
        make_article(f"Sleep after an infusion {number}", slug=f"sleep-{number}", intro="Why sleep matters.")
    call_command("update_index", stdout=io.StringIO())
    before = index_size()

    report = compact()

    assert re.fullmatch(r"Compacted the (search index|database file): \S+ MB before, \S+ MB after.\n", report)
    if connection.vendor == "postgresql":
        assert index_size() < before  # update_index left a dead copy of every row; FULL gives it back
    assert len(result_urls(client, q="sleep")) == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_no_full_vacuums_without_rewriting_the_table(wagtail_tree, make_article):
    make_article("Sleep after an infusion", intro="Why sleep matters.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_filenode('wagtailsearch_indexentry')")
        [(filenode,)] = cursor.fetchall()

        assert compact("--no-full").startswith("Compacted the search index")
        cursor.execute("SELECT pg_relation_filenode('wagtailsearch_indexentry')")
        assert cursor.fetchall() == [(filenode,)]  # FULL would have written a new file

        compact()
        cursor.execute("SELECT pg_relation_filenode('wagtailsearch_indexentry')")
        assert cursor.fetchall() != [(filenode,)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_it_leaves_sqlite_without_the_statistics_that_turn_its_plans_to_reading_the_page_table(
    wagtail_tree, make_article
):
    make_article("Sleep after an infusion", intro="Why sleep matters.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as an earlier version of the command did

        compact()

        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        assert cursor.fetchall() == []
