"""The site's search backend: Wagtail's database backend, ranked in one pass.

Settings name it as ``"BACKEND": "search.backends"``; Wagtail calls ``SearchBackend(params)``.
It answers for the database the site runs on, as Wagtail's own ``wagtail.search.backends.database``
does, with subclasses of its SQLite (FTS5) and PostgreSQL backends that:

- rank the matches inside the full-text query and fetch only the page of results asked for,
  with the number of matches counted in the same query (ranked.py);
- on PostgreSQL, filter on the combined title and body vector that a GIN index serves
  (migration 0003), and on SQLite drop English stop words from the query, as PostgreSQL's
  ``english`` configuration does (sqlite.py, postgres.py);
- mark matched words by the engine's own stemming (highlight.py) and record the indexed words
  for "Did you mean" (search/vocabulary.py).

They are written for the django-modelsearch release pinned in pinned.py; a system check and a
test fail loudly when another release is installed. Any other database gets Wagtail's backend.
"""

from django.db import connection

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up)
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    stock = database.SearchBackend(params)  # on SQLite, learns whether FTS5 is there
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return stock
