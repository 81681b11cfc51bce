"""The demo's appointment page: at /book/, with the default questions, made once."""

from wagtail.contrib.forms.models import FormSubmission

import pytest

from appointments.models import AppointmentFormPage
from site_config.demo_appointments import add_appointment_page

pytestmark = pytest.mark.django_db

PLACEHOLDERS = ("goes here", "demo copy", "replace it", "lorem")


def test_the_appointment_page_is_made_once(home_page, client):
    page = add_appointment_page(home_page)
    assert (page.slug, page.title, page.live) == ("book", "Book a consultation", True)
    assert [field.label for field in page.form_fields.all()] == [
        "Name",
        "How should we contact you?",
        "Preferred location",
        "Preferred days and times",
        "Message",
    ]
    home_page.refresh_from_db()
    again = add_appointment_page(home_page)
    assert again.pk == page.pk
    assert AppointmentFormPage.objects.count() == 1 and again.form_fields.count() == 5
    html = client.get("/book/").content.decode().lower()
    assert not [words for words in PLACEHOLDERS if words in html]
    assert not FormSubmission.objects.exists()
