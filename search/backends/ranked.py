"""Ranking in one pass, shared by the SQLite and PostgreSQL backends.

Wagtail's database backends (django-modelsearch 1.3) filter the searched queryset by the
matching ids, then score each row with a correlated subquery (SQLite re-runs the full-text
match per row, so the cost grows with the square of the hits) or rank it after joining the
index (PostgreSQL, where the paginator's count runs the whole search a second time).

Here the index entries that match are ranked where they are found, restricted to the searched
queryset by a correlated EXISTS on its key (in_queryset), and only the asked-for slice comes back, with
the number of all matches from a window function in the same row. The slice's objects are
then fetched by id. So a page of results costs two queries whatever the number of hits, and
the paginator's count costs none once the page has been fetched.

The rank expression, the tie-break (the model's primary key, descending) and the matching
are the stock backend's; only the shape of the SQL changes. A query this does not handle
(not ranked by relevance, negated, fuzzy, searching model fields rather than the index) goes
to the stock code unchanged.
"""

from django.db import connections, models
from django.db.models.functions import Cast

from modelsearch.utils import get_descendants_content_types_pks

INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)
# What matching_entries() answers for a query with nothing to match (only stop words).
NOTHING = "nothing to match"
# A slice starting past this row is past the end of any index: it is answered without a query
# (the databases refuse an OFFSET beyond a 64-bit integer, and a forged page number asks for one).
MAX_OFFSET = 2**31


def object_ids_of(queryset):
    """The searched queryset's primary keys as the index stores them (text), for an IN subquery."""
    return (
        queryset.order_by()
        .annotate(_search_object_id=Cast("pk", models.TextField()))
        .values("_search_object_id")
    )


class RankedQueryCompilerMixin:
    """Adds ``ranked_page`` and ``ranked_count`` to a stock query compiler.

    A vendor's compiler defines:
    - ``matching_entries(config)``: the index rows that match the query, restricted to the
      searched queryset, annotated with ``score``; NOTHING when no row can match; or None when
      the stock path must run;
    - ``OBJECT_ID``: the path from those rows to the indexed object's id;
    - ``BEST_FIRST``: "score" (lower is better) or "-score".
    """

    OBJECT_ID = "object_id"
    BEST_FIRST = "-score"
    # What ends the matching rows' subquery: a vendor whose planner would otherwise rank above the
    # window count, carrying each row's vectors through it, fences the subquery off.
    SUBQUERY_END = ""
    # Set from the backend's FIELD_WEIGHTS for each ranking: False ranks as the stock backend does.
    field_weights = False

    def content_types(self):
        return get_descendants_content_types_pks(self.queryset.model)

    def planned_rows(self, connection, sql, params):
        """The rows of the ranked query `sql`; PostgreSQL's runs it with a planner option set."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def in_queryset(self):
        """The filter that keeps the index rows of objects in the searched queryset.

        With an integer key, a correlated EXISTS on the key: its cost follows the number of
        matches (SQLite otherwise builds the set of every visible page's id, 7 ms at 10,000 pages,
        for a word found twice). Other keys are compared as the text the index stores.
        """
        if isinstance(self.queryset.model._meta.pk, INTEGER_KEYS):
            return models.Exists(
                self.queryset.order_by().filter(
                    pk=Cast(models.OuterRef(self.OBJECT_ID), models.BigIntegerField())
                )
            )
        return models.Q(**{f"{self.OBJECT_ID}__in": object_ids_of(self.queryset)})

    def tie_key(self):
        """The stock backends order equal scores by the model's primary key, descending."""
        if isinstance(self.queryset.model._meta.pk, INTEGER_KEYS):
            return Cast(self.OBJECT_ID, models.BigIntegerField())
        return models.F(self.OBJECT_ID)

    def ranked_page(self, config, start, stop, backend=None):
        """[(object_id, score), ...] for the slice, and the number of all matches (None if the slice is empty).

        The matching rows are a subquery and the window count is taken outside it: SQLite allows
        its ranking function only in the query that does the full-text match, and a window
        function there would move the ranking out of it.
        """
        self.field_weights = getattr(backend, "field_weights", False)
        entries = self.matching_entries(config)
        if entries is None:
            return None
        if entries is NOTHING:
            return [], 0
        if start > MAX_OFFSET:
            return [], None
        inner = entries.annotate(_object_id=models.F(self.OBJECT_ID), _tie=self.tie_key()).values_list(
            "_object_id", "score", "_tie"
        )
        sql, params = inner.query.sql_with_params()
        direction = "DESC" if self.BEST_FIRST.startswith("-") else "ASC"
        limit = "" if stop is None else f" LIMIT {int(stop) - int(start)}"
        offset = f" OFFSET {int(start)}" if start else ""
        if offset and not limit:
            limit = " LIMIT -1" if connections[inner.db].vendor == "sqlite" else " LIMIT ALL"
        rows = self.planned_rows(
            connections[inner.db],
            f'SELECT "_object_id", "score", COUNT(*) OVER () FROM ({sql}{self.SUBQUERY_END}) AS "ranked" '  # noqa: S608
            f'ORDER BY "score" {direction}, "_tie" DESC{limit}{offset}',
            params,
        )
        total = rows[0][2] if rows else (0 if not start else None)
        return [(object_id, score) for object_id, score, _ in rows], total

    def ranked_count(self, config, backend=None):
        self.field_weights = getattr(backend, "field_weights", False)
        entries = self.matching_entries(config)
        if entries is None or entries is NOTHING:
            return None if entries is None else 0
        sql, params = entries.values("pk").query.sql_with_params()
        [(count,)] = self.planned_rows(
            connections[entries.db],
            f'SELECT COUNT(*) FROM ({sql}) AS "matching"',  # noqa: S608
            params,
        )
        return count


class RankedResultsMixin:
    """Search results that use the compiler's one-pass ranking, and share what they fetched.

    Slicing a result set clones it with the same compiler, so the pages fetched (their ids, the
    count they carry, and their objects) are kept on the compiler: the paginator's ``count()``
    after a page was fetched, or the same page fetched again, runs no query.
    """

    def _fetched(self):
        return self.query_compiler.__dict__.setdefault("_fetched_pages", {})

    def _ranked(self):
        fetched = self._fetched()
        for (start, stop), ranked in fetched.items():
            # A page fetched before holds this slice if it starts at the same row and reaches as far
            # (the paginator asks for the last page as [start:count]).
            if ranked is not None and start == self.start and self.stop is not None:
                rows, _ = ranked
                if stop is None or self.stop <= stop or len(rows) < stop - start:
                    return rows[: self.stop - start], ranked[1]
        config = self.query_compiler.get_config(self.backend)
        ranked = self.query_compiler.ranked_page(config, self.start, self.stop, self.backend)
        fetched[(self.start, self.stop)] = ranked
        return ranked

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        rows, _ = ranked
        if not rows:
            return []
        objects = self.query_compiler.__dict__.setdefault("_fetched_objects", {})
        ids = tuple(object_id for object_id, _ in rows)
        if ids not in objects:
            objects[ids] = {str(obj.pk): obj for obj in self.query_compiler.queryset.filter(pk__in=ids)}
        by_id = objects[ids]
        results = []
        for object_id, score in rows:
            obj = by_id.get(object_id)
            if obj is None:  # deleted between the two queries
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results

    def _do_count(self):
        total = next(
            (ranked[1] for ranked in self._fetched().values() if ranked and ranked[1] is not None), None
        )
        if total is None:
            total = self.query_compiler.ranked_count(
                self.query_compiler.get_config(self.backend), self.backend
            )
            if total is None:
                return super()._do_count()
        # Like a sliced queryset's count: the rows of this slice.
        stop = total if self.stop is None else min(self.stop, total)
        return max(0, stop - self.start)
