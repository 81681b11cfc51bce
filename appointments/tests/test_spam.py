"""Bots are refused without any third-party service, and a person who is refused is told what to do."""

from wagtail.contrib.forms.models import FormSubmission

import pytest

from appointments import spam
from home.models import ClinicSettings
from home.tests.support import soup

from .support import answers, started

pytestmark = pytest.mark.django_db


def refusal(response):
    return soup(response.content.decode()).find(class_="appointment-refusal").get_text(" ", strip=True)


def test_a_filled_honeypot_is_refused(client, booking_page):
    response = client.post(booking_page.url, answers(**{spam.HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 400
    assert "leave the last field empty" in refusal(response)
    assert not FormSubmission.objects.exists()


def test_a_form_sent_within_two_seconds_is_refused(client, booking_page):
    response = client.post(booking_page.url, answers(**{spam.STARTED_FIELD: started(seconds_ago=1)}))
    assert response.status_code == 400
    assert "Please wait a few seconds and send the form again." in refusal(response)
    assert not FormSubmission.objects.exists()
    # The answers are kept, so the person only presses the button again.
    assert soup(response.content.decode()).find("input", attrs={"name": "name"})["value"] == "Avery Quinlan"


@pytest.mark.parametrize("stamp", ["", "1000000000", "1000000000:forged:signature"])
def test_a_missing_or_forged_start_time_is_refused_and_renewed(client, booking_page, stamp):
    response = client.post(booking_page.url, answers(**{spam.STARTED_FIELD: stamp}))
    assert response.status_code == 400
    assert "send it again" in refusal(response)
    assert not FormSubmission.objects.exists()
    renewed = soup(response.content.decode()).find("input", attrs={"name": spam.STARTED_FIELD})["value"]
    assert 0 <= spam.seconds_since(renewed) < 60


def test_the_form_shows_a_signed_start_time_and_an_unseen_honeypot(client, booking_page):
    page = soup(client.get(booking_page.url).content.decode())
    stamp = page.find("input", attrs={"name": spam.STARTED_FIELD})
    assert stamp["type"] == "hidden" and 0 <= spam.seconds_since(stamp["value"]) < 60
    trap = page.find("input", attrs={"name": spam.HONEYPOT_FIELD})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(class_="appointment-form__trap")["aria-hidden"] == "true"


def test_the_21st_request_from_one_address_within_an_hour_is_refused(client, booking_page, home_page):
    ClinicSettings.objects.update_or_create(site=home_page.get_site(), defaults={"phone": "(503) 555-0100"})
    for n in range(20):
        response = client.post(booking_page.url, answers(name=f"Visitor {n}"), REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    response = client.post(booking_page.url, answers(name="Visitor 21"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert refusal(response) == (
        "Too many requests from your connection; call us at (503) 555-0100 or try again in an hour."
    )
    assert FormSubmission.objects.count() == 20
    assert not FormSubmission.objects.filter(form_data__name="Visitor 21").exists()
    # Another address is not held back.
    response = client.post(booking_page.url, answers(name="Neighbour"), REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 200


def test_refused_and_invalid_requests_do_not_use_up_the_limit(client, booking_page):
    for _ in range(spam.REQUESTS_PER_HOUR + 1):
        client.post(booking_page.url, answers(name=""), REMOTE_ADDR="203.0.113.9")
    response = client.post(booking_page.url, answers(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1
