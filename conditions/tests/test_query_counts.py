"""The condition page's query count does not grow with what is on it.

Every chooser in the stream is resolved in bulk (one query per block type,
whatever the number of blocks), and the related-articles list runs one
query. A small page, with one block of each kind, and a big page, with
forty blocks citing hundreds of records, must make the same number of
queries; an N+1 anywhere (a study fetched per stat, a testimonial per block,
a page per card) makes the big page's count grow and these tests fail.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.tests.factories import StandardPageFactory

from .support import (
    call_to_action_block,
    chosen_testimonial_block,
    evidence_table_block,
    feature_block,
    heading_block,
    notice_block,
    program_cards_block,
    related_articles_block,
    stat,
    stats_block,
    text_block,
)

# Measured on SQLite with Wagtail 8.0.1, after a warm-up request has cached
# the site root paths: 18 queries for a page whose related-articles block
# lists the latest articles, 19 when the articles are chosen, small page and
# big page alike. Two more leave room for an unrelated Wagtail upgrade
# without hiding an N+1, which on the big page adds tens of queries.
MAX_QUERIES = 21


def text_blocks(n):
    """One heading, text, feature and notice each, n times over."""
    blocks = []
    for i in range(n):
        blocks += [
            heading_block(f"Section {i}"),
            text_block(f"<p>Paragraph {i}.</p>"),
            feature_block(heading=f"Feature {i}"),
            notice_block(f"<p>Note {i}.</p>", kind="note"),
        ]
    return blocks


@pytest.fixture
def count_queries(client):
    def count(page):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    return count


@pytest.fixture
def make_small_page(make_condition, make_study, make_testimonial, make_treatment, make_article, home_page):
    """One block of each kind, each citing one record."""

    def make(mode):
        study = make_study(title=f"Small {mode} study")
        article = make_article(title=f"Small {mode} article")
        page = make_condition(
            title=f"Small condition, {mode} articles",
            body=[
                *text_blocks(1),
                stats_block(study),
                evidence_table_block(study),
                chosen_testimonial_block(make_testimonial()),
                program_cards_block(make_treatment(title=f"Small {mode} program")),
                related_articles_block(mode, [article] if mode == "chosen" else [], count=12),
                call_to_action_block(home_page),
            ],
        )
        article.conditions.add(page.condition)
        article.save()
        return page

    return make


@pytest.fixture
def big_page_records(make_study, make_testimonial, make_treatment, make_article, home_page):
    """Distinct records for every chooser on the big page, so no lookup can be served twice."""
    return {
        "stat_studies": [make_study(title=f"Stat study {i}") for i in range(40)],
        "table_studies": [make_study(title=f"Table study {i}") for i in range(200)],
        "testimonials": [make_testimonial(attribution=f"Patient {i}") for i in range(10)],
        "programs": [make_treatment(title=f"Program {i}") for i in range(10)],
        "articles": [make_article(title=f"Article {i}") for i in range(12)],
        "cta_pages": [StandardPageFactory(parent=home_page, title=f"Booking page {i}") for i in range(5)],
    }


def big_body(records, related):
    studies = records["stat_studies"]
    table_studies = records["table_studies"]
    return [
        *text_blocks(2),
        # Ten rows of four stats, forty different studies.
        *[
            stats_block(*(stat(s, caption=f"Figure from {s.title}") for s in studies[i : i + 4]))
            for i in range(0, 40, 4)
        ],
        # Four tables of fifty rows each, two hundred different studies.
        *[evidence_table_block(*table_studies[i : i + 50], caption=f"Table {i}") for i in range(0, 200, 50)],
        *[chosen_testimonial_block(t) for t in records["testimonials"]],
        program_cards_block(*records["programs"]),
        related,
        *[
            call_to_action_block(page, heading=f"Talk to us about {page.title}")
            for page in records["cta_pages"]
        ],
        heading_block("Further reading", level="h3"),
    ]


@pytest.fixture
def big_latest_page(make_condition, big_page_records):
    page = make_condition(
        title="Big condition, latest articles",
        body=big_body(big_page_records, related_articles_block("latest", count=12)),
    )
    for article in big_page_records["articles"]:
        # A ParentalManyToManyField keeps the change in memory until the page is saved.
        article.conditions.add(page.condition)
        article.save()
    return page


@pytest.fixture
def big_chosen_page(make_condition, big_page_records):
    return make_condition(
        title="Big condition, chosen articles",
        body=big_body(big_page_records, related_articles_block("chosen", big_page_records["articles"])),
    )


def assert_big_page_complete(html, records):
    """The big page really shows everything it cites, so its query count is worth comparing."""
    for study in records["stat_studies"] + records["table_studies"]:
        assert study.link in html
    for testimonial in records["testimonials"]:
        assert f"{testimonial.attribution}, patient" in html
    for program in records["programs"]:
        assert f'href="{program.url}"' in html
    for article in records["articles"]:
        assert f'href="{article.url}"' in html
    for page in records["cta_pages"]:
        assert f'href="{page.url}"' in html


def test_big_page_with_latest_articles_makes_as_many_queries_as_small_page(
    make_small_page, big_latest_page, big_page_records, count_queries, django_assert_max_num_queries
):
    small_page = make_small_page("latest")
    count_queries(small_page)  # warm-up: caches the site root paths
    small_count, small_html = count_queries(small_page)
    with django_assert_max_num_queries(MAX_QUERIES):
        big_count, html = count_queries(big_latest_page)

    assert "Small latest article" in small_html
    assert_big_page_complete(html, big_page_records)
    assert big_count == small_count


def test_big_page_with_chosen_articles_makes_as_many_queries_as_small_page(
    make_small_page, big_chosen_page, big_page_records, count_queries, django_assert_max_num_queries
):
    small_page = make_small_page("chosen")
    count_queries(small_page)
    small_count, small_html = count_queries(small_page)
    with django_assert_max_num_queries(MAX_QUERIES):
        big_count, html = count_queries(big_chosen_page)

    assert_big_page_complete(html, big_page_records)
    assert "Small chosen article" in small_html
    assert big_count == small_count
