"""Articles and patient testimonials."""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock, stream_text


class Person(index.Indexed, models.Model):
    """An author or reviewer: a name with credentials, a photo and a short biography."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Degrees and licences as they follow the name, e.g. 'MD, PhD'."
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. 'Medical director'.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="For a medical reviewer: their admin account, so approving a page records them as its reviewer.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


ARTICLES_PER_PAGE = 12
# Article cards: one size, in AVIF and WebP with a JPEG fallback ({% picture %} in article_card.html).
LISTING_IMAGES = [f"fill-480x270|format-{image_format}" for image_format in ("avif", "webp", "jpeg")]
# Open Graph's recommended size for shared links.
SOCIAL_IMAGE = "fill-1200x630|format-jpeg"


class ArticleIndexPage(RoutablePageMixin, Page):
    """The list of the clinic's articles, newest first, with RSS and Atom feeds."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.ArticlePage"]
    max_count = 1

    def articles(self):
        """Live, public articles in this index, newest first, with what a card shows loaded in bulk."""
        return ArticlePage.for_cards().child_of(self)

    @path("")
    def index_route(self, request):
        # conditions.models imports this app's blocks; import it at call time.
        from conditions.models import ConditionPage

        articles = self.articles()
        condition_slug = request.GET.get("condition", "")
        tag_slug = request.GET.get("tag", "")
        condition = (
            ConditionPage.objects.live().public().filter(slug=condition_slug).first()
            if condition_slug
            else None
        )
        tag = Tag.objects.filter(slug=tag_slug).first() if tag_slug else None
        if condition_slug and condition is None or tag_slug and tag is None:
            raise Http404("No such condition or tag.")
        if condition:
            articles = articles.filter(related_conditions=condition)
        if tag:
            articles = articles.filter(tags=tag)
        # get_page: a page number that is not a number gives the first page, one
        # past the end the last page; never an error.
        page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "articles": page,
                "condition": condition,
                "tag": tag,
                # Only topics that a visitor's filter would find articles for.
                "conditions": ConditionPage.objects.live()
                .public()
                .filter(articles__in=self.articles().values("pk"))
                .distinct()
                .order_by("title"),
                "tags": Tag.objects.filter(
                    stories_articlepagetag_items__content_object__in=self.articles().values("pk")
                )
                .distinct()
                .order_by("name"),
            },
        )

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from .feeds import ArticlesRssFeed

        return ArticlesRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import ArticlesAtomFeed

        return ArticlesAtomFeed(self)(request)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("stories.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


WORDS_PER_MINUTE = 200


class ArticlePage(Page):
    """An article: a standfirst, a hero image, a body of shared blocks, its author and topics."""

    date = models.DateField("Publication date", default=timezone.localdate)
    excerpt = models.TextField(
        "Standfirst",
        max_length=400,
        help_text="One or two sentences shown under the title and in lists of articles.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(
        "Hero image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Defaults to the image's own description.",
    )
    author = models.ForeignKey(
        "stories.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
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
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("author"),
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

    @classmethod
    def for_cards(cls):
        """Live, public articles, newest first, with what an article card shows loaded in bulk."""
        return (
            cls.objects.live()
            .public()
            .order_by("-date", "-pk")
            .select_related("author")
            .prefetch_related(
                Prefetch(
                    "hero_image", queryset=get_image_model().objects.prefetch_renditions(*LISTING_IMAGES)
                )
            )
        )

    def clean(self):
        super().clean()
        if self.hero_image and not (self.hero_alt or self.hero_image.description):
            raise ValidationError(
                {
                    "hero_alt": "Describe the hero image for people who cannot see it (or give the image a description)."
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.structured_data(request)
        return context

    def structured_data(self, request):
        """schema.org BlogPosting for search engines."""
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.excerpt,
            "url": self.get_full_url(request),
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).isoformat(),
            "wordCount": len(self.excerpt.split()) + len(stream_text(self.body.raw_data).split()),
            "publisher": {"@id": f"{self.get_site().root_url}/#clinic"},
        }
        if self.author:
            data["author"] = {"@type": "Person", "name": self.author.name}
            if self.author.credentials:
                data["author"]["honorificSuffix"] = self.author.credentials
        if self.hero_image:
            data["image"] = request.build_absolute_uri(self.hero_image.get_rendition(SOCIAL_IMAGE).url)
        keywords = [tag.name for tag in self.tags.all()]
        if keywords:
            data["keywords"] = keywords
        return data

    @property
    def hero_alt_text(self):
        return self.hero_alt or (self.hero_image.description if self.hero_image else "")

    @property
    def reading_time(self):
        """Minutes to read the standfirst and body, at least one."""
        words = len(self.excerpt.split()) + len(stream_text(self.body.raw_data).split())
        return max(1, round(words / WORDS_PER_MINUTE))

    def related_articles(self, count=3):
        """The latest other articles that share a condition or a tag with this one (one query)."""
        condition_ids = list(self.related_conditions.values_list("pk", flat=True))
        tag_ids = list(self.tags.values_list("pk", flat=True))
        if not condition_ids and not tag_ids:
            return []
        return list(
            ArticlePage.for_cards()
            .filter(models.Q(related_conditions__in=condition_ids) | models.Q(tags__in=tag_ids))
            .exclude(pk=self.pk)
            .distinct()[:count]
        )


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
        "conditions.ConditionPage",
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
