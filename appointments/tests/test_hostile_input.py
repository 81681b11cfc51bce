"""Hostile input gets a field error and nothing is stored; never a 500."""

from wagtail.contrib.forms.models import FormSubmission

import pytest

from home.tests.support import soup

from .support import answers

pytestmark = pytest.mark.django_db


def field_error(response, name):
    error = soup(response.content.decode()).find(id=f"id_{name}_error")
    return error.get_text(" ", strip=True) if error else ""


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("name", "Avery\x00Quinlan", "Null characters are not allowed."),
        ("message", "x" * 100_000, "Ensure this value has at most 2000 characters"),
        ("name", "A" * 256, "Ensure this value has at most 255 characters"),
        ("how_should_we_contact_you", "not a contact", "Please enter an email address"),
        ("how_should_we_contact_you", "someone@", "Please enter an email address"),
        ("preferred_location", "Somewhere Else", "Select a valid choice."),
        ("name", "", "This field is required."),
        ("how_should_we_contact_you", "", "This field is required."),
    ],
)
def test_a_bad_answer_is_a_field_error(client, booking_page, make_location, name, value, message):
    make_location("Pearl District")
    response = client.post(booking_page.url, answers(**{name: value}))
    assert response.status_code == 400
    assert message in field_error(response, name)
    assert not FormSubmission.objects.exists()


def test_missing_fields_are_field_errors(client, booking_page):
    response = client.post(booking_page.url, {})
    assert response.status_code == 400
    assert "This field is required." in field_error(response, "name")
    assert not FormSubmission.objects.exists()


def test_a_list_where_one_value_is_expected(client, booking_page):
    data = answers()
    data["name"] = ["Avery", "Quinlan"]
    response = client.post(booking_page.url, data)
    # Django reads the last value of a repeated field: a valid request.
    assert response.status_code == 200
    assert FormSubmission.objects.get().form_data["name"] == "Quinlan"
