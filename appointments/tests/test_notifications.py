"""The clinic is told a request arrived, with a link to it, and nothing the visitor wrote."""

from django.core import mail

import pytest

from .support import CONTACT, MESSAGE, NAME, TIMES, answers

pytestmark = pytest.mark.django_db


def test_the_notification_links_to_the_requests_and_holds_no_answer(client, booking_page, make_location):
    make_location("Pearl District")
    client.post(booking_page.url, answers(preferred_location="Pearl District"))
    (message,) = mail.outbox
    assert message.to == ["frontdesk@example.com", "lead@example.com"]
    assert message.subject == "New appointment request"
    assert f"http://testserver/admin/forms/submissions/{booking_page.pk}/" in message.body
    whole = message.message().as_string()
    for answer in (NAME, "Avery", "Quinlan", CONTACT, "avery.quinlan", TIMES, MESSAGE, "Pearl District"):
        assert answer not in whole


def test_no_notification_without_addresses(client, booking_page):
    booking_page.notify_addresses = ""
    booking_page.save_revision().publish()
    response = client.post(booking_page.url, answers())
    assert response.status_code == 200
    assert mail.outbox == []


def test_no_notification_for_a_refused_request(client, booking_page):
    client.post(booking_page.url, answers(name=""))
    assert mail.outbox == []
