"""What search/backends relies on in django-modelsearch: fails loudly when an upgrade changes it.

The backend subclasses the stock compilers, results and indexes, and reads their internals. Each
test here names one thing it relies on, so an upgrade that moves it fails here by name rather
than as a wrong result somewhere else.
"""

import inspect
from importlib.metadata import version

from django.db import connection
from django.db.models import F

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.backends import base

from search.backends import pinned

pytestmark = pytest.mark.django_db


def test_the_installed_modelsearch_is_the_release_the_backend_is_written_for():
    assert version("modelsearch") == pinned.MODELSEARCH_VERSION


def test_the_system_check_fails_when_another_release_is_installed(monkeypatch):
    assert pinned.check_modelsearch_version(None) == []

    monkeypatch.setattr(pinned, "MODELSEARCH_VERSION", "0.0.1")
    [error] = pinned.check_modelsearch_version(None)

    assert error.id == "search.E001"
    assert "0.0.1" in error.msg and version("modelsearch") in error.msg


def test_the_settings_use_the_sites_backend_on_this_database():
    backend = get_search_backend()

    assert (
        type(backend).__module__
        == f"search.backends.{ {'postgresql': 'postgres'}.get(connection.vendor, connection.vendor) }"
    )
    assert backend.field_weights is True


def test_search_results_share_their_compiler_when_sliced_and_keep_the_hooks_used():
    # RankedResultsMixin keeps fetched pages on the compiler and overrides _do_search and _do_count.
    results = Page.objects.live().search("ketamine")
    page = results[10:20]

    assert page.query_compiler is results.query_compiler
    assert (page.start, page.stop, page._score_field) == (10, 20, None)
    assert {"_do_search", "_do_count", "_clone"} <= set(vars(base.BaseSearchResults))


def test_the_compiler_internals_the_ranking_calls_exist():
    compiler = type(get_search_backend()).query_compiler_class
    for name in ("_build_rank_expression", "build_tsrank", "get_search_vectors", "get_config"):
        assert callable(getattr(compiler, name)), name
    assert list(inspect.signature(compiler._build_rank_expression).parameters) == [
        "self",
        "vectors",
        "config",
    ]
    assert list(inspect.signature(compiler.build_tsrank).parameters) == [
        "self",
        "vector",
        "query",
        "config",
        "boost",
    ]


def test_the_index_keeps_add_items_and_the_rebuilder_start_the_vocabulary_uses():
    backend = get_search_backend()
    index = backend.get_index_for_model(Page)
    assert list(inspect.signature(index.add_items).parameters) == ["model", "objs"]
    assert index.entries.model._meta.db_table == "wagtailsearch_indexentry"
    columns = {field.name for field in index.entries.model._meta.get_fields()}
    assert {"content_type", "object_id", "title", "body", "autocomplete", "title_norm"} <= columns
    # VocabularyRebuilderMixin.start() clears the words after the stock start() returns the index.
    for rebuilder in (backend.rebuilder_class, backend.atomic_rebuilder_class):
        assert rebuilder(index).start() is index


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_ranks_the_index_vectors_the_stock_compiler_ranks():
    from modelsearch.backends.database.postgres import postgres as stock

    from search.backends.postgres import PostgresSearchQueryCompiler

    stock_vectors = stock.PostgresSearchQueryCompiler.get_index_vectors(None, None)
    ours = PostgresSearchQueryCompiler.entry_vectors(type("Unweighted", (), {"field_weights": False})())
    assert [(v.name.removeprefix("index_entries__"), b if not isinstance(b, F) else b.name.removeprefix("index_entries__"))
            for v, b in stock_vectors] == [(v.name, b if not isinstance(b, F) else b.name) for v, b in ours]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_title_body_gin'")
        [(definition,)] = cursor.fetchall()
    assert "gin (((title || body)))" in definition


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_fts_table_has_the_columns_and_triggers_the_backend_reads():
    from modelsearch.backends.database.sqlite import query as sqlite_query
    from modelsearch.backends.database.sqlite import sqlite as stock

    assert sqlite_query.SQLiteFTSIndexEntry._meta.db_table == "wagtailsearch_indexentry_fts"
    assert sqlite_query.BM25().as_sql(None, None)[0] == "bm25(wagtailsearch_indexentry_fts)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_table_info('wagtailsearch_indexentry_fts')")
        assert [name for (name,) in cursor.fetchall()] == ["autocomplete", "body", "title", "emphasis"]
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%wagtailsearch_indexentry_fts'"
        )
        triggers = [sql for (sql,) in cursor.fetchall()]
    # The stock triggers copy these three columns and leave `emphasis` to the backend.
    assert len(triggers) == 3
    assert all("emphasis" not in sql for sql in triggers)
    assert stock.SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS == ["title", "body"]
