"""The PostgreSQL backend: ranked on the index table over the combined vector's GIN index."""

from django.db import connections, router
from django.db.models import F

from modelsearch.backends.database.postgres import postgres as stock
from modelsearch.query import Fuzzy, MatchAll, Not

from .highlight import MARK_END, MARK_START, marker_free, query_words
from .indexing import VocabularyIndexMixin, VocabularyRebuilderMixin
from .ranked import RankedQueryCompilerMixin, RankedResultsMixin

# How much more a title's match counts than the same match in the rest of the page's text.
TITLE_WEIGHT = 2.0
# The planner setting the ranked query runs with (RankedPostgresMixin.planned_rows), and back.
PLANNER_SETTING = "SET LOCAL enable_seqscan = off"
PLANNER_DEFAULT = "SET LOCAL enable_seqscan = DEFAULT"


class RankedPostgresMixin(RankedQueryCompilerMixin):
    """Ranks the index rows themselves, then fetches the page's objects.

    The stock compiler joins the searched model to its index rows and filters on
    ``title || body``; PostgreSQL had GIN indexes only on each vector, so it read the whole index
    table, once for the count and once for the page. Migration 0003 indexes the combined vector,
    and the rows are filtered and ranked on the index table by the same expressions.
    """

    # OFFSET 0 keeps PostgreSQL from merging the subquery into the outer query: merged, the score
    # was computed above the window count, which stored every matching row's vectors first (and
    # spilled them to disk when they are kept in the row, as migration 0005 keeps them).
    SUBQUERY_END = " OFFSET 0"

    def planned_rows(self, connection, sql, params):
        """The rows of the ranked query `sql`, run with sequential scans priced out.

        PostgreSQL prices `title || body` as one cheap operator per row, so when most rows match
        (a word in every article) it reads the whole index table and builds each row's vector
        (100 ms at 10,000 articles) rather than use the GIN index (5 ms).

        The setting and the query go in one round trip: several statements in one string run in
        one transaction, so SET LOCAL ends with it (an atomic block, BEGIN and COMMIT took three
        more). Inside a transaction of the caller's, the last statement puts the setting back.
        Several statements take Django's client-side binding, its default, which the site keeps.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"{PLANNER_SETTING}; {sql}; {PLANNER_DEFAULT}", params)
            cursor.nextset()  # past the SET, to the query's rows
            return cursor.fetchall()

    def entry_vectors(self):
        if self.field_weights:
            # The stock ranking scales a title's match by title_norm (the average title length over
            # this one's), so a long title's match counted less than the same match in a summary.
            return [(F("title"), (F("title_norm") + 1.0) * TITLE_WEIGHT), (F("body"), 1.0)]
        return [(F("title"), F("title_norm")), (F("body"), 1.0)]

    def matching_entries(self, config):
        if not self.order_by_relevance or self.fields is not None:
            return None
        if isinstance(self.query, (MatchAll, Fuzzy)) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        ):
            return None
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.entry_vectors()
        combined = vectors[0][0]
        for vector, _ in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        return (
            # `+ 0` keeps the content type's B-tree index out of the plan: filtered through it,
            # every row's `title || body` would be built to test the match, where the GIN index
            # answers the match for all rows at once.
            stock.IndexEntry.objects.alias(_content_type=F("content_type_id") + 0)
            .filter(self.in_queryset(), _content_type__in=self.content_types())
            .annotate(_vector_=combined)
            .filter(_vector_=search_query)
            .annotate(score=self._build_rank_expression(vectors, config))
        )


class PostgresSearchQueryCompiler(RankedPostgresMixin, stock.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(RankedPostgresMixin, stock.PostgresAutocompleteQueryCompiler):
    def entry_vectors(self):
        return [(F("autocomplete"), 1.0)]


class PostgresSearchResults(RankedResultsMixin, stock.PostgresSearchResults):
    pass


class PostgresIndex(VocabularyIndexMixin, stock.PostgresIndex):
    pass


class PostgresSearchRebuilder(VocabularyRebuilderMixin, stock.PostgresSearchRebuilder):
    pass


class PostgresSearchAtomicRebuilder(VocabularyRebuilderMixin, stock.PostgresSearchAtomicRebuilder):
    pass


class PostgresSearchBackend(stock.PostgresSearchBackend):
    """FIELD_WEIGHTS (default True) weighs a title's match more; False ranks exactly as the stock backend."""

    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    index_class = PostgresIndex
    rebuilder_class = PostgresSearchRebuilder
    atomic_rebuilder_class = PostgresSearchAtomicRebuilder

    def __init__(self, params):
        super().__init__(params)
        self.field_weights = params.get("FIELD_WEIGHTS", True)

    def highlight(self, texts, query):
        """Each text with the words the `english` configuration matches for `query` marked.

        ts_headline marks by the same parser, stemmer and stop words as the search, for all the
        texts in one query.
        """
        texts = [marker_free(text) for text in texts]
        words = query_words(query)
        if not words or not any(texts):
            return texts
        tsquery = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(words))
        config = self.config or "english"  # settings name it; the stock default is the same
        words_params = [param for word in words for param in (config, word)]
        options = f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_END}"'
        connection = connections[router.db_for_read(stock.IndexEntry)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ts_headline(%s::regconfig, text, ({tsquery}), %s) "  # noqa: S608
                "FROM unnest(%s::text[]) WITH ORDINALITY AS texts (text, number) ORDER BY number",
                [config, *words_params, options, texts],
            )
            return [text for (text,) in cursor.fetchall()]


SearchBackend = PostgresSearchBackend
