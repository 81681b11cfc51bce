"""Condition pages (what the clinic treats) and treatment pages (how)."""

import calendar
import datetime

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from evidence.blocks import cited_studies
from home.blocks import BaseStreamBlock

from .blocks import ConditionStreamBlock
from .panels import ContentChecksPanel


def add_months(date, months):
    """The same day `months` later (the month's last day where that day does not exist)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


class MedicalReviewMixin(models.Model):
    """Who last reviewed a page's medical claims, when, and how often they must be reviewed again."""

    reviewed_by = models.ForeignKey(
        "stories.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who approved this page's medical content.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="How often the medical content must be reviewed again, in months."
    )

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
        return add_months(self.last_reviewed, self.review_interval_months)

    @property
    def review_overdue(self):
        return self.review_due is None or self.review_due < timezone.localdate()

    def review_structured_data(self):
        if not (self.reviewed_by and self.last_reviewed):
            return {}
        reviewer = {"@type": "Person", "name": self.reviewed_by.name}
        if self.reviewed_by.credentials:
            reviewer["honorificSuffix"] = self.reviewed_by.credentials
        return {"lastReviewed": self.last_reviewed.isoformat(), "reviewedBy": reviewer}


class ConditionIndexPage(Page):
    """Lists every condition the clinic treats."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["conditions.ConditionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conditions"] = ConditionPage.objects.live().public().child_of(self)
        return context


class ConditionPage(MedicalReviewMixin, Page):  # noqa: DJ008 (Page defines __str__)
    """A condition the clinic treats, composed from blocks, e.g. 'Ketamine for Substance Use Disorder'."""

    intro = models.TextField(
        max_length=400,
        help_text="One or two sentences under the title; also used in cards and search results.",
    )
    condition_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The condition itself, e.g. 'Substance use disorder', for search engines. Defaults to the title.",
    )
    body = StreamField(ConditionStreamBlock(), blank=True)

    content_panels = (
        [ContentChecksPanel(heading="Content checks")]
        + Page.content_panels
        + [
            FieldPanel("intro"),
            FieldPanel("body"),
        ]
    )
    promote_panels = Page.promote_panels + [FieldPanel("condition_name")]
    settings_panels = MedicalReviewMixin.review_panels + Page.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["conditions.ConditionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "condition page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        references = cited_studies(self.body)
        context["references"] = references
        context["reference_numbers"] = {study.pk: number for number, study in enumerate(references, start=1)}
        context["structured_data"] = self.structured_data(request, references)
        return context

    def structured_data(self, request, references):
        """schema.org data for search engines: a medical web page and the studies it cites."""
        return {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "description": self.search_description or self.intro,
            "url": self.get_full_url(request),
            "dateModified": self.last_published_at,
            "about": {"@type": "MedicalCondition", "name": self.condition_name or self.title},
            "audience": {"@type": "Patient"},
            "citation": [study.schema_org() for study in references if not study.citation_pending],
            **self.review_structured_data(),
        }


class TreatmentIndexPage(Page):
    """Lists the clinic's treatment programs."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["conditions.TreatmentPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = TreatmentPage.objects.live().public().child_of(self)
        return context


class TreatmentPage(MedicalReviewMixin, Page):  # noqa: DJ008 (Page defines __str__)
    """A treatment program, such as 'Ketamine + Therapy', that program cards link to."""

    summary = models.TextField(
        max_length=400, help_text="Two sentences that describe the program; shown on program cards."
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = (
        [ContentChecksPanel(heading="Content checks")]
        + Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("body"),
        ]
    )
    settings_panels = MedicalReviewMixin.review_panels + Page.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["conditions.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment page"
