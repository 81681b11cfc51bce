"""The home page and plain pages, as a visitor sees them."""

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
