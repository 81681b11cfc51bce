"""The site's design as the server writes it: the clinic's brand colour and logo, the header and its
menu, the call/book bar, program cards' layout classes, and the hero image's preload."""

import re

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

import pytest

from home.models import ClinicSettings
from home.models.settings import contrast_ratio, hex_to_rgb

from .factories import StandardPageFactory
from .support import hero, queries_to_serve, soup

Image = get_image_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(home_page):
    return ClinicSettings.for_site(Site.objects.get(is_default_site=True))


def page_html(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return soup(response.content.decode())


# The brand colour.


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [("#ffffff", "#000000", 21.0), ("#767676", "#ffffff", 4.54), ("#0f5e63", "#ffffff", 7.5)],
)
def test_contrast_ratio_is_wcags(first, second, ratio):
    assert round(contrast_ratio(hex_to_rgb(first), hex_to_rgb(second)), 2) == ratio


@pytest.mark.parametrize("colour", ["0f5e63", "#0f5e6", "#0f5e63ff", "teal", "#gg5e63", "rgb(15, 94, 99)"])
def test_a_colour_not_written_as_hex_is_refused_on_its_field(clinic, colour):
    clinic.brand_colour = colour

    with pytest.raises(ValidationError) as raised:
        clinic.full_clean()

    assert "six hexadecimal digits" in raised.value.message_dict["brand_colour"][0]


@pytest.mark.parametrize(("colour", "ratio"), [("#ffcc00", "1.51"), ("#2e9ca3", "3.28"), ("#787878", "4.42")])
def test_a_colour_white_text_is_unreadable_on_is_refused_with_its_contrast(clinic, colour, ratio):
    clinic.brand_colour = colour

    with pytest.raises(ValidationError) as raised:
        clinic.full_clean()

    [message] = raised.value.message_dict["brand_colour"]
    assert f"contrast of {ratio} to 1" in message and "at least 4.5 to 1" in message


def test_a_readable_colour_is_kept_in_lower_case(clinic):
    clinic.brand_colour = " #7A2E8C "
    clinic.full_clean()
    assert clinic.brand_colour == "#7a2e8c"
    assert clinic.brand_palette == {"--colour-brand": "#7a2e8c", "--colour-brand-dark": "#552062"}


def test_the_settings_form_shows_the_contrast_error_on_the_field(superuser_client, clinic):
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", clinic.site_id])
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="w-editor-form")
    data.update(
        nested_form_data({name: streamfield([]) for name in ["header_links", "footer_links", "social_links"]})
    )
    data["brand_colour"] = "#ffcc00"

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "contrast of 1.51 to 1" in response.context["form"].errors["brand_colour"][0]
    clinic.refresh_from_db()
    assert clinic.brand_colour == ""


def stylesheets(html):
    return [link["href"] for link in html.select('head link[rel="stylesheet"]')]


def test_without_a_brand_colour_the_page_has_one_stylesheet(client, clinic):
    assert len(stylesheets(page_html(client))) == 1


def test_the_brand_colour_reaches_the_css_from_a_stylesheet_browsers_keep(client, clinic):
    clinic.brand_colour = "#7a2e8c"
    clinic.save()

    site_css, brand_css = stylesheets(page_html(client))
    assert brand_css == "/brand.css?v=7a2e8c552062"

    response = client.get(brand_css)
    assert response["Content-Type"] == "text/css"
    assert response.content.decode() == ":root{--colour-brand:#7a2e8c;--colour-brand-dark:#552062;}\n"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]


def test_an_old_brand_stylesheet_address_gets_todays_colour_kept_by_no_one(client, clinic):
    clinic.brand_colour = "#7a2e8c"
    clinic.save()

    response = client.get("/brand.css?v=0f5e630a4145")

    assert "--colour-brand:#7a2e8c;" in response.content.decode()
    assert "max-age=0" in response["Cache-Control"] and "immutable" not in response["Cache-Control"]


def test_a_colour_saved_without_validation_that_fails_contrast_is_not_used(client, clinic):
    ClinicSettings.objects.filter(pk=clinic.pk).update(brand_colour="#ffcc00")

    assert len(stylesheets(page_html(client))) == 1
    assert client.get("/brand.css").content == b""


# The header and the call/book bar.


def words(tag):
    return " ".join(tag.get_text().split())


def test_the_header_has_the_clinic_name_without_a_logo(client, clinic):
    logo = page_html(client).select_one("header.site-header a.site-header__logo")
    assert logo["href"] == "/"
    assert words(logo) == "Northwest Ketamine Clinics"
    assert not logo.select("img")


def test_the_header_shows_the_logo_with_the_clinic_name_as_its_alt_text(client, clinic, make_image):
    clinic.logo = make_image(title="Logo", size=(800, 200))
    clinic.save()

    logo = page_html(client).select_one("header.site-header a.site-header__logo")

    [img] = logo.select("img")
    assert img["alt"] == "Northwest Ketamine Clinics"
    assert (img["width"], img["height"]) == ("384", "96")  # max-480x96: never above 96 px high
    assert words(logo) == ""


def test_the_menu_button_opens_a_popover_holding_the_navigation_and_search(client, clinic):
    header = page_html(client).select_one("header.site-header")

    button = header.select_one("button.site-header__menu-button")
    assert button["type"] == "button"
    assert button["popovertarget"] == button["aria-controls"] == "site-menu"
    menu = header.select_one("#site-menu")
    assert menu.has_attr("popover")
    assert menu.select_one('nav[aria-label="Main"] a[href="/conditions/"]')
    assert menu.select_one('form[role="search"] input[name="q"]')
    # The script that keeps aria-expanded in step is a file (no inline script: the CSP).
    assert page_html(client).select_one('script[src$="js/menu.js"][defer]')


def test_phone_and_booking_are_in_the_header_and_the_call_book_bar(client, clinic, home_page):
    clinic.phone = "(503) 555-0100"
    clinic.booking_page = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    clinic.save()
    html = page_html(client)

    actions = html.select_one(".site-header__actions")
    assert [a["href"] for a in actions.select("a")] == ["tel:+1-503-555-0100", "/contact/"]
    bar = html.select_one("footer nav.action-bar")
    assert bar["aria-label"] == "Call or book"
    assert [(a.get_text(" ", strip=True), a["href"]) for a in bar.select("a")] == [
        ("Call (503) 555-0100", "tel:+1-503-555-0100"),
        ("Book a consultation", "/contact/"),
    ]


def test_no_call_book_bar_without_a_phone_or_a_booking_page(client, clinic):
    html = page_html(client)
    assert not html.select(".action-bar") and not html.select(".site-header__actions")


def test_with_only_a_booking_link_the_bar_books(client, clinic):
    clinic.booking_url = "https://booking.example.com/"
    clinic.save()
    bar = page_html(client).select_one(".action-bar")
    assert [a.get_text(strip=True) for a in bar.select("a")] == ["Book a consultation"]


# Program cards take the card grid's layout classes, by how many are shown.


@pytest.mark.parametrize(
    ("count", "layout"), [(1, "card-grid--1"), (4, "card-grid--4"), (7, "card-grid--many")]
)
def test_program_cards_say_how_many_there_are(count, layout):
    class Value(dict):
        live_cards = [
            {"program": {"url": f"/treatments/{n}/"}, "card_title": f"Program {n}", "card_summary": ""}
            for n in range(count)
        ]

    html = soup(render_to_string("blocks/program_cards_block.html", {"value": Value(heading="Programs")}))
    section = html.select_one("section.program-cards")
    assert layout in section["class"] and "card-grid" in section["class"]
    assert len(section.select("ul.card-grid__cards > li.card")) == count


# The hero image's preload.


def picture(image):
    return {
        "image": image.pk if image else None,
        "alt_text": "A reclining chair by a window",
        "decorative": False,
    }


def image_block(image):
    return {"type": "image", "value": {"image": picture(image), "caption": "", "credit": ""}}


def text(words="<p>Each session takes place in a private room.</p>"):
    return {"type": "text", "value": words}


def preloads(html):
    return html.select('head link[rel="preload"][as="image"]')


def test_a_page_opening_with_a_hero_preloads_the_image_its_picture_shows_first(client, home_page, make_image):
    page = StandardPageFactory(parent=home_page, title="Hero first", body=[hero(make_image()), text()])

    html = page_html(client, page.url)

    [preload] = preloads(html)
    source = html.select_one("main .hero picture source")  # AVIF, the first format the <picture> offers
    assert preload["type"] == source["type"] == "image/avif"
    assert preload["imagesrcset"] == source["srcset"]
    assert preload["imagesizes"] == source["sizes"]
    assert preload["fetchpriority"] == "high"
    assert re.fullmatch(r"(\S+\.avif \d+w, ){2}\S+\.avif \d+w", preload["imagesrcset"])
    # Before the stylesheet, so the image is requested as early as the CSS.
    head = html.head.find_all(["link", "script"])
    assert head.index(preload) < head.index(html.select_one('head link[rel="stylesheet"]'))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda image: [text(), hero(image)], id="hero-not-first"),
        pytest.param(lambda image: [hero(None), image_block(image)], id="hero-without-image"),
        pytest.param(lambda image: [image_block(image)], id="no-hero"),
        pytest.param(lambda image: [], id="empty-body"),
    ],
)
def test_no_preload_unless_the_page_opens_with_a_hero_image(client, home_page, make_image, body):
    page = StandardPageFactory(parent=home_page, title="Page", body=body(make_image()))
    assert preloads(page_html(client, page.url)) == []


def test_the_preload_costs_no_query(client, home_page, make_image):
    image = make_image()
    preloaded = StandardPageFactory(
        parent=home_page, title="Preloaded", body=[hero(image), image_block(image)]
    )
    plain = StandardPageFactory(parent=home_page, title="Plain", body=[image_block(image), hero(image)])
    client.get(preloaded.url)  # the first visit makes the renditions, as on a warm site
    client.get(plain.url)

    response, with_preload = queries_to_serve(client, preloaded)
    plain_response, without = queries_to_serve(client, plain)

    assert (
        len(preloads(soup(response.content.decode()))) == 1
        and preloads(soup(plain_response.content.decode())) == []
    )
    assert with_preload == without
