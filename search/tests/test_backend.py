"""The site's search backend (search/backends) on the database the tests run on.

CI runs this file on SQLite and on PostgreSQL. The one-pass ranking must find and order what
Wagtail's own database backend finds, in a bounded number of queries; the engine marks the
matches; stop words behave as PostgreSQL's `english` configuration.
"""

import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from stories.tests.support import text_block

from .support import result_items, result_urls, search_html, urls_in

pytestmark = pytest.mark.django_db

WORDS = [
    "ketamine", "cravings", "craving", "relapse", "recovery", "family", "support", "infusion", "nmda",
    "receptor", "side", "effects", "sleep", "anxiety", "trauma", "memory", "session", "dose", "clinic",
    "opioid", "alcohol", "withdrawal", "motivation", "evidence", "study", "studies", "treatment", "plan",
]  # fmt: skip
QUERIES = [
    "ketamine",
    "cravings",
    "relapse",
    "side effects",
    "nmda receptor",
    "family support",
    "studies",
    "withdrawal opioid",
    "zzzznomatch",
]


def words(rng, n):
    return " ".join(rng.choices(WORDS, weights=[1 / rank for rank in range(1, len(WORDS) + 1)], k=n))


@pytest.fixture
def generated(make_article, make_condition):
    """35 pages of generated text from a fixed seed: ties, repeats and every field used."""
    rng = random.Random(1512)
    pages = []
    for number in range(30):
        pages.append(
            make_article(
                words(rng, rng.randint(2, 6)).capitalize(),
                slug=f"generated-{number}",
                intro=words(rng, rng.randint(0, 15)),
                body=[text_block(f"<p>{words(rng, rng.randint(5, 60))}</p>")],
            )
        )
    for number in range(5):
        pages.append(
            make_condition(
                title=f"Ketamine for {words(rng, 2)} {number}",
                slug=f"condition-{number}",
                intro=words(rng, 10),
                body=[text_block(f"<p>{words(rng, 40)}</p>")],
            )
        )
    return pages


def data_queries(context):
    """The queries that read or write data: not the savepoints of the tests' own transactions."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    return [query["sql"] for query in context.captured_queries if not query["sql"].startswith(control)]


def ranked(backend, query):
    results = backend.search(query, Page.objects.live().public().specific())
    return results.count(), [page.pk for page in results[:10]]


@pytest.mark.parametrize("query", QUERIES)
def test_it_finds_and_orders_what_the_stock_backend_does(generated, query):
    stock = get_search_backend("wagtail.search.backends.database", SEARCH_CONFIG="english")
    # The stock ranking, ranked in one pass: the rewrite alone changes no result and no order.
    unweighted = get_search_backend("default", FIELD_WEIGHTS=False)
    assert type(unweighted).__module__.startswith("search.backends")
    assert not type(stock).__module__.startswith("search.backends")

    count, first_page = ranked(unweighted, query)

    assert (count, first_page) == ranked(stock, query)
    if query != "zzzznomatch":
        assert count > 0


@pytest.mark.parametrize("query", QUERIES)
def test_the_field_weights_reorder_the_same_results(generated, query):
    stock = get_search_backend("wagtail.search.backends.database", SEARCH_CONFIG="english")
    results = get_search_backend().search(query, Page.objects.live().public().specific())

    assert sorted(page.pk for page in results) == sorted(
        page.pk for page in stock.search(query, Page.objects.live().public().specific())
    )
    assert results.count() == len(list(results))


def test_a_search_makes_the_same_number_of_queries_with_two_hits_or_forty(client, make_article):
    def queries_to_search():
        client.get("/search/", {"q": "neurofeedback"})  # the search-terms report's first hit of the day
        with CaptureQueriesContext(connection) as context:
            response = client.get("/search/", {"q": "neurofeedback"})
        assert response.status_code == 200
        return len(data_queries(context))

    for number in range(2):
        make_article(f"Neurofeedback {number}", slug=f"nf-{number}", intro="Neurofeedback at the clinic.")
    few = queries_to_search()
    for number in range(2, 40):
        make_article(f"Neurofeedback {number}", slug=f"nf-{number}", intro="Neurofeedback at the clinic.")
    many = queries_to_search()

    assert "40 results" in search_html(client, {"q": "neurofeedback"})
    assert many == few
    assert few <= 14  # the results page, the search-terms report, promotions, the base template


def test_the_paginator_count_and_the_page_come_from_one_ranked_query(make_article):
    for number in range(15):
        make_article(f"Neurofeedback {number}", slug=f"nf-{number}", intro="Neurofeedback.")
    results = Page.objects.live().public().specific().search("neurofeedback")

    with CaptureQueriesContext(connection) as context:
        page = list(results[10:20])
        total = results.count()

    assert total == 15 and len(page) == 5
    # The ranked ids with the count, then the five pages: one query per page type after that.
    assert len(data_queries(context)) <= 3
    assert sum("COUNT(*) OVER ()" in sql for sql in data_queries(context)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_the_planner_setting_goes_with_the_ranked_query_and_is_put_back(make_article):
    for number in range(3):
        make_article(f"Neurofeedback {number}", slug=f"nf-{number}", intro="Neurofeedback.")
    results = Page.objects.live().public().specific().search("neurofeedback")

    with CaptureQueriesContext(connection) as context:
        assert len(list(results[:10])) == 3
        assert results.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        [(setting,)] = cursor.fetchall()

    # One round trip: no SET of its own, no savepoint, no BEGIN and COMMIT around it.
    sent = [query["sql"] for query in context.captured_queries]
    (ranked,) = [sql for sql in sent if "COUNT(*) OVER ()" in sql]
    assert ranked.startswith("SET LOCAL enable_seqscan = off; SELECT")
    assert ranked.endswith("; SET LOCAL enable_seqscan = DEFAULT")
    assert not any(sql.startswith(("SET", "SAVEPOINT")) and ";" not in sql for sql in sent)
    # The tests run in a transaction, as a caller's atomic block would: the setting ends with the query.
    assert setting == "on"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage and plans")
def test_the_vectors_are_kept_in_the_row_and_ranked_before_the_count(make_article):
    make_article("Neurofeedback", slug="nf", intro="Neurofeedback.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'wagtailsearch_indexentry'::regclass"
            " AND attname IN ('title', 'body')"
        )
        storage = dict(cursor.fetchall())
    with CaptureQueriesContext(connection) as context:
        list(Page.objects.live().public().specific().search("neurofeedback")[:10])
    (sent,) = [query["sql"] for query in context.captured_queries if "COUNT(*) OVER ()" in query["sql"]]
    ranked = sent.split("; ")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {ranked}")
        [(plan,)] = cursor.fetchall()

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    (window,) = [node for node in nodes(plan[0]["Plan"]) if node["Node Type"] == "WindowAgg"]
    # MAIN (migration 0005): a body's vector is read from its row, not fetched from the TOAST table.
    assert storage == {"title": "m", "body": "m"}
    # The score is computed under the window count, which then stores ids and scores, not vectors.
    (below,) = window["Plans"]
    assert [column for column in below["Output"] if "ts_rank" in column]
    assert "wagtailsearch_indexentry.body" not in below["Output"]


# --- What the engine marks -----------------------------------------------------------------------


def test_stemmed_forms_are_marked_and_only_they(client, make_article):
    make_article(
        "Clinic notes",
        intro="A study of craving.",
        body=[text_block("<p>Two studies on cravings. He wore a cravat to the crave-free party.</p>")],
    )

    html = search_html(client, {"q": "craving studies"})

    [item] = result_items(html)
    assert "<mark>study</mark>" in item and "<mark>craving</mark>" in item
    html = search_html(client, {"q": "cravings"})
    assert "cravat" not in "".join(html.split("<mark>")[1:]).split("</mark>")[0]
    assert "<mark>cravat</mark>" not in html


def test_a_body_match_marks_the_inflected_forms_in_the_snippet(client, make_article):
    make_article(
        "Clinic notes",
        intro="What changed this season.",
        body=[text_block("<p>Two studies on cravings. He wore a cravat.</p>")],
    )

    html = search_html(client, {"q": "study craving"})

    [item] = result_items(html)
    assert "Two <mark>studies</mark> on <mark>cravings</mark>. He wore a cravat." in item


def test_the_matched_words_of_the_title_are_marked(client, make_article):
    make_article("Cravings after a relapse", intro="What the first weeks are like.")

    [item] = result_items(search_html(client, {"q": "craving"}))

    assert '<a href="/articles/cravings-after-a-relapse/"><mark>Cravings</mark> after a relapse</a>' in item


def test_stop_words_are_never_marked(client, make_article):
    make_article("Clinic notes", intro="What to expect at the first visit.")

    [item] = result_items(search_html(client, {"q": "what to expect"}))

    assert "What to <mark>expect</mark> at the first visit." in item


# --- Stop words, as PostgreSQL's `english` configuration has them ------------------------------


def test_stop_words_are_left_out_of_the_query(client, make_article):
    make_article("Your first visit", intro="You can expect a calm room.")

    assert result_urls(client, q="what to expect") == ["/articles/your-first-visit/"]


@pytest.mark.parametrize("query", ["the", "and of the", "AND OR NOT", "what to"])
def test_a_query_of_only_stop_words_finds_nothing(client, make_article, query):
    make_article("The and of the", intro="What to do and not to do, or the like.")

    html = search_html(client, {"q": query})

    assert urls_in(html) == []
    assert "Nothing matches" in html


def test_stop_words_do_not_hide_the_other_words_of_the_suggestions(client, make_article):
    make_article("The first visit", intro="What to expect.")

    response = client.get("/search/suggest/", {"q": "the fir"})

    assert [s["title"] for s in response.json()["suggestions"]] == ["The first visit"]


# --- Did you mean --------------------------------------------------------------------------------


def test_a_misspelling_offers_the_word_the_site_uses(client, make_article):
    make_article("Cravings after a relapse", intro="What the first weeks are like.")

    html = search_html(client, {"q": "cravngs"})

    assert urls_in(html) == []
    assert 'Did you mean <a href="/search/?q=cravings">cravings</a>?' in html


def test_a_word_only_a_draft_holds_is_never_offered(client, make_article):
    make_article("Cravings after a relapse", intro="What the first weeks are like.").unpublish()

    html = search_html(client, {"q": "cravngs"})

    assert "Did you mean" not in html


def test_the_correction_keeps_the_chosen_type(client, make_article):
    make_article("Cravings after a relapse", intro="What the first weeks are like.")

    html = search_html(client, {"q": "cravngs", "type": "articles"})

    assert 'Did you mean <a href="/search/?q=cravings&amp;type=articles">cravings</a>?' in html
