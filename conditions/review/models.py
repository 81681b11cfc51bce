"""The review fields a page with medical content carries."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from dateutil.relativedelta import relativedelta

from home.stream_text import stream_text

from .content_checks import claim_word_warnings, stream_warnings
from .panels import ContentChecksPanel

# Two years: medical evidence moves; a longer interval would let a page go stale unnoticed.
MAX_REVIEW_INTERVAL_MONTHS = 24


def validate_not_in_future(value):
    if value > timezone.localdate():
        raise ValidationError(
            "A review cannot be dated in the future: enter the date the page was last reviewed.",
            code="future_review",
        )


class MedicalReviewMixin(models.Model):
    """Who last reviewed a page's medical claims, when, and how often they must be reviewed again.

    A page type with this mixin has `intro` and `body` (a stream) and goes through
    the "Medical review" workflow.
    """

    reviewed_by = models.ForeignKey(
        "stories.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who approved this page's medical content.",
    )
    last_reviewed = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        # The same range on every database (SQLite stores any integer here).
        validators=[
            MinValueValidator(1, "Enter an interval of at least one month."),
            MaxValueValidator(
                MAX_REVIEW_INTERVAL_MONTHS,
                f"Medical content must be reviewed at least every {MAX_REVIEW_INTERVAL_MONTHS} months.",
            ),
        ],
        help_text=f"How often the medical content must be reviewed again, in months (1 to {MAX_REVIEW_INTERVAL_MONTHS}).",
    )

    content_checks_panels = [ContentChecksPanel(heading="Content checks")]
    review_panels = [
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("review_interval_months")],
            heading="Medical review",
        )
    ]

    class Meta:
        abstract = True

    @property
    def review_due(self):
        """The date the next review is due; None if the page has never been reviewed."""
        if self.last_reviewed is None:
            return None
        try:
            return self.last_reviewed + relativedelta(months=self.review_interval_months)
        except (OverflowError, ValueError):
            # A stored value no form should accept (a review in the year 9999, an interval of
            # 65535 months) must not break the admin: too far ahead to compute, so not due.
            return datetime.date.max

    def structured_data(self, request):
        """schema.org data for search engines: a medical web page, and who reviewed it when.

        Page types add what the page is about (`about`) and what it cites.
        """
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "description": self.search_description or self.intro,
            "url": self.get_full_url(request),
            "dateModified": self.last_published_at,
            "audience": {"@type": "Patient"},
        }
        if self.reviewed_by and self.last_reviewed:
            reviewer = {"@type": "Person", "name": self.reviewed_by.name}
            if self.reviewed_by.credentials:
                reviewer["honorificSuffix"] = self.reviewed_by.credentials
            data.update(lastReviewed=self.last_reviewed.isoformat(), reviewedBy=reviewer)
        return data

    def content_warnings(self):
        """Plain-language warnings about the page's content, most important first."""
        text = " ".join([self.title, self.intro, stream_text(self.body)])
        return claim_word_warnings(text) + self.missing_content_warnings() + stream_warnings(self.body)

    def missing_content_warnings(self):
        """Warnings about what this page type must hold and does not; none by default."""
        return []
