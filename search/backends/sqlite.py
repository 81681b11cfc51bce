"""The SQLite (FTS5) backend: one-pass bm25 ranking, PostgreSQL's stop words, FTS5 highlighting."""

from django.db import connections, router
from django.db.models import FloatField, Func

from modelsearch.backends.database.sqlite import sqlite as stock
from modelsearch.backends.database.sqlite.query import AndNot, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer
from modelsearch.index import SearchField
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText

from ..stopwords import STOP_WORDS
from .highlight import MARK_END, MARK_START, marker_free, query_words
from .indexing import VocabularyIndexMixin, VocabularyRebuilderMixin
from .ranked import NOTHING, RankedQueryCompilerMixin, RankedResultsMixin

# The tokenizer of the site's FTS5 table (migration 0001): Porter stemming over unicode61.
TOKENIZE = "porter unicode61 remove_diacritics 2"
# A connection's own scratch table for marking matches in a result's text (see highlight()).
SNIPPET_TABLE = "search_snippet"
# bm25's weight for each column of the FTS5 table, in its order (migration 0004): the
# autocomplete column is never searched; a title counts most, then a boosted field such as a
# summary (its words are in `emphasis` as well as in `body`), then the rest of the body.
COLUMN_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 8.0, "emphasis": 2.0}


class WeightedBM25(Func):
    """bm25() with the columns weighted (COLUMN_WEIGHTS), where the stock backend weighs all alike."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS.values())
        return f"bm25({stock.SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


def fts_phrase(word):
    """A word as an FTS5 string: quoted, so no character in it is an operator."""
    return '"' + word.replace('"', '""') + '"'


class StopWordsMixin:
    """Plain-text terms that are English stop words are left out, as PostgreSQL's `english` does.

    A query of nothing but stop words matches nothing there, so it matches nothing here.
    The stock compiler builds None for it; search() and matching_entries() answer with no rows.
    """

    DROP_STOP_WORDS = True

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText) and self.DROP_STOP_WORDS:
            terms = [term for term in query.query_string.split() if term.lower() not in STOP_WORDS]
            if not terms:
                return None
            query = PlainText(" ".join(terms), operator=query.operator)
        if isinstance(query, (And, Or)):
            parts = [self.build_search_query_content(sub, config=config) for sub in query.subqueries]
            parts = [part for part in parts if part is not None]
            if not parts:
                return None
            combined = parts[0]
            for part in parts[1:]:
                combined = (combined & part) if isinstance(query, And) else (combined | part)
            return combined
        if isinstance(query, AndNot):
            first = self.build_search_query_content(query.subquery_a, config=config)
            second = self.build_search_query_content(query.subquery_b, config=config)
            if first is None or second is None:
                return first
            return first._combine(second, "NOT")
        return super().build_search_query_content(query, config=config)

    def _nothing_to_match(self, config):
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll) or (
            isinstance(normalized, Not) and isinstance(normalized.subquery, MatchAll)
        ):
            return False
        if isinstance(normalized, Not):
            normalized = normalized.subquery
        return self.build_search_query(normalized, config=config) is None

    def search(self, config, start, stop, score_field=None):
        if self._nothing_to_match(config):
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field)


class RankedSQLiteMixin(StopWordsMixin, RankedQueryCompilerMixin):
    OBJECT_ID = "index_entry__object_id"
    BEST_FIRST = "score"  # bm25 is negative: the lower, the better
    FIELD_COLUMNS = True

    def match_columns(self):
        # bm25 counts a column's matches only if the query names the column: emphasis repeats
        # words of `body`, so naming it finds the same rows, and lets its weight count.
        if self.field_weights and self.FIELD_COLUMNS:
            return [*self.FTS_TABLE_FIELDS, "emphasis"]
        return self.FTS_TABLE_FIELDS

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if self.field_weights and self.FIELD_COLUMNS and isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def matching_entries(self, config):
        if not self.order_by_relevance:
            return None
        normalized = normalize(self.query)
        if isinstance(normalized, (MatchAll, Not, AndNot)):
            return None
        search_query = self.build_search_query(normalized, config=config)
        if search_query is None:
            return NOTHING
        return (
            stock.SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(self.fields or self.match_columns(), search_query)
            )
            .filter(self.in_queryset(), index_entry__content_type__in=self.content_types())
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
        )


class SQLiteSearchQueryCompiler(RankedSQLiteMixin, stock.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(RankedSQLiteMixin, stock.SQLiteAutocompleteQueryCompiler):
    DROP_STOP_WORDS = False  # PostgreSQL completes with the `simple` configuration, which keeps them
    FIELD_COLUMNS = False  # one column: nothing to weigh


class SQLiteSearchResults(RankedResultsMixin, stock.SQLiteSearchResults):
    pass


class SQLiteIndex(VocabularyIndexMixin, stock.SQLiteIndex):
    TEXT_COLUMNS = ("title", "body")
    INDEXES_EVERY_MODEL = True

    def indexed(self, model, objs, entries):
        """Writes the boosted fields' text into the FTS row's `emphasis` column."""
        boosted = [
            field
            for field in model.get_search_fields()
            if isinstance(field, SearchField) and field.field_name != "title" and (field.boost or 1) > 1
        ]
        by_id = {str(obj.pk): obj for obj in objs}
        indexer = ObjectIndexer(objs[0], self.backend)
        rows = [
            (
                " ".join(indexer.prepare_value(field.get_value(by_id[object_id])) for field in boosted),
                entry_id,
            )
            for entry_id, object_id in entries
            if object_id in by_id
        ]
        with self.write_connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {stock.SQLiteFTSIndexEntry._meta.db_table} SET emphasis = %s WHERE rowid = %s",  # noqa: S608
                rows,
            )


class SQLiteSearchRebuilder(VocabularyRebuilderMixin, stock.SQLiteSearchRebuilder):
    pass


class SQLiteSearchAtomicRebuilder(VocabularyRebuilderMixin, stock.SQLiteSearchAtomicRebuilder):
    pass


class SQLiteSearchBackend(stock.SQLiteSearchBackend):
    """FIELD_WEIGHTS (default True) weighs the columns; False ranks exactly as the stock backend."""

    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    results_class = SQLiteSearchResults
    index_class = SQLiteIndex
    rebuilder_class = SQLiteSearchRebuilder
    atomic_rebuilder_class = SQLiteSearchAtomicRebuilder

    def __init__(self, params):
        super().__init__(params)
        self.field_weights = params.get("FIELD_WEIGHTS", True)

    def highlight(self, texts, query):
        """Each text with the words FTS5 would match for `query` between MARK_START and MARK_END.

        The texts go into a scratch FTS5 table of this connection's own (SQLite's temp schema:
        no other connection sees it, and nothing is written to the database file) with the
        index's tokenizer, so a match is marked exactly when the index would find it. Four
        statements, whatever the number of texts.
        """
        texts = [marker_free(text) for text in texts]
        words = [word for word in query_words(query) if word.lower() not in STOP_WORDS]
        if not words or not any(texts):
            return texts
        marked = list(texts)
        connection = connections[router.db_for_read(stock.IndexEntry)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{SNIPPET_TABLE} USING fts5(text, tokenize = '{TOKENIZE}')"
            )
            cursor.execute(f"DELETE FROM temp.{SNIPPET_TABLE}")
            cursor.executemany(
                f"INSERT INTO temp.{SNIPPET_TABLE} (rowid, text) VALUES (%s, %s)",  # noqa: S608
                [(number, text) for number, text in enumerate(texts, 1) if text],
            )
            cursor.execute(
                f"SELECT rowid, highlight({SNIPPET_TABLE}, 0, %s, %s) FROM temp.{SNIPPET_TABLE} "  # noqa: S608
                f"WHERE {SNIPPET_TABLE} MATCH %s",
                [MARK_START, MARK_END, " OR ".join(fts_phrase(word) for word in words)],
            )
            for number, text in cursor.fetchall():
                marked[number - 1] = text
        return marked


SearchBackend = SQLiteSearchBackend
