"""A patient withdraws consent: the editor records it, and the testimonial leaves every page at once,
live or not, and is never published again without a new consent."""

import datetime

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from stories.models import Testimonial

from .support import chosen_testimonial, soup

pytestmark = pytest.mark.django_db

EDIT_URL = "wagtailsnippets_stories_testimonial:edit"


def today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


CONSENT_GIVEN = today(-60)


def stored(testimonial):
    return Testimonial.objects.get(pk=testimonial.pk)


def quotes_on(client, page):
    return [q.get_text(strip=True) for q in soup(client.get(page.url)).select(".testimonial__quote")]


def form_data(testimonial, publish=False, **fields):
    """The edit form as an editor posts it: the testimonial's fields, with `fields` changed."""
    data = {
        "quote": testimonial.quote,
        "attribution": testimonial.attribution,
        "consent_date": testimonial.consent_date.isoformat() if testimonial.consent_date else "",
        "consent_recorded_by": testimonial.consent_recorded_by,
        "consent_scope": testimonial.consent_scope,
        "consent_expires": testimonial.consent_expires.isoformat() if testimonial.consent_expires else "",
        "consent_revoked_on": testimonial.consent_revoked_on.isoformat()
        if testimonial.consent_revoked_on
        else "",
        "consent_revoked_by": testimonial.consent_revoked_by,
        "authorization": testimonial.authorization_id or "",
        "authorization_expires": testimonial.authorization_expires.isoformat()
        if testimonial.authorization_expires
        else "",
        "results_disclosure": testimonial.results_disclosure,
        "material_connection": testimonial.material_connection,
    }
    if publish:
        data["action-publish"] = "action-publish"
    data.update(fields)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def shown(make_testimonial):
    return make_testimonial(quote="Withdrawn words.", attribution="Gone G", consent_date=CONSENT_GIVEN)


@pytest.fixture
def pages(shown, make_testimonial, make_condition):
    """Two live pages and a draft showing the testimonial, next to one that stays."""
    control = make_testimonial(quote="Valid words.", attribution="Stays S")
    return {
        "alcohol": make_condition(
            "Alcohol", slug="alcohol", body=[chosen_testimonial(shown), chosen_testimonial(control)]
        ),
        "depression": make_condition("Depression", slug="depression", body=[chosen_testimonial(shown)]),
        "draft": make_condition(
            "Draft page", slug="draft-page", body=[chosen_testimonial(shown)], live=False
        ),
    }


class TestModel:
    def test_withdrawing_consent_takes_a_live_testimonial_off_at_once(self, shown, pages):
        on_pages = shown.withdraw_consent(today(), "Dr Lee")

        testimonial = stored(shown)
        assert (testimonial.consent_revoked_on, testimonial.consent_revoked_by) == (today(), "Dr Lee")
        assert testimonial.consent_revoked
        assert not testimonial.live
        assert not testimonial.has_consent and not testimonial.can_be_shown
        assert testimonial not in Testimonial.objects.shown()
        assert [page.title for page in on_pages] == ["Alcohol", "Depression"]

    def test_the_withdrawal_is_in_the_history(self, shown, superuser):
        shown.withdraw_consent(today(-2), "Dr Lee", user=superuser)

        [entry] = ModelLogEntry.objects.filter(action="stories.withdraw_consent")
        assert entry.object_id == str(shown.pk)
        assert entry.user == superuser
        assert entry.data == {"withdrawn_on": today(-2).isoformat(), "recorded_by": "Dr Lee"}
        assert ModelLogEntry.objects.filter(action="wagtail.unpublish", object_id=str(shown.pk)).exists()

    def test_a_withdrawn_draft_stays_a_draft(self, make_testimonial):
        draft = make_testimonial(live=False)

        assert draft.withdraw_consent(today(), "Dr Lee") == []

        assert stored(draft).consent_revoked and not stored(draft).live

    @pytest.mark.parametrize("which", ["latest", "from before the withdrawal"])
    def test_no_revision_can_be_published_again_without_a_new_consent(self, shown, which):
        before = shown.save_revision()
        shown.withdraw_consent(today(), "Dr Lee")
        testimonial = stored(shown)
        testimonial.quote = "Edited after the withdrawal."
        latest = testimonial.save_revision()
        revision = latest if which == "latest" else before

        with pytest.raises(ValidationError, match="withdrew consent"):
            revision.publish()

        assert not stored(shown).live
        assert not Testimonial.objects.shown().exists()

    def test_a_new_consent_after_the_withdrawal_may_be_published(self, shown):
        shown.withdraw_consent(today(-10), "Dr Lee")
        testimonial = stored(shown)
        testimonial.consent_date = today(-1)
        revision = testimonial.save_revision()

        revision.publish()

        testimonial = stored(shown)
        assert testimonial.live and testimonial.can_be_shown
        # The withdrawal stays on record beside the new consent.
        assert testimonial.consent_revoked_on == today(-10)
        assert list(Testimonial.objects.shown()) == [testimonial]

    def test_a_revision_keeps_the_recorded_withdrawal(self, shown):
        """Withdrawal belongs to the testimonial, not to a version of it: loading any revision,
        even one saved before, gives the withdrawal on record."""
        before = shown.save_revision()
        shown.withdraw_consent(today(), "Dr Lee")

        assert before.as_object().consent_revoked_on == today()
        assert before.as_object().consent_revoked

    def test_shown_agrees_with_can_be_shown(self, make_testimonial):
        testimonials = [
            make_testimonial(attribution="Plain P"),
            make_testimonial(
                attribution="Revoked R", consent_revoked_on=today(), consent_revoked_by="Dr Lee"
            ),
            make_testimonial(
                attribution="Revoked same day S",
                consent_date=today(-3),
                consent_revoked_on=today(-3),
                consent_revoked_by="Dr Lee",
            ),
            make_testimonial(
                attribution="New consent N",
                consent_date=today(-1),
                consent_revoked_on=today(-5),
                consent_revoked_by="Dr Lee",
            ),
        ]

        assert {t.attribution for t in Testimonial.objects.shown()} == {"Plain P", "New consent N"}
        assert set(Testimonial.objects.shown()) == {t for t in testimonials if t.can_be_shown}

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"consent_revoked_on": today(-1)}, "consent_revoked_by"),
            ({"consent_revoked_by": "Dr Lee"}, "consent_revoked_on"),
            ({"consent_revoked_on": today(1), "consent_revoked_by": "Dr Lee"}, "consent_revoked_on"),
        ],
        ids=["no one recorded it", "no date", "in the future"],
    )
    def test_a_withdrawal_needs_a_past_date_and_who_recorded_it(self, make_testimonial, fields, field):
        testimonial = make_testimonial(**fields)

        with pytest.raises(ValidationError) as excinfo:
            testimonial.full_clean()

        assert set(excinfo.value.message_dict) == {field}


class TestAdmin:
    @pytest.mark.parametrize("publish", [False, True], ids=["save", "publish"])
    def test_recording_a_withdrawal_takes_it_off_every_page_and_says_where_it_was(
        self, client, editor_client, shown, pages, publish
    ):
        assert quotes_on(client, pages["alcohol"]) == ["Withdrawn words.", "Valid words."]

        response = editor_client.post(
            reverse(EDIT_URL, args=[shown.pk]),
            form_data(
                shown, publish=publish, consent_revoked_on=today().isoformat(), consent_revoked_by="Dr Lee"
            ),
        )

        assert response.status_code == 302
        testimonial = stored(shown)
        assert testimonial.consent_revoked and not testimonial.live
        assert quotes_on(client, pages["alcohol"]) == ["Valid words."]
        assert quotes_on(client, pages["depression"]) == []
        [message] = messages_of(response)
        assert "consent withdrawn" in message.lower()
        assert "taken off every page" in message
        assert "Alcohol" in message and "Depression" in message
        assert "Draft page" not in message

    def test_a_withdrawal_is_recorded_even_when_the_consent_has_also_expired(
        self, client, editor_client, shown, pages
    ):
        """The 'consent has expired' refusal is about publishing; it does not stand in the way of a withdrawal."""
        response = editor_client.post(
            reverse(EDIT_URL, args=[shown.pk]),
            form_data(
                shown,
                publish=True,
                consent_expires=today(-1).isoformat(),
                consent_revoked_on=today(-1).isoformat(),
                consent_revoked_by="Dr Lee",
            ),
        )

        assert response.status_code == 302
        assert not stored(shown).live
        assert quotes_on(client, pages["alcohol"]) == ["Valid words."]

    def test_a_withdrawal_on_no_live_page_says_so(self, editor_client, shown):
        response = editor_client.post(
            reverse(EDIT_URL, args=[shown.pk]),
            form_data(shown, consent_revoked_on=today().isoformat(), consent_revoked_by="Dr Lee"),
        )

        [message] = messages_of(response)
        assert "was on no live page" in message

    def test_the_history_says_who_recorded_the_withdrawal_and_when(self, editor_client, shown):
        editor_client.post(
            reverse(EDIT_URL, args=[shown.pk]),
            form_data(shown, consent_revoked_on=today(-1).isoformat(), consent_revoked_by="Dr Lee"),
        )

        response = editor_client.get(reverse("wagtailsnippets_stories_testimonial:history", args=[shown.pk]))

        assert response.status_code == 200
        expected = f"Patient consent withdrawn on {today(-1):%B %-d, %Y}, recorded by Dr Lee"
        assert expected in response.content.decode()

    def test_the_consent_panel_offers_the_withdrawal(self, editor_client, shown):
        html = soup(editor_client.get(reverse(EDIT_URL, args=[shown.pk])))

        assert html.select_one('input[name="consent_revoked_on"]') is not None
        assert html.select_one('input[name="consent_revoked_by"]') is not None

    @pytest.fixture
    def withdrawn(self, shown, pages):
        shown.withdraw_consent(today(-3), "Dr Lee")
        return stored(shown)

    def test_publishing_again_without_a_new_consent_is_refused(self, editor_client, withdrawn):
        response = editor_client.post(
            reverse(EDIT_URL, args=[withdrawn.pk]), form_data(withdrawn, publish=True)
        )

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"consent_date"}
        assert "withdrew consent on" in response.content.decode()
        assert not stored(withdrawn).live

    def test_a_recorded_withdrawal_cannot_be_erased(self, editor_client, withdrawn):
        response = editor_client.post(
            reverse(EDIT_URL, args=[withdrawn.pk]),
            form_data(withdrawn, publish=True, consent_revoked_on="", consent_revoked_by=""),
        )

        assert response.status_code == 200
        assert "consent_revoked_on" in response.context["form"].errors
        assert stored(withdrawn).consent_revoked_on == today(-3)
        assert not stored(withdrawn).live

    def test_a_new_consent_after_the_withdrawal_is_published(self, client, editor_client, withdrawn, pages):
        response = editor_client.post(
            reverse(EDIT_URL, args=[withdrawn.pk]),
            form_data(withdrawn, publish=True, consent_date=today(-1).isoformat()),
        )

        assert response.status_code == 302
        assert stored(withdrawn).can_be_shown
        assert quotes_on(client, pages["depression"]) == ["Withdrawn words."]

    def test_a_withdrawal_cannot_be_dated_before_the_consent_it_withdraws(self, editor_client, shown):
        response = editor_client.post(
            reverse(EDIT_URL, args=[shown.pk]),
            form_data(
                shown,
                consent_revoked_on=(CONSENT_GIVEN - datetime.timedelta(days=1)).isoformat(),
                consent_revoked_by="Dr Lee",
            ),
        )

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"consent_revoked_on"}
        assert stored(shown).live and stored(shown).consent_revoked_on is None


def test_a_new_testimonial_with_a_withdrawal_cannot_be_published(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_stories_testimonial:add"),
        {
            "quote": "I got my life back.",
            "attribution": "Sam K",
            "consent_date": today(-5).isoformat(),
            "consent_recorded_by": "Dr Lee",
            "consent_scope": "website",
            "consent_expires": "",
            "consent_revoked_on": today(-1).isoformat(),
            "consent_revoked_by": "Dr Lee",
            "action-publish": "action-publish",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"consent_revoked_on"}
    assert not Testimonial.objects.exists()
