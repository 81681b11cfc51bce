"""Condition pages (what the clinic treats) and treatment pages (how)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from evidence.blocks import cited_studies
from home.blocks import BaseStreamBlock

from .blocks import ConditionStreamBlock


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


class ConditionPage(Page):
    """A condition the clinic treats, composed from blocks, e.g. 'Ketamine for Substance Use Disorder'."""

    intro = models.TextField(
        max_length=400,
        help_text="One or two sentences under the title; also used in cards and search results.",
    )
    body = StreamField(ConditionStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
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
            "citation": [study.schema_org() for study in references if not study.citation_pending],
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


class TreatmentPage(Page):
    """A treatment program, such as 'Ketamine + Therapy', that program cards link to."""

    summary = models.TextField(
        max_length=400, help_text="Two sentences that describe the program; shown on program cards."
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["conditions.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment page"
