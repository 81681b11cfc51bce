"""The search page: results, empty states, and input that must never cause an error."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_a_live_page(client, make_condition):
    make_condition(title="Ketamine for Depression")
    make_condition(title="Unpublished depression page").unpublish()

    response = client.get("/search/", {"q": "depression"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Search results for “depression”" in html
    assert '<a href="/conditions/ketamine-for-depression/">Ketamine for Depression</a>' in html
    assert "Unpublished depression page" not in html


def test_search_without_results_says_so(client, home_page):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()

    assert "Nothing matches “xylophone”" in html


def test_search_without_query_shows_the_empty_form(client, home_page):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_search_results_are_paginated(client, make_condition):
    for i in range(12):
        make_condition(title=f"Anxiety page {i}", slug=f"anxiety-{i}")

    first = client.get("/search/", {"q": "anxiety"}).content.decode()
    second = client.get("/search/", {"q": "anxiety", "page": "2"}).content.decode()

    assert first.count('<a href="/conditions/anxiety-') == 10
    assert second.count('<a href="/conditions/anxiety-') == 2
    assert "?q=anxiety&amp;page=2" in first


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "a" * 10_000},
        {"q": "ketamine\x00"},
        {"q": "\x00"},
        {"q": "ketamine 💊🧠"},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1 --"},
        {"q": '"'},
        {"q": '"ketamine'},
        {"q": 'ketamine" OR "x'},
        {"q": "\\"},
        {"q": "*"},
        {"q": "NEAR("},
        {"q": "AND OR NOT"},
        {"q": "-ketamine"},
        {"q": "%_%"},
        {"q": "ketamine", "page": "abc"},
        {"q": "ketamine", "page": "-1"},
        {"q": "ketamine", "page": "99999"},
        {"q": "ketamine", "page": "1e309"},
        {"q": ["ketamine", "depression"]},
    ],
    ids=lambda params: repr(params)[:40],
)
def test_search_survives_hostile_input(client, make_condition, params):
    make_condition(title="Ketamine for Depression")

    response = client.get("/search/", params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html


def test_search_query_is_shown_escaped_and_shortened(client, home_page):
    html = client.get("/search/", {"q": "<b>" + "x" * 10_000}).content.decode()

    assert "&lt;b&gt;" in html
    assert "x" * 197 in html  # "<b>" and 197 x: the 200 characters kept
    assert "x" * 300 not in html


def test_search_out_of_range_page_shows_the_last_page(client, make_condition):
    make_condition(title="Ketamine for Depression")

    html = client.get("/search/", {"q": "depression", "page": "99999"}).content.decode()

    assert '<a href="/conditions/ketamine-for-depression/">Ketamine for Depression</a>' in html


def test_search_with_quoted_words_still_finds_the_page(client, make_condition):
    make_condition(title="Ketamine for Depression")

    html = client.get("/search/", {"q": '"depression"'}).content.decode()

    assert '<a href="/conditions/ketamine-for-depression/">Ketamine for Depression</a>' in html
