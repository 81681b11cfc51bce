"""Articles and patient testimonials."""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock


class ArticleIndexPage(Page):
    """The list of the clinic's articles."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.ArticlePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("stories.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(Page):
    """An article: a standfirst, a body of shared blocks, and the conditions it relates to."""

    date = models.DateField("Publication date", default=timezone.localdate)
    excerpt = models.TextField(
        "Standfirst",
        max_length=400,
        help_text="One or two sentences shown under the title and in lists of articles.",
    )
    body = StreamField(BaseStreamBlock(), blank=True)
    related_conditions = ParentalManyToManyField(
        "conditions.ConditionPage",
        blank=True,
        related_name="articles",
        help_text="Condition pages that list this article among their related articles.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("excerpt"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [
                FieldPanel("related_conditions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Topics",
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("excerpt", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["stories.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"


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


class TestimonialQuerySet(models.QuerySet):
    def shown(self):
        """Testimonials the public site may show: published, with consent recorded."""
        return self.filter(live=True, consent_date__isnull=False).exclude(consent_recorded_by="")


class Testimonial(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A patient's words, shown on pages only with the patient's recorded consent."""

    quote = models.TextField()
    attribution = models.CharField(
        max_length=60,
        help_text="First name and last initial only, e.g. 'Adelle P'.",
    )
    consent_date = models.DateField(
        "Consent given on", null=True, help_text="The date the patient agreed to this quote being published."
    )
    consent_recorded_by = models.CharField(
        "Consent recorded by", max_length=120, help_text="The staff member who took the patient's consent."
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="testimonial")

    objects = TestimonialQuerySet.as_manager()

    base_form_class = TestimonialForm

    panels = [
        FieldPanel("quote"),
        FieldPanel("attribution"),
        MultiFieldPanel(
            [FieldPanel("consent_date"), FieldPanel("consent_recorded_by")],
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

    @property
    def has_consent(self):
        return bool(self.consent_date and self.consent_recorded_by)

    @property
    def can_be_shown(self):
        """Whether the public site may show this testimonial."""
        return self.live and self.has_consent

    def publish(self, revision, *args, **kwargs):
        # The admin form already asks for consent; this guards every other route.
        if not revision.as_object().has_consent:
            raise ValidationError("A testimonial cannot be published without recorded patient consent.")
        return super().publish(revision, *args, **kwargs)
