"""The home page and plain pages, as a visitor sees them."""

import pytest

from .factories import StandardPageFactory
from .support import call_to_action, heading, hero, notice, soup


@pytest.fixture
def make_standard_page(home_page):
    def make(title="About us", parent=None, **fields):
        return StandardPageFactory(parent=parent or home_page, title=title, **fields)

    return make


def test_home_page_renders_intro_and_body(client, home_page):
    home_page.intro = "Ketamine treatment in the Pacific Northwest."
    home_page.body = [
        heading("Why ketamine"),
        call_to_action(text="", button_label="Contact", link_url="https://example.com/c/"),
    ]
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Home | Northwest Ketamine Clinics</title>" in html
    assert "<h1>Home</h1>" in html
    assert '<p class="lead">Ketamine treatment in the Pacific Northwest.</p>' in html
    assert '<h2 class="block-heading">Why ketamine</h2>' in html
    assert '<a class="button" href="https://example.com/c/">Contact</a>' in html


def test_a_hero_opening_the_home_page_stands_in_for_its_header(client, home_page):
    home_page.intro = "Ketamine treatment in the Pacific Northwest."
    home_page.body = [hero(heading="Care at every step"), heading("Why ketamine")]
    home_page.save_revision().publish()

    html = soup(client.get("/").content.decode())

    # One h1, the page's title, for screen readers and search engines; the hero is what is seen.
    assert [(h1.get_text(), h1["class"]) for h1 in html.select("h1")] == [("Home", ["visually-hidden"])]
    assert html.select_one(".hero__heading").get_text() == "Care at every step"
    assert html.select(".page-header, .lead") == []


def test_home_page_uses_its_seo_title(client, home_page):
    home_page.seo_title = "Ketamine clinics in Seattle and Portland"
    home_page.save_revision().publish()

    html = client.get("/").content.decode()

    assert "<title>Ketamine clinics in Seattle and Portland | Northwest Ketamine Clinics</title>" in html


def test_standard_page_renders(client, make_standard_page):
    make_standard_page(
        title="About us",
        intro="Who we are.",
        body=[notice(kind="caution", heading="Please note", text="<p>Hi.</p>")],
    )

    response = client.get("/about-us/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About us</h1>" in html
    assert '<p class="lead">Who we are.</p>' in html
    assert '<aside class="notice notice--caution" aria-label="Please note">' in html
    assert '<li><a href="/">Home</a></li>' in html  # breadcrumbs


def test_nested_standard_page_renders(client, make_standard_page):
    parent = make_standard_page(title="About us")
    make_standard_page(title="Our team", parent=parent)

    response = client.get("/about-us/our-team/")

    assert response.status_code == 200
    assert '<li><a href="/about-us/">About us</a></li>' in response.content.decode()
