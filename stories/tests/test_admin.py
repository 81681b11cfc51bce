"""Testimonials in the Wagtail admin: drafts may lack consent, published testimonials may not."""

from django.urls import reverse

from wagtail.models import Revision

import pytest

from stories.choosers import testimonial_chooser_viewset
from stories.models import Testimonial

ADD_URL = "wagtailsnippets_stories_testimonial:add"
EDIT_URL = "wagtailsnippets_stories_testimonial:edit"
CONSENT_DATE_ERROR = "Record the date the patient gave consent before publishing this testimonial."
RECORDED_BY_ERROR = "Record who took the patient&#x27;s consent before publishing this testimonial."


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(consent=False, publish=False, **fields):
    data = {
        "quote": "I got my life back.",
        "attribution": "Sam K",
        "consent_date": "2026-02-01" if consent else "",
        "consent_recorded_by": "Dr Lee" if consent else "",
        "consent_scope": "website",
        "consent_expires": "",
    }
    if publish:
        data["action-publish"] = "action-publish"
    data.update(fields)
    return data


def test_draft_without_consent_is_saved(editor):
    response = editor.post(reverse(ADD_URL), form_data(consent=False))

    assert response.status_code == 302
    testimonial = Testimonial.objects.get()
    assert testimonial.quote == "I got my life back."
    assert not testimonial.live
    assert not testimonial.has_consent
    assert testimonial.latest_revision is not None


def test_publishing_with_consent_makes_it_live(editor):
    response = editor.post(reverse(ADD_URL), form_data(consent=True, publish=True))

    assert response.status_code == 302
    testimonial = Testimonial.objects.get()
    assert testimonial.live
    assert testimonial.can_be_shown
    assert testimonial.consent_recorded_by == "Dr Lee"


@pytest.mark.parametrize(
    "fields, errors",
    [
        ({}, {"consent_date": CONSENT_DATE_ERROR, "consent_recorded_by": RECORDED_BY_ERROR}),
        ({"consent_date": "2026-02-01"}, {"consent_recorded_by": RECORDED_BY_ERROR}),
        ({"consent_recorded_by": "Dr Lee"}, {"consent_date": CONSENT_DATE_ERROR}),
    ],
    ids=["no consent", "no one recorded it", "no date"],
)
def test_publishing_a_new_testimonial_without_consent_is_refused(editor, fields, errors):
    response = editor.post(reverse(ADD_URL), form_data(consent=False, publish=True, **fields))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(errors)
    html = response.content.decode()
    for message in errors.values():
        assert message in html
    assert not Testimonial.objects.exists()


@pytest.fixture
def draft(editor):
    """A testimonial an editor saved as a draft, before the patient's consent was recorded."""
    editor.post(reverse(ADD_URL), form_data(consent=False))
    return Testimonial.objects.get()


def test_publishing_a_draft_without_consent_is_refused_and_it_stays_a_draft(editor, draft):
    revisions_before = Revision.objects.count()

    response = editor.post(reverse(EDIT_URL, args=[draft.pk]), form_data(consent=False, publish=True))

    assert response.status_code == 200
    assert CONSENT_DATE_ERROR in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live
    assert Revision.objects.count() == revisions_before


def test_publishing_a_draft_once_consent_is_recorded(editor, draft):
    response = editor.post(reverse(EDIT_URL, args=[draft.pk]), form_data(consent=True, publish=True))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.has_consent


@pytest.fixture
def testimonials(make_testimonial):
    shown = make_testimonial(quote="Shown: live and consented.", attribution="Alex A")
    make_testimonial(quote="Hidden: a draft.", attribution="Bea B", live=False)
    make_testimonial(quote="Hidden: no consent.", attribution="Cal C", consent=False)
    make_testimonial(quote="Hidden: nobody recorded consent.", attribution="Dee D", consent_recorded_by="")
    return shown


def test_testimonial_chooser_lists_only_live_testimonials_with_consent(editor, testimonials):
    response = editor.get(reverse(testimonial_chooser_viewset.get_url_name("choose")))

    assert response.status_code == 200
    html = response.json()["html"]
    assert 'name="q"' in html  # the modal offers a search
    assert "Alex A" in html
    for hidden in ["Bea B", "Cal C", "Dee D"]:
        assert hidden not in html


def test_testimonial_chooser_search_lists_only_shown_testimonials(editor, testimonials):
    url = reverse(testimonial_chooser_viewset.get_url_name("choose_results"))

    shown = editor.get(url, {"q": "Shown"})
    hidden = editor.get(url, {"q": "Hidden"})

    assert shown.status_code == 200
    assert "Alex A" in shown.content.decode()
    assert hidden.status_code == 200
    for attribution in ["Alex A", "Bea B", "Cal C", "Dee D"]:
        assert attribution not in hidden.content.decode()


def test_publishing_with_expired_consent_is_refused(editor):
    response = editor.post(
        reverse(ADD_URL), form_data(consent=True, publish=True, consent_expires="2026-03-01")
    )

    assert response.status_code == 200
    assert "This consent has expired" in response.content.decode()
    assert not Testimonial.objects.filter(live=True).exists()


def test_a_full_name_needs_the_patients_agreement(editor):
    refused = editor.post(
        reverse(ADD_URL), form_data(consent=True, publish=True, attribution="Samuel Kowalski")
    )
    assert refused.status_code == 200
    assert "first name and last initial" in refused.content.decode()
    assert not Testimonial.objects.exists()

    agreed = editor.post(
        reverse(ADD_URL),
        form_data(consent=True, publish=True, attribution="Samuel Kowalski", full_name_consented="on"),
    )
    assert agreed.status_code == 302
    assert Testimonial.objects.get().attribution == "Samuel Kowalski"
