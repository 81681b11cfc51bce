"""The home page, plain pages and the site search, as a visitor sees them."""

from wagtail.models import Page

import pytest

from home.models import HomePage, StandardPage


@pytest.fixture
def make_standard_page(home_page):
    def make(title="About us", parent=None, **fields):
        page = StandardPage(title=title, **fields)
        (parent or home_page).add_child(instance=page)
        return page

    return make


def test_home_page_renders_intro_and_body(client, home_page):
    home_page.intro = "Ketamine treatment in the Pacific Northwest."
    home_page.body = [
        {"type": "heading", "value": {"text": "Why ketamine", "level": "h2"}},
        {
            "type": "call_to_action",
            "value": {
                "heading": "Talk to us",
                "button_label": "Contact",
                "link_url": "https://example.com/c/",
            },
        },
    ]
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Home | Northwest Ketamine Clinics</title>" in html
    assert "<h1>Home</h1>" in html
    assert "Ketamine treatment in the Pacific Northwest." in html
    assert '<h2 class="block-heading">Why ketamine</h2>' in html
    assert '<a class="button" href="https://example.com/c/">Contact</a>' in html


def test_home_page_uses_its_seo_title(client, home_page):
    home_page.seo_title = "Ketamine clinics in Seattle and Portland"
    home_page.save_revision().publish()

    html = client.get("/").content.decode()

    assert "<title>Ketamine clinics in Seattle and Portland | Northwest Ketamine Clinics</title>" in html


def test_standard_page_renders(client, make_standard_page):
    make_standard_page(
        title="About us",
        intro="Who we are.",
        body=[
            {"type": "notice", "value": {"kind": "caution", "heading": "Please note", "text": "<p>Hi.</p>"}}
        ],
    )

    response = client.get("/about-us/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About us</h1>" in html
    assert "Who we are." in html
    assert '<aside class="notice notice--caution" aria-label="Please note">' in html
    assert '<li><a href="/">Home</a></li>' in html  # breadcrumbs


def test_nested_standard_page_renders(client, make_standard_page):
    parent = make_standard_page(title="About us")
    make_standard_page(title="Our team", parent=parent)

    response = client.get("/about-us/our-team/")

    assert response.status_code == 200
    assert '<li><a href="/about-us/">About us</a></li>' in response.content.decode()


def test_unknown_url_is_404(client, home_page):
    assert client.get("/no-such-page/").status_code == 404


def test_standard_page_goes_under_home_or_another_standard_page(
    home_page, condition_index, make_standard_page
):
    about = make_standard_page()

    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(about)
    assert not StandardPage.can_create_at(condition_index)
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}


def test_there_is_one_home_page_at_the_root(home_page):
    assert set(HomePage.allowed_parent_page_models()) == {Page}
    assert not HomePage.can_create_at(Page.get_first_root_node())


# The site search


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

    assert "No pages match “xylophone”" in html


def test_search_without_query_shows_the_empty_form(client, home_page):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_search_results_are_paginated(client, make_condition):
    for i in range(12):
        make_condition(title=f"Anxiety page {i}", slug=f"anxiety-{i}")

    first = client.get("/search/", {"q": "anxiety"}).content.decode()
    second = client.get("/search/", {"q": "anxiety", "page": "2"}).content.decode()

    assert first.count('<li><h2><a href="/conditions/anxiety-') == 10
    assert second.count('<li><h2><a href="/conditions/anxiety-') == 2
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
