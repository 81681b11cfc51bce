"""The review fields refuse values that would make a page's review status a fiction."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from .support import edit_url, form_errors, page_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_reviewed", datetime.date(9999, 12, 31), "cannot be dated in the future"),
        ("review_interval_months", 0, "at least one month"),
        ("review_interval_months", 99999, "at least every 24 months"),
    ],
)
def test_the_model_refuses_a_review_that_cannot_be_true(make_condition, field, value, message):
    page = make_condition()
    setattr(page, field, value)

    with pytest.raises(ValidationError) as raised:
        page.full_clean()

    assert list(raised.value.message_dict) == [field]
    assert message in raised.value.message_dict[field][0]


def test_today_and_two_years_are_accepted(make_condition):
    page = make_condition(last_reviewed=timezone.localdate(), review_interval_months=24)

    page.full_clean()


def test_the_editor_sees_the_interval_error_on_the_field(reviewer_client, make_condition):
    page = make_condition()
    url = edit_url(page)

    response = reviewer_client.post(
        url, page_form_data(reviewer_client, url, title=page.title, review_interval_months="99999")
    )

    assert response.status_code == 200, "the form is shown again with the error"
    errors = response.context["form"].errors
    assert "at least every 24 months" in errors["review_interval_months"][0], form_errors(response)
    page.refresh_from_db()
    assert page.review_interval_months == 12


def test_a_typed_in_review_date_is_ignored(reviewer_client, make_condition):
    """Who reviewed and when are set by approval alone (see test_review_routes)."""
    page = make_condition()
    url = edit_url(page)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = reviewer_client.post(
        url, page_form_data(reviewer_client, url, title=page.title, last_reviewed=tomorrow.isoformat())
    )

    assert response.status_code == 302, form_errors(response)
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().last_reviewed is None
