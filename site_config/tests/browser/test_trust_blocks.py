"""What a screen reader gets from a stat with its comparison and a testimonial with its disclosures,
read from Chromium's accessibility tree, and axe-core on both."""

import pytest

from site_config.tests.support import restore_wagtail_base_data

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def base_data(transactional_db):
    restore_wagtail_base_data()


@pytest.fixture
def trust_page(base_data, live_server, make_condition, make_testimonial):
    testimonial = make_testimonial(
        quote="I have my mornings back.", attribution="Sam K", material_connection="Received a free session"
    )
    stat = {
        "figure": "65.8",
        "unit": "%",
        "comparison": {"figure": "24", "unit": "%", "group": "with conventional treatment"},
        "caption": "One-year alcohol abstinence.",
        "study": None,
        "citation": "Krupitsky EM, Grinenko AY. J Psychoactive Drugs. 1997;29(2):165-183.",
    }
    page = make_condition(
        "Alcohol",
        slug="alcohol",
        body=[
            {"type": "stats", "value": {"stats": [stat]}},
            {"type": "testimonial", "value": {"testimonial": testimonial.pk}},
        ],
    )
    return live_server.url + page.url


def test_the_stat_is_heard_as_one_sentence_and_seen_as_figure_vs_comparison(trust_page, new_page):
    page = new_page(bypass_csp=True)
    page.goto(trust_page)
    figure = page.locator(".stat__figure")

    heard = figure.aria_snapshot()
    assert "65.8 percent, against 24 percent with conventional treatment" in heard
    assert "vs 24%" not in heard and "65.8%" not in heard
    comparison = page.locator(".stat__comparison")
    assert comparison.is_visible()
    assert comparison.inner_text() == "vs 24% with conventional treatment"
    # Beside the figure, on the line below it, inside the stat's box.
    number, compared = page.locator(".stat__figure > span").first.bounding_box(), comparison.bounding_box()
    assert compared["y"] >= number["y"] + number["height"] - 1
    assert axe_violations(page, ".stats") == []


def test_the_testimonials_figure_carries_its_connection_and_disclosure(trust_page, new_page):
    page = new_page(bypass_csp=True)
    page.goto(trust_page)

    heard = page.locator(".testimonial figure").aria_snapshot()

    assert "I have my mornings back." in heard
    assert "Sam K, patient" in heard
    assert "Connection to the clinic: Received a free session" in heard
    # (The snapshot is YAML: an apostrophe is written twice.)
    assert "What to expect: This is one patient''s account, not a typical or promised result." in heard
    assert axe_violations(page, ".testimonial") == []
