"""Requests are deleted once older than the page's retention period."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest

pytestmark = pytest.mark.django_db


def request_at(page, days_ago, name):
    submission = FormSubmission.objects.create(page=page, form_data={"name": name})
    # submit_time is set on creation (auto_now_add): move it back by hand.
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - timedelta(days=days_ago)
    )
    return submission


def test_an_old_request_goes_and_a_recent_one_stays(booking_page):
    booking_page.retention_days = 30
    booking_page.save()
    request_at(booking_page, 31, "Old")
    request_at(booking_page, 29, "Recent")
    out = StringIO()
    call_command("delete_expired_appointment_requests", stdout=out)
    assert out.getvalue() == "Deleted 1 appointment request older than their page's retention period.\n"
    assert [s.form_data["name"] for s in FormSubmission.objects.all()] == ["Recent"]
    out = StringIO()
    call_command("delete_expired_appointment_requests", stdout=out)
    assert out.getvalue().startswith("Deleted 0 appointment requests")


def test_the_default_keeps_requests_ninety_days(booking_page):
    assert booking_page.retention_days == 90
    request_at(booking_page, 91, "Old")
    request_at(booking_page, 89, "Recent")
    call_command("delete_expired_appointment_requests", stdout=StringIO())
    assert [s.form_data["name"] for s in FormSubmission.objects.all()] == ["Recent"]
