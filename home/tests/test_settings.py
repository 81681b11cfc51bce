"""The clinic settings editors change without a developer: how the site's header and JSON-LD use them."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

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

    def test_the_url_when_the_chosen_page_is_private(self, clinic, home_page):
        clinic.booking_page = StandardPageFactory(parent=home_page, title="Book", slug="book")
        PageViewRestriction.objects.create(
            page=clinic.booking_page, restriction_type=PageViewRestriction.LOGIN
        )
        clinic.booking_url = "https://booking.example.com/"
        assert clinic.booking_link == "https://booking.example.com/"

    def test_none_without_a_page_or_a_url(self, clinic):
        assert clinic.booking_link == ""


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("(503) 555-0100", "tel:+1-503-555-0100"),
        ("+1 503 555 0100", "tel:+1-503-555-0100"),
        ("(503) 555-0199 ext. 2", "tel:+1-503-555-0199;ext=2"),
        ("503.555.0199 x12", "tel:+1-503-555-0199;ext=12"),
        ("+44 20 7946 0958", "tel:+44-20-7946-0958"),
        ("", ""),
        ("call us", ""),
    ],
)
def test_phone_link_is_a_tel_uri_with_its_extension(clinic, phone, link):
    clinic.phone = phone
    assert clinic.phone_link == link


@pytest.mark.parametrize("phone", ["555-0100", "call us", "(503) 555-01999999", "+999 1234"])
def test_a_number_that_cannot_be_dialled_is_refused_on_the_field(clinic, phone):
    clinic.phone = phone

    with pytest.raises(ValidationError) as raised:
        clinic.full_clean()

    assert "not a phone number that can be dialled" in raised.value.message_dict["phone"][0]


def test_the_settings_form_shows_the_phone_error(superuser_client, clinic):
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", clinic.site_id])
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="w-editor-form")
    data.update(nested_form_data({name: streamfield([]) for name in STREAMS}))
    data["phone"] = "555-0100"

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "not a phone number that can be dialled" in response.context["form"].errors["phone"][0]
    clinic.refresh_from_db()
    assert clinic.phone == ""


STREAMS = ["header_links", "footer_links", "social_links"]


class TestMenuWarnings:
    def save_menu(self, client, clinic, page):
        url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", clinic.site_id])
        data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
        menus = {name: streamfield([]) for name in STREAMS}
        menus["header_links"] = streamfield(
            [("link", {"label": "Programs", "page": page.pk, "link_url": ""})]
        )
        for name, value in nested_form_data(menus).items():
            data[name] = value
        return client.post(url, data, follow=True)

    def test_a_link_to_a_draft_page_is_saved_with_a_warning(self, superuser_client, clinic, home_page):
        draft = StandardPageFactory(parent=home_page, title="Our programs", live=False)

        response = self.save_menu(superuser_client, clinic, draft)

        messages = [str(message) for message in response.context["messages"]]
        assert any(
            "\u201cPrograms\u201d leads to \u201cOur programs\u201d, which is not published" in m
            for m in messages
        ), messages
        clinic.refresh_from_db()
        assert clinic.header_links[0].value["page"].pk == draft.pk

    def test_a_link_to_a_private_page_is_saved_with_a_warning(self, superuser_client, clinic, home_page):
        private = StandardPageFactory(parent=home_page, title="Staff only")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        response = self.save_menu(superuser_client, clinic, private)

        messages = [str(message) for message in response.context["messages"]]
        assert any("which is private" in m for m in messages), messages

    def test_a_link_to_a_live_page_gives_no_warning(self, superuser_client, clinic, home_page):
        live = StandardPageFactory(parent=home_page, title="Our programs")

        response = self.save_menu(superuser_client, clinic, live)

        messages = [str(message) for message in response.context["messages"]]
        assert not any("visitors do not see" in m for m in messages), messages


def test_the_header_calls_and_books(client, clinic, home_page):
    clinic.phone = "(503) 555-0100"
    clinic.booking_url = "https://booking.example.com/"
    clinic.save()

    actions = soup(client.get("/").content.decode()).select_one(".site-header__actions")

    assert actions.select_one("a.site-header__phone")["href"] == "tel:+1-503-555-0100"
    assert actions.find("a", string="Book a consultation")["href"] == "https://booking.example.com/"


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
