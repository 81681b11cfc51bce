"""Testimonials: shown on the site only when published with the patient's recorded consent."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from stories import models

from .factories import TestimonialFactory

pytestmark = pytest.mark.django_db


class TestConsent:
    def test_consent_needs_a_date_and_a_recorder(self):
        assert TestimonialFactory.build().has_consent
        assert not TestimonialFactory.build(consent_recorded_by="").has_consent
        assert not TestimonialFactory.build(consent_date=None).has_consent
        assert not TestimonialFactory.build(without_consent=True).has_consent

    @pytest.mark.parametrize(
        ("live", "consent", "expected"),
        [(True, True, True), (False, True, False), (True, False, False), (False, False, False)],
    )
    def test_can_be_shown_only_when_live_with_consent(self, make_testimonial, live, consent, expected):
        assert make_testimonial(live=live, consent=consent).can_be_shown is expected


class TestShownQuerySet:
    def test_shown_lists_only_live_consented_testimonials(self, make_testimonial):
        shown = make_testimonial(attribution="Shown S")
        make_testimonial(attribution="Draft D", live=False)
        make_testimonial(attribution="No consent N", consent=False)
        make_testimonial(attribution="No recorder R", consent_date=datetime.date(2026, 1, 1), consent=False)
        make_testimonial(
            attribution="No date D", consent_recorded_by="Front desk", consent_date=None, consent=False
        )

        assert list(models.Testimonial.objects.shown()) == [shown]

    def test_shown_agrees_with_can_be_shown(self, make_testimonial):
        testimonials = [
            make_testimonial(live=live, consent=consent)
            for live in (True, False)
            for consent in (True, False)
        ]
        shown = set(models.Testimonial.objects.shown())
        assert shown == {t for t in testimonials if t.can_be_shown}


class TestPublish:
    def test_revision_without_consent_cannot_be_published(self, make_testimonial):
        testimonial = make_testimonial(live=False, consent=False)
        # The admin form defers the consent fields on drafts, so skip model validation here too.
        revision = testimonial.save_revision(clean=False)

        with pytest.raises(ValidationError, match="without recorded, current patient consent"):
            revision.publish()

        testimonial.refresh_from_db()
        assert not testimonial.live
        assert testimonial.live_revision is None
        assert not models.Testimonial.objects.shown().exists()

    def test_publishing_through_the_object_is_refused_too(self, make_testimonial):
        testimonial = make_testimonial(live=False, consent=False)
        revision = testimonial.save_revision(clean=False)

        with pytest.raises(ValidationError):
            testimonial.publish(revision)

        testimonial.refresh_from_db()
        assert not testimonial.live

    def test_consent_is_checked_on_the_revision_not_the_live_row(self, make_testimonial):
        testimonial = make_testimonial(live=False, consent=True)
        testimonial.consent_recorded_by = ""
        revision = testimonial.save_revision(clean=False)
        # As in the admin, publish from a fresh copy: its row still has consent, the revision has not.
        stored = models.Testimonial.objects.get(pk=testimonial.pk)
        assert stored.has_consent

        with pytest.raises(ValidationError):
            stored.publish(revision)
        assert not models.Testimonial.objects.get(pk=testimonial.pk).live

    def test_revision_with_consent_is_published(self, make_testimonial):
        testimonial = make_testimonial(live=False, consent=False)
        testimonial.consent_date = datetime.date(2026, 1, 15)
        testimonial.consent_recorded_by = "Front desk"
        revision = testimonial.save_revision()
        # Consent is recorded in the draft; the row is only updated by publishing it.
        stored = models.Testimonial.objects.get(pk=testimonial.pk)
        assert not stored.has_consent

        stored.publish(revision)

        testimonial.refresh_from_db()
        assert testimonial.live
        assert testimonial.live_revision == revision
        assert testimonial.can_be_shown
        assert list(models.Testimonial.objects.shown()) == [testimonial]

    def test_model_validation_requires_consent(self, make_testimonial):
        testimonial = make_testimonial(live=False, consent=False)
        with pytest.raises(ValidationError) as excinfo:
            testimonial.full_clean()
        assert {"consent_date", "consent_recorded_by"} <= set(excinfo.value.message_dict)


def test_str_shortens_long_quotes(make_testimonial):
    testimonial = make_testimonial(
        quote="one two three four five six seven eight nine ten", attribution="Adelle P"
    )
    assert str(testimonial) == "Adelle P: \u201cone two three four five six seven eight\u2026\u201d"


class TestConsentExpiry:
    def test_expired_consent_is_not_consent(self, make_testimonial):
        expired = make_testimonial(consent_expires=datetime.date(2026, 2, 1))
        current = make_testimonial(attribution="Bo B", consent_expires=datetime.date(2999, 1, 1))
        open_ended = make_testimonial(attribution="Cy C")

        assert not expired.has_consent and not expired.can_be_shown
        assert current.can_be_shown and open_ended.can_be_shown
        assert set(models.Testimonial.objects.shown()) == {current, open_ended}

    def test_consent_ends_on_its_expiry_date(self, make_testimonial):
        """'Consent expires on D': shown through the day before, not on D itself."""
        today = timezone.localdate()
        ends_today = make_testimonial(consent_expires=today)
        ends_tomorrow = make_testimonial(
            attribution="Bo B", consent_expires=today + datetime.timedelta(days=1)
        )

        assert ends_today.consent_expired and not ends_today.can_be_shown
        assert not ends_tomorrow.consent_expired and ends_tomorrow.can_be_shown
        assert list(models.Testimonial.objects.shown()) == [ends_tomorrow]
        assert list(models.Testimonial.objects.expired()) == [ends_today]

    def test_the_help_text_states_the_same_rule(self):
        help_text = models.Testimonial._meta.get_field("consent_expires").help_text
        assert "On this date the testimonial leaves every page" in help_text
        assert "shown until the day before" in help_text

    def test_expiry_must_follow_the_consent(self, make_testimonial):
        testimonial = make_testimonial(consent_expires=datetime.date(2026, 1, 1))
        with pytest.raises(ValidationError) as excinfo:
            testimonial.full_clean()
        assert set(excinfo.value.message_dict) == {"consent_expires"}
