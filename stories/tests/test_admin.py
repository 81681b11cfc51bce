"""Testimonials and articles in the Wagtail admin, as an editor (the real Editors group) uses it:
drafts may lack consent, published testimonials may not; articles are about condition records."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest

from home.tests.factories import ConditionFactory
from stories.models import ArticlePage, Testimonial

from .factories import AuthorizationFactory
from .support import soup

ADD_URL = "wagtailsnippets_stories_testimonial:add"
EDIT_URL = "wagtailsnippets_stories_testimonial:edit"
CONSENT_DATE_ERROR = "Record the date the patient gave consent before publishing this testimonial."
RECORDED_BY_ERROR = "Record who took the patient&#x27;s consent before publishing this testimonial."


def form_data(consent=False, publish=False, authorized=None, **fields):
    """The add form as posted; with `consent`, the patient's consent and (unless `authorized` is
    False) their signed authorization, uploaded to the private collection, are on file."""
    authorized = consent if authorized is None else authorized
    data = {
        "quote": "I got my life back.",
        "attribution": "Sam K",
        "consent_date": "2026-02-01" if consent else "",
        "consent_recorded_by": "Dr Lee" if consent else "",
        "consent_scope": "website",
        "consent_expires": "",
        "authorization": str(AuthorizationFactory(title="Authorization: Sam K").pk) if authorized else "",
        "authorization_expires": "",
        "results_disclosure": "",
        "material_connection": "",
    }
    if publish:
        data["action-publish"] = "action-publish"
    data.update(fields)
    return data


def test_draft_without_consent_is_saved(editor_client):
    response = editor_client.post(reverse(ADD_URL), form_data(consent=False))

    assert response.status_code == 302
    testimonial = Testimonial.objects.get()
    assert testimonial.quote == "I got my life back."
    assert not testimonial.live
    assert not testimonial.has_consent
    assert testimonial.latest_revision is not None


def test_publishing_with_consent_makes_it_live(editor_client):
    response = editor_client.post(reverse(ADD_URL), form_data(consent=True, publish=True))

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
def test_publishing_a_new_testimonial_without_consent_is_refused(editor_client, fields, errors):
    response = editor_client.post(
        reverse(ADD_URL), form_data(consent=False, authorized=True, publish=True, **fields)
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(errors)
    html = response.content.decode()
    for message in errors.values():
        assert message in html
    assert not Testimonial.objects.exists()


@pytest.fixture
def draft(editor_client):
    """A testimonial an editor saved as a draft, before the patient's consent was recorded."""
    editor_client.post(reverse(ADD_URL), form_data(consent=False))
    return Testimonial.objects.get()


def test_publishing_a_draft_without_consent_is_refused_and_it_stays_a_draft(editor_client, draft):
    revisions_before = Revision.objects.count()

    response = editor_client.post(reverse(EDIT_URL, args=[draft.pk]), form_data(consent=False, publish=True))

    assert response.status_code == 200
    assert CONSENT_DATE_ERROR in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live
    assert Revision.objects.count() == revisions_before


def test_publishing_a_draft_once_consent_is_recorded(editor_client, draft):
    response = editor_client.post(reverse(EDIT_URL, args=[draft.pk]), form_data(consent=True, publish=True))

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


def test_testimonial_chooser_lists_only_live_testimonials_with_consent(editor_client, testimonials):
    response = editor_client.get(reverse(Testimonial.snippet_viewset.chooser_viewset.get_url_name("choose")))

    assert response.status_code == 200
    html = response.json()["html"]
    assert 'name="q"' in html  # the modal offers a search
    assert "Alex A" in html
    for hidden in ["Bea B", "Cal C", "Dee D"]:
        assert hidden not in html


def test_testimonial_chooser_search_lists_only_shown_testimonials(editor_client, testimonials):
    url = reverse(Testimonial.snippet_viewset.chooser_viewset.get_url_name("choose_results"))

    shown = editor_client.get(url, {"q": "Shown"})
    hidden = editor_client.get(url, {"q": "Hidden"})

    assert shown.status_code == 200
    assert "Alex A" in shown.content.decode()
    assert hidden.status_code == 200
    for attribution in ["Alex A", "Bea B", "Cal C", "Dee D"]:
        assert attribution not in hidden.content.decode()


def test_publishing_with_expired_consent_is_refused(editor_client):
    response = editor_client.post(
        reverse(ADD_URL), form_data(consent=True, publish=True, consent_expires="2026-03-01")
    )

    assert response.status_code == 200
    assert "This consent has expired" in response.content.decode()
    assert not Testimonial.objects.filter(live=True).exists()


@pytest.mark.parametrize(("days", "refused"), [(-1, True), (0, True), (1, False)])
def test_publishing_is_refused_from_the_day_consent_ends(editor_client, days, refused):
    expires = timezone.localdate() + datetime.timedelta(days=days)
    response = editor_client.post(
        reverse(ADD_URL),
        form_data(consent=True, publish=True, consent_date="2020-01-01", consent_expires=expires.isoformat()),
    )

    if refused:
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"consent_expires"}
        assert not Testimonial.objects.filter(live=True).exists()
    else:
        assert response.status_code == 302
        assert Testimonial.objects.get().can_be_shown


def test_a_full_name_needs_the_patients_agreement(editor_client):
    refused = editor_client.post(
        reverse(ADD_URL), form_data(consent=True, publish=True, attribution="Samuel Kowalski")
    )
    assert refused.status_code == 200
    assert "first name and last initial" in refused.content.decode()
    assert not Testimonial.objects.exists()

    agreed = editor_client.post(
        reverse(ADD_URL),
        form_data(consent=True, publish=True, attribution="Samuel Kowalski", full_name_consented="on"),
    )
    assert agreed.status_code == 302
    assert Testimonial.objects.get().attribution == "Samuel Kowalski"


def test_the_condition_a_testimonial_is_about_is_chosen_from_the_conditions_list(editor_client):
    ConditionFactory(name="Depression")
    alcohol = ConditionFactory(name="Alcohol use disorder")

    form = soup(editor_client.get(reverse(ADD_URL)))
    options = [option.get_text(strip=True) for option in form.select('select[name="condition"] option')]
    response = editor_client.post(
        reverse(ADD_URL), form_data(consent=True, publish=True, condition=str(alcohol.pk))
    )

    assert options == ["---------", "Alcohol use disorder", "Depression"]
    assert response.status_code == 302
    assert Testimonial.objects.get().condition == alcohol


def article_form_data(client, form_url, conditions):
    """What the article form posts: every field it renders, with the editor's title, intro and topics."""
    data = querydict_from_html(client.get(form_url).content.decode(), form_id="page-edit-form")
    fields = {
        "title": "Ketamine and alcohol",
        # The editor's JavaScript fills the slug in from the title.
        "slug": "ketamine-and-alcohol",
        "date": "2026-03-09",
        "intro": "What the research says.",
        # The StreamField is drawn by JavaScript, so the rendered form has no inputs for it.
        "body": streamfield([("text", rich_text("<p>Early trials.</p>"))]),
        "action-publish": "action-publish",
    }
    for name, value in nested_form_data(fields).items():
        data[name] = value  # replaces, where QueryDict.update would append
    data.setlist("conditions", [str(condition.pk) for condition in conditions])
    # As lists: the test client would post only the last of a QueryDict's values.
    return dict(data.lists())


def test_an_editor_publishes_an_article_about_conditions_from_the_conditions_list(
    editor_client, article_index
):
    alcohol = ConditionFactory(name="Alcohol use disorder")
    depression = ConditionFactory(name="Depression")
    ConditionFactory(name="PTSD")
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "articlepage", article_index.pk])

    form = soup(editor_client.get(add_url))
    offered = [
        form.select_one(f'label[for="{box["id"]}"]').get_text(strip=True)
        for box in form.select('input[name="conditions"]')
    ]
    response = editor_client.post(add_url, article_form_data(editor_client, add_url, [alcohol, depression]))

    assert offered == ["Alcohol use disorder", "Depression", "PTSD"]
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get()
    assert article.live
    assert set(article.conditions.all()) == {alcohol, depression}
    assert list(alcohol.articles.all()) == [article]
