"""RSS and Atom feeds of the latest articles."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_LENGTH = 20


class ArticlesRssFeed(Feed):
    """The latest articles of one article index page, as RSS 2.0."""

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
    feed_type = Atom1Feed
    subtitle = ArticlesRssFeed.description
