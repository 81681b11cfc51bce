"""Condition pages (what the clinic treats) and treatment pages (how)."""

from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from evidence.blocks import cited_studies
from home.blocks import BaseStreamBlock
from home.models import IndexPage, SitePage
from home.models.pages import INTRO_HELP

from .blocks import ConditionStreamBlock
from .review.models import MedicalReviewMixin, MedicalSectionMixin


def has_disclaimer(stream):
    return any(block.block_type == "notice" and block.value["kind"] == "disclaimer" for block in stream)


class ConditionIndexPage(MedicalSectionMixin, IndexPage):
    """Lists every condition the clinic treats."""

    template = "home/index_page.html"
    empty_message = "No conditions are published yet."
    parent_page_types = ["home.HomePage"]
    subpage_types = ["conditions.ConditionPage"]


class ConditionPage(MedicalReviewMixin, SitePage):  # noqa: DJ008 (Page defines __str__)
    """A condition the clinic treats, composed from blocks, e.g. 'Ketamine for Substance Use Disorder'."""

    intro = models.TextField(max_length=400, help_text=INTRO_HELP)
    condition = models.ForeignKey(
        "home.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
        help_text=(
            "The condition this page is about, e.g. 'Substance use disorder'. Its articles are the "
            "page's related articles; search engines read its name."
        ),
    )
    body = StreamField(ConditionStreamBlock(), blank=True)

    content_panels = (
        MedicalReviewMixin.content_checks_panels
        + Page.content_panels
        + [FieldPanel("intro"), FieldPanel("condition"), FieldPanel("body")]
    )
    settings_panels = MedicalReviewMixin.review_panels + Page.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["conditions.ConditionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "condition page"

    @cached_property
    def references(self):
        """The studies the page cites, in order of first citation (no query: loaded with the body)."""
        return cited_studies(self.body)

    def get_context(self, request, *args, **kwargs):
        # Lazy: read only by what renders them (the body and the reference list, kept as
        # fragments), so a page whose fragments are cached does not load its stream for them.
        context = super().get_context(request, *args, **kwargs)
        context["references"] = SimpleLazyObject(lambda: self.references)
        context["reference_numbers"] = SimpleLazyObject(
            lambda: {study.pk: number for number, study in enumerate(self.references, start=1)}
        )
        return context

    def structured_data(self, request):
        """The medical web page, about this condition, citing the studies behind its claims."""
        return {
            **super().structured_data(request),
            "about": {
                "@type": "MedicalCondition",
                "name": self.condition.name if self.condition else self.title,
            },
            "citation": [study.structured_data() for study in self.references if not study.citation_pending],
        }

    def missing_content_warnings(self):
        """A disclaimer notice, on the page or in published reusable content the page shows."""
        if has_disclaimer(self.body) or any(
            block.block_type == "reusable_content"
            and block.value is not None
            and block.value.live
            and has_disclaimer(block.value.body)
            for block in self.body
        ):
            return []
        return ["This condition page has no disclaimer notice, such as the off-label use statement."]


class TreatmentIndexPage(MedicalSectionMixin, IndexPage):
    """Lists the clinic's treatment programs."""

    template = "home/index_page.html"
    empty_message = "No treatments are published yet."
    parent_page_types = ["home.HomePage"]
    subpage_types = ["conditions.TreatmentPage"]


class TreatmentPage(MedicalReviewMixin, SitePage):  # noqa: DJ008 (Page defines __str__)
    """A treatment program, such as 'Ketamine + Therapy', that program cards link to."""

    intro = models.TextField(max_length=400, help_text=INTRO_HELP)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = (
        MedicalReviewMixin.content_checks_panels
        + Page.content_panels
        + [FieldPanel("intro"), FieldPanel("body")]
    )
    settings_panels = MedicalReviewMixin.review_panels + Page.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["conditions.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment page"

    def structured_data(self, request):
        """The medical web page, about this program as a therapy."""
        return {**super().structured_data(request), "about": {"@type": "MedicalTherapy", "name": self.title}}
