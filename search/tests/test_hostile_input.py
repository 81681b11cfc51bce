"""Whatever a visitor types, the search answers with a page and a form; plus search analytics and promotions."""

import re

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conditions.models import ConditionPage
from home.tests.nasty_input import HOSTILE_TEXTS, METACHARACTERS

from .support import make_condition_pages, search_html, urls_in

pytestmark = pytest.mark.django_db

DEPRESSION_URL = "/conditions/ketamine-for-depression/"


@pytest.fixture
def depression(make_condition):
    return make_condition(title="Ketamine for Depression", intro="How ketamine may help with depression.")


@pytest.mark.parametrize("query", HOSTILE_TEXTS)
def test_hostile_queries_answer_with_the_search_page(client, depression, query):
    html = search_html(client, {"q": query})

    assert "\x00" not in html
    assert "<script>alert(1)</script>" not in html


def test_a_repeated_query_parameter_answers_with_the_search_page(client, depression):
    search_html(client, {"q": ["ketamine", "depression"]})


@pytest.mark.parametrize(
    "query",
    [
        *(f"{char}depression{char}" for char in METACHARACTERS),
        "depression:*",
        "(depression)",
        "depression!!",
        "DEPRESSION",
    ],
)
def test_a_word_wrapped_in_metacharacters_is_still_found(client, depression, query):
    html = search_html(client, {"q": query})

    assert urls_in(html) == [DEPRESSION_URL]


@pytest.mark.parametrize("query", ["depression\x00", "\x00depression", "de\x00pression"])
def test_null_bytes_are_dropped_from_the_query(client, depression, query):
    html = search_html(client, {"q": query})

    # "de\x00pression" becomes two words, "de pression", which match nothing.
    expected = [] if query == "de\x00pression" else [DEPRESSION_URL]
    assert urls_in(html) == expected


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_shows_the_empty_form_and_searches_nothing(client, depression, query):
    html = search_html(client, {"q": query})

    assert "<h1>Search</h1>" in html
    assert urls_in(html) == []
    assert "Type a word or two above" in html
    assert not Query.objects.exists()


def test_a_very_long_query_is_shortened_with_a_note(client, depression):
    html = search_html(client, {"q": "depression " + "x" * 9_989})

    assert len("depression " + "x" * 9_989) == 10_000
    assert "Your search was shortened to its first 200 characters." in html
    kept = "depression " + "x" * 189
    assert f'name="q" value="{kept}"' in html
    assert "x" * 190 not in html


def test_a_query_of_exactly_200_characters_is_not_shortened(client, depression):
    html = search_html(client, {"q": "y" * 200})

    assert "Your search was shortened" not in html
    assert f'value="{"y" * 200}"' in html


def test_a_very_long_suggest_query_answers(client, depression):
    response = client.get("/search/suggest/", {"q": "ketamine " * 1_250})

    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


@pytest.mark.parametrize(
    ("page", "shown"),
    [("-1", 2), ("abc", 1), ("99999", 2), ("0", 2), ("1e309", 1), ("", 1), ("2", 2)],
)
def test_odd_page_numbers_show_a_real_page_of_results(client, make_condition, page, shown):
    make_condition_pages(make_condition, "Anxiety", 12)

    html = search_html(client, {"q": "anxiety", "page": page})

    assert len(urls_in(html)) == (10 if shown == 1 else 2)
    assert f"12 results, page {shown} of 2." in html


@pytest.mark.parametrize("result_type", ["recipes", "", "ARTICLES", "<script>", "conditions\x00"])
def test_an_unknown_type_filter_searches_everything(client, depression, make_article, result_type):
    make_article("Depression and sleep")

    html = search_html(client, {"q": "depression", "type": result_type})

    assert sorted(urls_in(html)) == ["/articles/depression-and-sleep/", DEPRESSION_URL]
    assert "<script>" not in html


def test_a_query_that_grows_when_lower_cased_answers_and_counts_its_hits_in_one_row(client, depression):
    search_html(client, {"q": "İ" * 200})
    search_html(client, {"q": "İ" * 200})

    (query,) = Query.objects.all()
    assert query.hits == 2


# --- Any text at all ---------------------------------------------------------------------------


@given(text=st.text())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
def test_any_text_answers_with_200(client, make_condition, make_article, text):
    # The database lives for the whole test, across examples: make the pages once.
    if not ConditionPage.objects.exists():
        make_condition(title="Ketamine for Depression")
        make_condition(title="Ketamine for PTSD", intro="Trauma & recovery: what to expect (in 3 steps)!")
        make_article("Who is a good candidate?")

    html = search_html(client, {"q": text})
    assert "\x00" not in html

    response = client.get("/search/suggest/", {"q": text})
    assert response.status_code == 200
    for suggestion in response.json()["suggestions"]:
        assert set(suggestion) == {"title", "url"}


# --- Popular searches and promotions -----------------------------------------------------------


def test_a_search_records_a_hit_for_the_popular_searches_report(client, depression):
    client.get("/search/", {"q": "Depression"})
    client.get("/search/", {"q": "  depression  ", "page": "2"})
    client.get("/search/", {"q": "nothing matches this"})

    query = Query.objects.get(query_string="depression")
    assert query.hits == 2
    (daily,) = query.daily_hits.all()
    assert (daily.date, daily.hits) == (timezone.now().date(), 2)
    assert list(Query.get_most_popular().values_list("query_string", flat=True)) == [
        "depression",
        "nothing matches this",
    ]


def test_suggestions_do_not_count_as_searches(client, depression):
    client.get("/search/suggest/", {"q": "depression"})

    assert not Query.objects.exists()


def test_a_promoted_page_is_shown_first_as_recommended(client, depression, make_condition):
    promoted = make_condition(title="Book a consultation", intro="Talk to our team.")
    SearchPromotion.objects.create(
        query=Query.get("depression"), page=promoted, sort_order=0, description="Start with a free call."
    )

    html = search_html(client, {"q": "Depression"})

    first = re.search(r'<li class="search-result[^"]*">(.*?)</li>', html, re.DOTALL).group(1)
    assert '<p class="search-result__type">Recommended</p>' in first
    assert '<a href="/conditions/book-a-consultation/">Book a consultation</a>' in first
    assert "Start with a free call." in first
    assert urls_in(html) == ["/conditions/book-a-consultation/", DEPRESSION_URL]


def test_a_promotion_is_only_for_its_own_query(client, depression, make_condition):
    promoted = make_condition(title="Book a consultation", intro="Talk to our team.")
    SearchPromotion.objects.create(query=Query.get("anxiety"), page=promoted, sort_order=0)

    html = search_html(client, {"q": "depression"})

    assert "Recommended" not in html
    assert urls_in(html) == [DEPRESSION_URL]


def test_a_promotion_is_shown_when_nothing_else_matches(client, depression, make_condition):
    promoted = make_condition(title="Book a consultation", intro="Talk to our team.")
    SearchPromotion.objects.create(query=Query.get("appointment"), page=promoted, sort_order=0)

    html = search_html(client, {"q": "appointment"})

    assert '<p class="search-result__type">Recommended</p>' in html
    assert '<a href="/conditions/book-a-consultation/">Book a consultation</a>' in html
