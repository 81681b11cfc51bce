"""The pages every site has: the home page, plain pages, and the base of listing pages."""

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks import BaseStreamBlock
from ..section_blocks import first_hero_image_id, load_card_images

INTRO_HELP = (
    "One or two sentences under the title; also used in cards, search results and the page's description."
)


class SitePageQuerySet(PageQuerySet):
    def from_own_rows(self):
        """The same pages, looked up from their type's own table.

        Asked for one type's pages in the page tree's order (path, title), SQLite read the tree's
        whole table in that order to find them (the search page's list of conditions, at 10,000
        articles). Naming the type's own keys lets it start from those few rows.
        """
        return self.filter(pk__in=self.model._base_manager.values("pk"))


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


class SitePage(Page):
    """What every page type of the site shares: its schema.org data for search engines.

    A page type describes itself in `structured_data(request)`; the base template
    prints it as JSON-LD.
    """

    objects = SitePageManager()

    class Meta:
        abstract = True

    def structured_data(self, request):
        return None

    # What a card leading to the page shows (includes/card.html; "Cards from a section").

    @property
    def card_summary(self):
        """The words under the card's title: the page's intro (an article's standfirst)."""
        return getattr(self, "intro", "") or ""

    @property
    def card_image_id(self):
        """The id of the card's image: the page's own hero image where it has one (an article's),
        else the image of the first hero block in its body; None for no image."""
        return getattr(self, "hero_image_id", None) or first_hero_image_id(getattr(self, "body", None))

    @cached_property
    def card_image(self):
        """The card's image, or None. A listing loads its pages' images at once (`load_card_images`)."""
        load_card_images([self])
        return self.__dict__["card_image"]


class IndexPage(SitePage):
    """A page that lists its published children as cards: the conditions, the treatments.

    Each subclass names its template (Wagtail gives every page type its own by default);
    "home/index_page.html" lists the children as cards.
    """

    intro = models.TextField(blank=True, help_text=INTRO_HELP)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    empty_message = "Nothing is published here yet."

    class Meta:
        abstract = True

    def listed_pages(self):
        """The live, public children, of the one page type this index may hold."""
        (model,) = self.specific_class.allowed_subpage_models()
        return model.objects.live().public().child_of(self)


class HomePage(SitePage):
    """The site's root page."""

    intro = models.TextField(blank=True, help_text=INTRO_HELP)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # A plain page's layout, except that a hero opening the page stands in for its header.
    template = "home/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "conditions.ConditionIndexPage",
        "conditions.TreatmentIndexPage",
        "stories.ArticleIndexPage",
        "stories.TeamIndexPage",
        "home.LocationIndexPage",
        "appointments.AppointmentFormPage",
        "home.StandardPage",
    ]
    max_count = 1


class StandardPage(SitePage):
    """A plain page such as 'About us' or 'Book a consultation'."""

    intro = models.TextField(blank=True, help_text=INTRO_HELP)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
