"""The clinic settings editors change without a developer: how the site's header and JSON-LD use them."""

from wagtail.models import Site

import pytest

from home.models import ClinicSettings

from .factories import StandardPageFactory
from .support import soup


@pytest.fixture
def clinic(home_page):
    return ClinicSettings.for_site(Site.objects.get(is_default_site=True))


class TestBookingLink:
    def test_the_chosen_page_when_it_is_live(self, clinic, home_page):
        clinic.booking_page = StandardPageFactory(parent=home_page, title="Book", slug="book")
        clinic.booking_url = "https://booking.example.com/"
        assert clinic.booking_link == "/book/"

    def test_the_url_when_the_chosen_page_is_unpublished(self, clinic, home_page):
        clinic.booking_page = StandardPageFactory(parent=home_page, title="Book", slug="book", live=False)
        clinic.booking_url = "https://booking.example.com/"
        assert clinic.booking_link == "https://booking.example.com/"

    def test_none_without_a_page_or_a_url(self, clinic):
        assert clinic.booking_link == ""


@pytest.mark.parametrize(
    ("phone", "link"),
    [("(503) 555-0100", "tel:5035550100"), ("+1 503 555 0100", "tel:+15035550100"), ("", "")],
)
def test_phone_link_dials_the_digits(clinic, phone, link):
    clinic.phone = phone
    assert clinic.phone_link == link


def test_the_header_calls_and_books(client, clinic, home_page):
    clinic.phone = "(503) 555-0100"
    clinic.booking_url = "https://booking.example.com/"
    clinic.save()

    nav = soup(client.get("/").content).select_one(".site-nav")

    assert nav.select_one("a.site-nav__phone")["href"] == "tel:5035550100"
    assert nav.find("a", string="Book a consultation")["href"] == "https://booking.example.com/"


class TestStructuredData:
    def test_the_clinic_with_its_contact_details(self, clinic):
        clinic.phone = "(503) 555-0100"
        clinic.email = "hello@example.com"
        clinic.address = "1 Main St\n  Portland, OR"
        clinic.opening_hours = "Mon-Fri 8am-6pm\n\n Sat 9am-1pm "

        data = clinic.structured_data("https://clinic.example.com/")

        assert data == {
            "@type": "MedicalClinic",
            "@id": "https://clinic.example.com/#clinic",
            "name": "Northwest Ketamine Clinics",
            "url": "https://clinic.example.com/",
            "telephone": "(503) 555-0100",
            "email": "hello@example.com",
            "address": {"@type": "PostalAddress", "streetAddress": "1 Main St Portland, OR"},
            "openingHours": ["Mon-Fri 8am-6pm", "Sat 9am-1pm"],
        }

    def test_leaves_out_what_is_not_filled_in(self, clinic):
        assert set(clinic.structured_data("https://clinic.example.com/")) == {"@type", "@id", "name", "url"}
