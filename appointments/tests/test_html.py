"""The form page, the form with errors and the confirmation are valid HTML (Nu HTML Checker)."""

import pytest

from home.tests.support import html_errors

from .support import answers

pytestmark = pytest.mark.django_db


def test_the_form_its_errors_and_the_confirmation_are_valid_html(
    client, booking_page, make_location, tmp_path
):
    make_location("Pearl District")
    pages = {
        "form": client.get(booking_page.url),
        "errors": client.post(booking_page.url, answers(name="", how_should_we_contact_you="nope")),
        "confirmation": client.post(booking_page.url, answers()),
    }
    assert [response.status_code for response in pages.values()] == [200, 400, 200]
    assert {name: html_errors(response.content, tmp_path) for name, response in pages.items()} == {
        name: [] for name in pages
    }
