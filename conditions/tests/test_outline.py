"""A new condition page opens with the clinic's standard outline: disclaimer, evidence, call to action."""

from wagtail.models import Site

import pytest

from conditions.models import TreatmentPage
from conditions.outline import standard_outline
from home.models import ClinicSettings

from .support import add_url, body_widget, page_form_data

pytestmark = pytest.mark.django_db

OUTLINE = ["notice", "heading", "evidence_table", "call_to_action"]


def blocks_of(response):
    value, _ = body_widget(response)
    return value


def test_a_new_condition_page_opens_with_the_outline(editor_client, condition_index):
    blocks = blocks_of(editor_client.get(add_url(condition_index)))

    assert [block["type"] for block in blocks] == OUTLINE
    # The editor's form state: choices as lists, chosen pages as objects, list items wrapped.
    notice, heading, evidence, call = (block["value"] for block in blocks)
    assert notice["kind"] == ["disclaimer"]
    assert heading["text"] == "What the research says"
    assert len(evidence["rows"]) == 1
    assert (call["heading"] or "", call["button_label"], call["page"]) == ("", "Book a consultation", None)


def test_the_button_leads_to_the_clinics_booking_page(editor_client, condition_index, home_page):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.booking_page = home_page
    clinic.save()

    call = blocks_of(editor_client.get(add_url(condition_index)))[-1]["value"]

    assert call["page"]["id"] == home_page.pk


def test_the_outline_cannot_be_submitted_for_review_until_it_is_written(editor_client, condition_index):
    url = add_url(condition_index)

    response = editor_client.post(
        url, page_form_data(editor_client, url, standard_outline(), action="action-submit")
    )

    assert response.status_code == 200  # the form again, with its errors
    assert not condition_index.get_children().exists()


def test_other_page_types_start_empty(editor_client, treatment_index):
    assert blocks_of(editor_client.get(add_url(treatment_index, TreatmentPage))) == []


def test_a_page_made_in_code_keeps_the_body_it_is_given(make_condition):
    assert len(make_condition(body=[]).body) == 0
