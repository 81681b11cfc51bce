"""The newest articles come from an index in date order, not from sorting every article.

ArticlePage.for_cards() (the article lists, related articles) and the search page's "Recent
articles" order live, public articles by ("-date", "-pk") and take the first few. Without
stories_article_date_idx the database reads every article and sorts them; these tests read the
query plan the database itself gives (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL).
"""

from django.db import connection

import pytest

from stories.models import ArticlePage

from .support import day

INDEX = "stories_article_date_idx"
# Enough rows that ordering them costs something; SQLite's planner takes an index that gives
# the ORDER BY with a LIMIT at any size, PostgreSQL's is told below.
ARTICLES = 60


@pytest.fixture
def many_articles(make_article):
    for number in range(ARTICLES):
        # Two a day, so "-pk" orders the articles of one date.
        make_article(title=f"Article {number}", slug=f"article-{number}", date=day(number // 2))


def plan(queryset):
    """The plan of the queryset's query, as the database gives it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Statistics of the rows this test added, which the planner has not seen yet.
            cursor.execute("ANALYZE stories_articlepage")
            cursor.execute("ANALYZE wagtailcore_page")
            # A few dozen rows fit in a page or two of each table, where reading the whole table
            # and sorting is what PostgreSQL rightly prefers; a site's thousands of articles are
            # not. Making sequential scans look dear (for this transaction only) asks for the
            # plan of the large table: without the index it still sorts, with it it does not.
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_newest_articles_come_from_the_date_index_without_a_sort(many_articles):
    newest = ArticlePage.for_cards()[:3]
    assert [article.title for article in newest] == ["Article 59", "Article 58", "Article 57"]

    query_plan = plan(newest)

    assert INDEX in query_plan, query_plan
    assert "TEMP B-TREE" not in query_plan  # SQLite: "USE TEMP B-TREE FOR ORDER BY"
    assert "Sort" not in query_plan  # PostgreSQL: a Sort node above the scan
