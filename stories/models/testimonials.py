"""Patient testimonials, shown only with the patient's recorded, current consent."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index


class TestimonialForm(WagtailAdminModelForm):
    """Consent may be missing from a draft, never from a published testimonial."""

    class Meta:
        defer_required_on_fields = ["consent_date", "consent_recorded_by"]
        error_messages = {
            "consent_date": {
                "required": "Record the date the patient gave consent before publishing this testimonial."
            },
            "consent_recorded_by": {
                "required": "Record who took the patient's consent before publishing this testimonial."
            },
        }

    def clean(self):
        cleaned_data = super().clean()
        expires = cleaned_data.get("consent_expires")
        # The edit view names the publish action in the posted data.
        if "action-publish" in self.data and expires and expires < timezone.localdate():
            self.add_error(
                "consent_expires", "This consent has expired; record a new consent before publishing."
            )
        return cleaned_data


class ConsentScope(models.TextChoices):
    WEBSITE = "website", "This website only"
    WEBSITE_SOCIAL = "website_social", "This website and the clinic's social media"
    ALL = "all", "All clinic materials, including print"


class TestimonialQuerySet(models.QuerySet):
    def with_consent(self):
        """Testimonials whose patient consent is recorded and has not expired."""
        today = timezone.localdate()
        return (
            self.filter(consent_date__isnull=False)
            .exclude(consent_recorded_by="")
            .filter(models.Q(consent_expires__isnull=True) | models.Q(consent_expires__gte=today))
        )

    def shown(self):
        """Testimonials the public site may show: published, with consent recorded and current."""
        return self.with_consent().filter(live=True)

    def expired(self):
        return self.filter(consent_expires__lt=timezone.localdate())


class Testimonial(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A patient's words, shown on pages only with the patient's recorded consent."""

    quote = models.TextField()
    attribution = models.CharField(
        max_length=60,
        help_text="First name and last initial, e.g. 'Adelle P'; a full name only if the patient agreed to it.",
    )
    full_name_consented = models.BooleanField(
        "Patient agreed to their full name",
        default=False,
        help_text="Leave unticked to show a first name and initial.",
    )
    condition = models.ForeignKey(
        "home.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
        help_text="The condition the patient was treated for, if they agreed to say.",
    )
    consent_date = models.DateField(
        "Consent given on", null=True, help_text="The date the patient agreed to this quote being published."
    )
    consent_recorded_by = models.CharField(
        "Consent recorded by", max_length=120, help_text="The staff member who took the patient's consent."
    )
    consent_scope = models.CharField(
        "Consent covers", max_length=20, choices=ConsentScope.choices, default=ConsentScope.WEBSITE
    )
    consent_expires = models.DateField(
        "Consent expires on",
        null=True,
        blank=True,
        help_text="Leave empty if the consent has no end date. On this date the testimonial leaves every page.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="testimonial")

    objects = TestimonialQuerySet.as_manager()

    base_form_class = TestimonialForm

    panels = [
        FieldPanel("quote"),
        FieldPanel("attribution"),
        FieldPanel("full_name_consented"),
        FieldPanel("condition"),
        MultiFieldPanel(
            [
                FieldPanel("consent_date"),
                FieldPanel("consent_recorded_by"),
                FieldPanel("consent_scope"),
                FieldPanel("consent_expires"),
            ],
            heading="Patient consent",
        ),
    ]
    search_fields = [
        index.SearchField("quote"),
        index.SearchField("attribution"),
        index.AutocompleteField("attribution"),
        index.AutocompleteField("quote"),
        # The chooser searches only testimonials that may be shown (TestimonialQuerySet.shown).
        index.FilterField("live"),
        index.FilterField("consent_date"),
        index.FilterField("consent_recorded_by"),
        index.FilterField("consent_expires"),
    ]

    class Meta:
        ordering = ["attribution"]

    def __str__(self):
        words = self.quote.split()
        snippet = " ".join(words[:8]) + ("\u2026" if len(words) > 8 else "")
        return f"{self.attribution}: \u201c{snippet}\u201d"

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        words = self.attribution.split()
        if len(words) > 1 and len(words[-1].rstrip(".")) > 1 and not self.full_name_consented:
            raise ValidationError(
                {
                    "attribution": (
                        "Use the first name and last initial (e.g. 'Adelle P'), or tick "
                        "'Patient agreed to their full name'."
                    )
                }
            )
        if self.consent_date and self.consent_expires and self.consent_expires <= self.consent_date:
            raise ValidationError({"consent_expires": "Consent must expire after the date it was given."})

    @property
    def consent_expired(self):
        return bool(self.consent_expires and self.consent_expires < timezone.localdate())

    @property
    def has_consent(self):
        """Consent is recorded and has not expired."""
        return bool(self.consent_date and self.consent_recorded_by) and not self.consent_expired

    @property
    def can_be_shown(self):
        """Whether the public site may show this testimonial."""
        return self.live and self.has_consent

    def publish(self, revision, *args, **kwargs):
        # The admin form already asks for consent; this guards every other route.
        if not revision.as_object().has_consent:
            raise ValidationError(
                "A testimonial cannot be published without recorded, current patient consent."
            )
        return super().publish(revision, *args, **kwargs)
