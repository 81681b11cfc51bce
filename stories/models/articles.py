"""Articles and the article index, with its feeds."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import Condition, IndexPage, SitePage
from home.models.pages import INTRO_HELP
from home.seo import SOCIAL_IMAGE
from home.stream_text import stream_text
from home.tasks import register_renditions

from ..feeds import ArticlesAtomFeed, ArticlesRssFeed

ARTICLES_PER_PAGE = 12
# Article cards: one size, in AVIF and WebP with a JPEG fallback ({% picture %} in article_card.html).
LISTING_IMAGES = [f"fill-480x270|format-{image_format}" for image_format in ("avif", "webp", "jpeg")]
# The article's hero: three widths in each format (article_page.html).
HERO_IMAGES = [
    f"format-{image_format}|width-{width}"
    for image_format in ("avif", "webp", "jpeg")
    for width in (480, 800, 1200)
]
# Made by the task worker when an image is uploaded (home/tasks.py); a test checks the
# templates ask for no other.
register_renditions("article card", LISTING_IMAGES)
register_renditions("article hero", HERO_IMAGES)


class ArticleIndexPage(RoutablePageMixin, IndexPage):
    """The list of the clinic's articles, newest first, with RSS and Atom feeds."""

    template = "stories/article_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.ArticlePage"]

    def listed_pages(self):
        """Live, public articles in this index, newest first, with what a card shows loaded in bulk."""
        return ArticlePage.for_cards().child_of(self)

    @path("")
    def index_route(self, request):
        articles = self.listed_pages()
        condition_slug = request.GET.get("condition", "")
        tag_slug = request.GET.get("tag", "")
        condition = Condition.objects.filter(slug=condition_slug).first() if condition_slug else None
        tag = Tag.objects.filter(slug=tag_slug).first() if tag_slug else None
        if condition_slug and condition is None or tag_slug and tag is None:
            raise Http404("No such condition or tag.")
        if condition:
            articles = articles.filter(conditions=condition)
        if tag:
            articles = articles.filter(tags=tag)
        # get_page: a page number that is not a number gives the first page, one
        # past the end the last page; never an error.
        page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "articles": page,
                "heading": f"{self.title}: {condition.name if condition else tag.name}"
                if condition or tag
                else "",
                "condition": condition,
                "tag": tag,
                # Only topics that a visitor's filter would find articles for.
                "conditions": Condition.objects.filter(articles__in=self.listed_pages().values("pk"))
                .distinct()
                .order_by("name"),
                "tags": Tag.objects.filter(
                    stories_articlepagetag_items__content_object__in=self.listed_pages().values("pk")
                )
                .distinct()
                .order_by("name"),
            },
        )

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return ArticlesRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return ArticlesAtomFeed(self)(request)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("stories.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


WORDS_PER_MINUTE = 200


class ArticlePage(SitePage):
    """An article: a standfirst, a hero image, a body of shared blocks, its author and topics."""

    date = models.DateField("Publication date", default=timezone.localdate)
    intro = models.TextField(max_length=400, help_text=INTRO_HELP)
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
    conditions = ParentalManyToManyField(
        "home.Condition",
        blank=True,
        related_name="articles",
        help_text="The conditions this article is about; their condition pages list it among related articles.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("author"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [
                FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Topics",
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["stories.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"
        indexes = [
            # The article lists, the feeds and the search page's "Recent articles" take the newest
            # (for_cards: "-date", "-pk"). `date` is on this table, not on wagtailcore_page, and pk is
            # page_ptr: with both in the index, the database reads the newest rows in index order,
            # joins each to its page for live and public, and stops at the LIMIT, without a sort.
            models.Index(fields=["date", "page_ptr"], name="stories_article_date_idx"),
        ]

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

    def structured_data(self, request):
        """schema.org BlogPosting for search engines."""
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.intro,
            "url": self.get_full_url(request),
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).isoformat(),
            "wordCount": self.word_count,
            "publisher": {"@id": f"{self.get_site().root_url}/#clinic"},
        }
        if self.author:
            data["author"] = {"@type": "Person", "name": self.author.name}
            if self.author.credentials:
                data["author"]["honorificSuffix"] = self.author.credentials
        # Imported here: home.images holds the admin's image form, which needs the app registry.
        from home.images import rendition_or_none

        social_image = rendition_or_none(self.hero_image, SOCIAL_IMAGE) if self.hero_image else None
        if social_image:
            data["image"] = request.build_absolute_uri(social_image.url)
        keywords = [tag.name for tag in self.tags.all()]
        if keywords:
            data["keywords"] = keywords
        return data

    @property
    def hero_alt_text(self):
        return self.hero_alt or (self.hero_image.description if self.hero_image else "")

    @cached_property
    def word_count(self):
        """Words in the intro and the body's text (headings included; chosen records and choices not)."""
        return len(self.intro.split()) + len(stream_text(self.body).split())

    @property
    def reading_time(self):
        """Minutes to read the intro and body, at least one."""
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    def related_articles(self, count=3):
        """The latest other articles that share a condition or a tag with this one (one query)."""
        # A draft's relations live in memory (modelcluster), where values_list() cannot reach.
        condition_ids = [condition.pk for condition in self.conditions.all()]
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not condition_ids and not tag_ids:
            return []
        return list(
            ArticlePage.for_cards()
            .filter(models.Q(conditions__in=condition_ids) | models.Q(tags__in=tag_ids))
            .exclude(pk=self.pk)
            .distinct()[:count]
        )
