"""RSS and Atom feeds of the latest articles."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20

# What XML 1.0 cannot carry: the C0 controls but tab, line feed and carriage return, the
# surrogates (a lone one cannot even be encoded) and U+FFFE/U+FFFF. An editor can paste them into
# a title or a standfirst; Django's feed writer refuses the controls with an error, and a feed
# reader refuses the rest.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """`value` without the characters XML 1.0 forbids; lists (categories) item by item."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    """Every text a feed writes, the feed's own and each item's, cleaned of what XML 1.0 forbids."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{name: xml_safe(v) for name, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{name: xml_safe(v) for name, v in kwargs.items()})


class XmlSafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


class ArticlesRssFeed(Feed):
    """The latest articles of one article index page, as RSS 2.0."""

    feed_type = XmlSafeRssFeed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} | {self.index_page.get_site().site_name or 'Northwest Ketamine Clinics'}"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro or "The latest articles from the clinic."

    def items(self):
        # A feed item shows the title and intro: never load the bodies.
        return (
            self.index_page.listed_pages()
            .select_related(None)
            .prefetch_related(None)
            .defer_streamfields()[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        # The publication date the site shows and sorts by (an article may be backdated).
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = ArticlesRssFeed.description
