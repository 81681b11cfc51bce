"""A visitor asks for an appointment: the form, the confirmation, what is stored."""

from django.test import Client

from wagtail.contrib.forms.models import FormSubmission

import pytest

from appointments import spam
from home.tests.support import queries_to_serve, soup

from .support import CONTACT, MESSAGE, NAME, TIMES, answers

pytestmark = pytest.mark.django_db


def test_the_form_asks_for_little_and_says_not_to_include_medical_details(client, booking_page):
    response = client.get(booking_page.url)
    assert response.status_code == 200
    page = soup(response.content.decode())
    form = page.find("form", class_="appointment-form")
    labels = [
        label.get_text(strip=True) for label in form.find_all("label") if label.get("for") != "id_website"
    ]
    assert labels == ["Name", "How should we contact you?", "Preferred days and times", "Message"]
    assert "Please do not include medical details" in page.find(class_="appointment-privacy").get_text()
    message_help = page.find(id="id_message_helptext").get_text()
    assert message_help == "Please do not include medical details."
    # Required where the default says so, and no script needed to send it.
    assert form.find("input", attrs={"name": "name"}).has_attr("required")
    assert not form.find("textarea", attrs={"name": "message"}).has_attr("required")
    assert form["method"] == "post" and form["action"] == booking_page.url
    assert not form.find_all("script") and form.find("button", type="submit")


def test_the_location_choice_lists_the_published_locations(client, booking_page, make_location):
    make_location("Pearl District")
    make_location("Beaverton")
    draft = make_location("Lake Oswego")
    draft.unpublish()
    select = soup(client.get(booking_page.url).content.decode()).find(
        "select", attrs={"name": "preferred_location"}
    )
    assert [option.get_text() for option in select.find_all("option")] == [
        "No preference",
        "Pearl District",
        "Beaverton",
    ]


def test_a_request_is_stored_and_confirmed(client, booking_page, make_location):
    make_location("Pearl District")
    response = client.post(booking_page.url, answers(preferred_location="Pearl District"))
    assert response.status_code == 200
    assert (
        "A patient coordinator will contact you"
        in soup(response.content.decode()).find(role="status").get_text()
    )
    (submission,) = FormSubmission.objects.filter(page=booking_page)
    # Only the answers to the page's questions: never the spam guard's fields.
    assert submission.form_data == {
        "name": NAME,
        "how_should_we_contact_you": CONTACT,
        "preferred_location": "Pearl District",
        "preferred_days_and_times": TIMES,
        "message": MESSAGE,
    }
    assert spam.HONEYPOT_FIELD not in submission.form_data


def test_a_phone_number_is_a_way_to_contact(client, booking_page):
    response = client.post(booking_page.url, answers(how_should_we_contact_you="(503) 555-0142"))
    assert response.status_code == 200
    assert FormSubmission.objects.get().form_data["how_should_we_contact_you"] == "(503) 555-0142"


def test_the_form_page_queries_do_not_grow_with_the_locations(booking_page, make_location):
    make_location("Pearl District")
    queries_to_serve(Client(), booking_page)  # Wagtail's per-process caches (the site's root paths)
    _, one = queries_to_serve(Client(), booking_page)
    for n in range(5):
        make_location(f"Clinic {n}")
    response, six = queries_to_serve(Client(), booking_page)
    assert len(soup(response.content.decode()).select("select[name=preferred_location] option")) == 7
    assert six == one
