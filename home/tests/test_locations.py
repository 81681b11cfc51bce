"""Location pages: the address, hours and phone a patient needs, the same in the footer and for
search engines, and a map that asks nothing of a third party."""

import json
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Site

import pytest

from home.location_blocks import OpeningHoursBlock, day_ranges
from home.models import ClinicSettings, LocationPage
from home.tests.factories import (
    LocationIndexPageFactory,
    LocationPageFactory,
    StandardPageFactory,
    weekday_hours,
)
from home.tests.support import html_errors, queries_to_serve, soup


@pytest.fixture
def location_index(home_page):
    return LocationIndexPageFactory(parent=home_page)


@pytest.fixture
def make_location(location_index):
    def make(**fields):
        return LocationPageFactory(parent=location_index, **fields)

    return make


def json_ld(html):
    """Every JSON-LD object on the page, graphs flattened."""
    found = []
    for script in soup(html).find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found.extend(data.get("@graph", [data]))
    return found


def test_a_location_page_shows_its_address_hours_phone_and_how_to_get_in(client, make_location):
    location = make_location(
        title="Portland",
        opening_hours=[weekday_hours(), weekday_hours(days=["sat"], opens="09:00", closes="13:30")],
        hours_note="Closed on public holidays.",
        directions="<p>Two blocks from the Pearl District streetcar stop.</p>",
        parking_and_transit="<p>Free parking behind the building.</p>",
        accessibility="<p>Step-free entrance and a lift to the third floor.</p>",
    )
    page = soup(client.get(location.url).content.decode())
    main = page.find("main")
    address = main.find("address")
    assert "1200 NW Everett Street" in address.text and "Portland, OR 97209" in address.text
    assert address.find("a")["href"] == "tel:+1-503-555-0100"
    hours = [(row.dt.text, row.dd.text) for row in main.select(".opening-hours div")]
    assert hours == [("Monday to Friday", "8am to 6pm"), ("Saturday", "9am to 1:30pm")]
    assert "Closed on public holidays." in main.text
    headings = [h2.text for h2 in main.find_all("h2")]
    assert {"Directions", "Parking and public transport", "Accessibility"} <= set(headings)
    assert "Step-free entrance" in main.text


def test_the_map_is_a_link_out_and_the_page_loads_nothing_from_another_site(
    client, make_location, make_image
):
    location = make_location(map_image=make_image("Map of Everett Street"))
    html = client.get(location.url).content.decode()
    page = soup(html)
    map_link = page.select_one(".location__map p a")["href"]
    assert (
        map_link
        == "https://www.openstreetmap.org/?mlat=45.525400&mlon=-122.684900#map=17/45.525400/-122.684900"
    )
    assert "Map of the streets around 1200 NW Everett Street" in page.select_one(".location__map img")["alt"]
    # Nothing the browser fetches by itself comes from another host: no iframe, no map tiles.
    assert not page.find("iframe")
    for element in page.find_all(src=True) + page.find_all("link", href=True):
        address = element.get("src") or element["href"]
        if element.name == "link" and element.get("rel") == ["canonical"]:
            continue
        assert urlsplit(address).hostname in (None, "localhost"), address
    for source in page.find_all(srcset=True):
        assert "//" not in source["srcset"], source["srcset"]


def test_an_editor_s_own_map_link_is_kept(client, make_location):
    location = make_location(map_url="https://maps.example.org/clinic")
    assert location.map_link == "https://maps.example.org/clinic"


def test_the_location_s_json_ld_is_a_medical_clinic_with_its_address_geo_hours_and_phone(
    client, make_location
):
    location = make_location(
        title="Portland",
        opening_hours=[weekday_hours(), weekday_hours(days=["sat"], opens="09:00", closes="13:00")],
    )
    (clinic,) = [
        item
        for item in json_ld(client.get(location.url).content.decode())
        if "#location" in item.get("@id", "")
    ]
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1200 NW Everett Street, Suite 300",
        "addressLocality": "Portland",
        "addressRegion": "OR",
        "postalCode": "97209",
        "addressCountry": "US",
    }
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 45.5254, "longitude": -122.6849}
    assert clinic["telephone"] == "(503) 555-0100"
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                f"https://schema.org/{day}"
                for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
            ],
            "opens": "08:00",
            "closes": "18:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Saturday"],
            "opens": "09:00",
            "closes": "13:00",
        },
    ]
    assert clinic["parentOrganization"] == {"@id": "http://localhost/#clinic"}


def test_a_draft_s_half_filled_hours_are_left_out_of_the_page_and_the_json_ld(client, make_location):
    location = make_location(
        opening_hours=[
            weekday_hours(),
            {"type": "hours", "value": {"days": ["sat"], "opens": None, "closes": None}},
        ]
    )
    html = client.get(location.url).content.decode()
    assert len(soup(html).select("main .opening-hours div")) == 1
    (clinic,) = [item for item in json_ld(html) if "#location" in item.get("@id", "")]
    assert len(clinic["openingHoursSpecification"]) == 1


def test_the_footer_lists_the_published_locations_on_every_page(client, home_page, make_location):
    make_location(title="Portland")
    make_location(
        title="Beaverton",
        street_address="4000 SW Cedar Hills Blvd",
        locality="Beaverton",
        postal_code="97005",
    )
    hidden = make_location(title="Salem")
    hidden.unpublish()
    page = StandardPageFactory(parent=home_page, title="About us")
    footer = soup(client.get(page.url).content.decode()).find("footer")
    assert [heading.text for heading in footer.select(".site-footer__heading a")] == ["Portland", "Beaverton"]
    assert "4000 SW Cedar Hills Blvd" in footer.text and "Salem" not in footer.text


def test_without_a_location_the_footer_falls_back_to_the_clinic_s_address(client, home_page):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.address = "1 Main Street"
    clinic.save()
    footer = soup(client.get(home_page.url).content.decode()).find("footer")
    assert "1 Main Street" in footer.text
    LocationPageFactory(parent=LocationIndexPageFactory(parent=home_page), title="Portland")
    footer = soup(client.get(home_page.url).content.decode()).find("footer")
    assert "1 Main Street" not in footer.text and "Portland" in footer.text


def test_the_footer_s_query_count_does_not_grow_with_the_locations(client, home_page, make_location):
    make_location()
    queries_to_serve(client, home_page)  # the first view makes the site's settings
    _, one = queries_to_serve(client, home_page)
    for _ in range(4):
        make_location()
    _, five = queries_to_serve(client, home_page)
    assert one == five


def test_the_locations_page_lists_each_location_with_its_hours(client, location_index, make_location):
    make_location(title="Portland")
    make_location(title="Beaverton")
    main = soup(client.get(location_index.url).content.decode()).find("main")
    assert [card.h2.text for card in main.select(".card")] == ["Portland", "Beaverton"]
    assert main.select_one(".card .opening-hours dt").text == "Monday to Friday"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"phone": "555"}, "phone", "can be dialled"),
        ({"phone": "(503) 555-0100", "latitude": "45.5", "longitude": None}, "longitude", "Give both"),
        ({"latitude": "95", "longitude": "10"}, "latitude", "less than or equal to 90"),
        (
            {"opening_hours": [weekday_hours(), weekday_hours(days=["fri", "sat"])]},
            "opening_hours",
            "Friday appears in more than one row",
        ),
    ],
)
def test_a_location_that_is_wrong_says_what_is_wrong_on_the_field(location_index, fields, field, message):
    location = LocationPageFactory.build(**fields)
    location.depth = location_index.depth + 1
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_the_closing_time_must_follow_the_opening_time():
    block = OpeningHoursBlock()
    value = block.to_python({"days": ["mon"], "opens": "18:00", "closes": "08:00"})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "after the opening time" in str(error.value.block_errors["closes"])


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (["mon", "tue", "wed", "thu", "fri"], "Monday to Friday"),
        (["mon", "tue", "thu"], "Monday, Tuesday, Thursday"),
        (["sat", "mon", "sun", "tue", "wed"], "Monday to Wednesday, Saturday, Sunday"),
        ([], ""),
    ],
)
def test_days_read_as_ranges(days, label):
    assert day_ranges(days) == label


def test_an_editor_adds_a_location_in_the_admin_and_a_wrong_hour_is_refused_on_the_field(
    superuser_client, location_index
):
    url = reverse("wagtailadmin_pages:add", args=["home", "locationpage", location_index.pk])
    data = {
        "title": "Portland",
        "slug": "portland",
        "street_address": "1200 NW Everett Street",
        "locality": "Portland",
        "region": "OR",
        "postal_code": "97209",
        "country": "us",
        "phone": "(503) 555-0100",
        "opening_hours-count": "1",
        "opening_hours-0-type": "hours",
        "opening_hours-0-deleted": "",
        "opening_hours-0-order": "0",
        "opening_hours-0-id": "",
        "opening_hours-0-value-days": ["mon", "tue"],
        "opening_hours-0-value-opens": "18:00",
        "opening_hours-0-value-closes": "09:00",
        "action-publish": "publish",
    }
    response = superuser_client.post(url, {**data, "street_address": "1 Main\x00Street"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "The closing time must be after the opening time." in response.content.decode()
    assert not LocationPage.objects.exists()
    data["opening_hours-0-value-opens"] = "09:00"
    data["opening_hours-0-value-closes"] = "17:00"
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    location = LocationPage.objects.get()
    assert location.live and location.country == "US"
    assert location.hours[0].hours_label == "9am to 5pm"


def test_a_location_page_is_valid_html(client, make_location, tmp_path):
    location = make_location(accessibility="<p>Step-free entrance.</p>", directions="<p>By bus.</p>")
    assert html_errors(client.get(location.url).content, tmp_path) == []
