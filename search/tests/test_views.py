"""The search page: a result, the page with no results, and pagination."""

import datetime

import pytest

from stories.tests.support import make_private, soup

from .support import make_condition_pages, search_html, urls_in

pytestmark = pytest.mark.django_db


def test_search_finds_a_live_page(client, make_condition):
    make_condition(title="Ketamine for Depression")
    make_condition(title="Unpublished depression page").unpublish()

    html = search_html(client, {"q": "depression"})

    assert "Search results for “depression”" in html
    assert '<a href="/conditions/ketamine-for-depression/">Ketamine for <mark>Depression</mark></a>' in html
    assert "Unpublished depression page" not in html


def test_without_results_it_says_so_and_offers_the_conditions_and_latest_articles(
    client, make_condition, make_article
):
    make_condition(title="Ketamine for PTSD")
    make_condition(title="Ketamine for Depression")
    make_condition(title="Draft condition page", live=False)
    for day in range(1, 5):
        make_article(f"Article {day}", date=datetime.date(2026, 1, day))
    make_private(make_article("Private article", date=datetime.date(2026, 2, 1)))

    html = soup(search_html(client, {"q": "xylophone"}))

    assert "Nothing matches “xylophone”" in html.select_one('[role="status"]').get_text()
    suggested = {
        section.h2.get_text(strip=True): [a.get_text(strip=True) for a in section.select("a")]
        for section in html.select(".search-suggestions section")
    }
    assert suggested == {
        "Conditions we treat": ["Ketamine for Depression", "Ketamine for PTSD"],
        "Recent articles": ["Article 4", "Article 3", "Article 2"],
    }


def test_search_results_are_paginated(client, make_condition):
    make_condition_pages(make_condition, "Anxiety", 12)

    first = search_html(client, {"q": "anxiety"})
    second = search_html(client, {"q": "anxiety", "page": "2"})

    assert len(urls_in(first)) == 10
    assert len(urls_in(second)) == 2
    assert set(urls_in(first)).isdisjoint(urls_in(second))
    assert "?q=anxiety&amp;page=2" in first
