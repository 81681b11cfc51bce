"""The article feeds: RSS 2.0 and Atom 1.0 of the latest live, public articles."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stories.feeds import FEED_LENGTH, ArticlesAtomFeed, ArticlesRssFeed

from .support import make_private, soup, text_block

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "http://localhost"


@pytest.fixture
def client(client):
    """Visit through the site's own host, so request-built links (atom:link rel=self) match the site's."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def publish():
    """Publish through a revision, as the admin does, so the publication timestamps are set."""

    def publish(article):
        article.save_revision().publish()
        article.refresh_from_db()
        return article

    return publish


@pytest.fixture
def articles(make_article, publish):
    """Three live public articles (published out of date order), a draft and a private one."""
    middle = publish(make_article("Middle", date=datetime.date(2026, 2, 1), intro="The middle one."))
    newest = publish(make_article("Newest & best", date=datetime.date(2026, 4, 1), intro="The <newest> one."))
    oldest = publish(make_article("Oldest", date=datetime.date(2025, 6, 1), intro="The oldest one."))
    make_article("Draft", date=datetime.date(2026, 5, 1), live=False)
    make_private(publish(make_article("Private", date=datetime.date(2026, 5, 2))))
    return [newest, middle, oldest]


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def rfc3339(text):
    return datetime.datetime.fromisoformat(text)


class TestRss:
    def test_channel(self, client, articles, article_index):
        article_index.intro = "News and research from the clinic."
        article_index.save()

        rss = parse(client.get("/articles/feed/"))

        assert rss.tag == "rss"
        assert rss.get("version") == "2.0"
        channel = rss.find("channel")
        assert channel.findtext("title") == "Articles | Northwest Ketamine Clinics"
        assert channel.findtext("link") == f"{BASE}/articles/"
        assert channel.findtext("description") == "News and research from the clinic."
        assert channel.find(f"{ATOM}link").get("href") == f"{BASE}/articles/feed/"

    def test_channel_description_without_intro(self, client, articles):
        channel = parse(client.get("/articles/feed/")).find("channel")

        assert channel.findtext("description") == "The latest articles from the clinic."

    def test_items_are_live_public_articles_newest_first(self, client, articles):
        items = parse(client.get("/articles/feed/")).find("channel").findall("item")

        assert [item.findtext("title") for item in items] == ["Newest & best", "Middle", "Oldest"]
        for item, article in zip(items, articles, strict=True):
            url = f"{BASE}{article.url}"
            assert item.findtext("link") == url
            assert item.findtext("guid") == url
            assert item.findtext("description") == article.intro
            published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
            assert timezone.localtime(published).date() == article.date

    def test_feed_holds_the_latest_twenty(self, client, make_article, publish):
        for day in range(1, FEED_LENGTH + 3):
            publish(make_article(f"Day {day}", date=datetime.date(2026, 1, day)))

        items = parse(client.get("/articles/feed/")).find("channel").findall("item")

        assert FEED_LENGTH == 20
        assert [item.findtext("title") for item in items] == [
            f"Day {d}" for d in range(FEED_LENGTH + 2, 2, -1)
        ]


class TestAtom:
    def test_feed(self, client, articles, article_index):
        article_index.intro = "News and research from the clinic."
        article_index.save()

        feed = parse(client.get("/articles/feed/atom/"))

        assert feed.tag == f"{ATOM}feed"
        assert feed.findtext(f"{ATOM}id") == f"{BASE}/articles/"
        assert feed.findtext(f"{ATOM}title") == "Articles | Northwest Ketamine Clinics"
        assert feed.findtext(f"{ATOM}subtitle") == "News and research from the clinic."
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links == {"alternate": f"{BASE}/articles/", "self": f"{BASE}/articles/feed/atom/"}
        updated = rfc3339(feed.findtext(f"{ATOM}updated"))
        assert updated == max(article.last_published_at for article in articles)

    def test_entries_are_live_public_articles_newest_first(self, client, articles):
        entries = parse(client.get("/articles/feed/atom/")).findall(f"{ATOM}entry")

        assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newest & best", "Middle", "Oldest"]
        for entry, article in zip(entries, articles, strict=True):
            url = f"{BASE}{article.url}"
            assert entry.findtext(f"{ATOM}id") == url
            [link] = entry.findall(f"{ATOM}link")
            assert (link.get("rel"), link.get("href")) == ("alternate", url)
            assert rfc3339(entry.findtext(f"{ATOM}updated")) == article.last_published_at
            assert timezone.localtime(rfc3339(entry.findtext(f"{ATOM}published"))).date() == article.date
            assert entry.findtext(f"{ATOM}summary") == article.intro

    def test_entry_updated_follows_a_republish(self, client, articles, publish):
        middle = articles[1]
        before = middle.last_published_at
        middle.intro = "Revised."
        publish(middle)

        entry = next(
            e
            for e in parse(client.get("/articles/feed/atom/")).findall(f"{ATOM}entry")
            if e.findtext(f"{ATOM}title") == "Middle"
        )

        assert rfc3339(entry.findtext(f"{ATOM}updated")) == middle.last_published_at > before
        assert timezone.localtime(rfc3339(entry.findtext(f"{ATOM}published"))).date() == middle.date
        assert entry.findtext(f"{ATOM}summary") == "Revised."


def test_index_head_links_to_both_feeds(client, articles):
    html = soup(client.get("/articles/"))

    alternates = {link["type"]: link["href"] for link in html.head.find_all("link", rel="alternate")}

    assert alternates == {
        "application/rss+xml": "/articles/feed/",
        "application/atom+xml": "/articles/feed/atom/",
    }
    for href in alternates.values():
        assert client.get(href).status_code == 200


def test_feed_dates_are_the_articles_publication_dates(client, articles):
    """Feed readers sort by these dates; they must agree with the date and order the site shows."""
    items = parse(client.get("/articles/feed/")).find("channel").findall("item")
    entries = parse(client.get("/articles/feed/atom/")).findall(f"{ATOM}entry")

    rss_dates = [email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    atom_dates = [rfc3339(entry.findtext(f"{ATOM}published")) for entry in entries]
    for dates in (rss_dates, atom_dates):
        assert [timezone.localtime(d).date() for d in dates] == [a.date for a in articles]
        assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("url", ["/articles/feed/", "/articles/feed/atom/"])
def test_feeds_load_neither_the_article_bodies_nor_their_images(client, make_article, make_image, url):
    """An item shows a title and an intro; a body may be long, and a feed lists twenty of them."""
    for day in range(1, 4):
        make_article(
            f"Day {day}",
            body=[text_block("<p>A long body. " * 200 + "</p>")],
            hero_image=make_image(),
            hero_alt="A",
        )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert b"Day 3" in response.content
    article_queries = [q["sql"] for q in queries if '"stories_articlepage"' in q["sql"]]
    assert article_queries, "the feed lists its articles in a query of their own table"
    assert all('"stories_articlepage"."intro"' in sql for sql in article_queries)
    for sql in article_queries:
        assert '"stories_articlepage"."body"' not in sql
    # Nor what only an article card shows: a feed item has no image.
    assert not [q["sql"] for q in queries if '"wagtailimages_' in q["sql"]]


# --- Text XML 1.0 cannot carry -------------------------------------------------------------------
# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 up, except the
# surrogates and U+FFFE/U+FFFF. An editor can save the rest in a title or a standfirst (pasted from
# a word processor, say); the feeds leave those characters out rather than fail.

FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
# PostgreSQL text refuses NUL, so no editor can save one there.
SAVABLE_FORBIDDEN = [c for c in FORBIDDEN if c != "\x00" or connection.vendor != "postgresql"]


def kept(text):
    """The text without the characters XML 1.0 forbids."""
    return "".join(c for c in text if c not in FORBIDDEN and not "\ud800" <= c <= "\udfff")


def without_forbidden(text):
    """What a parsed feed's element reads back: the text kept, its line ends as XML reads them."""
    return kept(text).replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("char", SAVABLE_FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("url", ["/articles/feed/", "/articles/feed/atom/"])
def test_feeds_leave_out_characters_xml_cannot_carry(client, make_article, article_index, url, char):
    article_index.title = f"Art{char}icles"
    article_index.intro = f"News{char} from the clinic."
    article_index.save()
    make_article(f"Tab\tand{char}title", intro=f"A{char}standfirst\r\nwith{char} a line break.")

    feed = parse(client.get(url))

    text = ET.tostring(feed, encoding="unicode")
    assert char not in text
    titles = [e.text for e in feed.iter() if e.tag in ("title", f"{ATOM}title")]
    assert "Articles | Northwest Ketamine Clinics" in titles
    assert "Tab\tandtitle" in titles
    descriptions = [e.text for e in feed.iter() if e.tag in ("description", f"{ATOM}summary")]
    assert "Astandfirst\nwith a line break." in descriptions


@pytest.mark.parametrize(
    ("url", "title_path"), [("/articles/feed/", "channel/title"), ("/articles/feed/atom/", f"{ATOM}title")]
)
def test_feeds_leave_out_forbidden_characters_in_the_site_name(client, articles, url, title_path):
    Site.objects.update(site_name="North\x0bwest")

    feed = parse(client.get(url))

    assert feed.findtext(title_path) == "Articles | Northwest"


# Every character Python can hold, lone surrogates included: none may break a feed, wherever it is.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@pytest.mark.parametrize("feed_class", [ArticlesRssFeed, ArticlesAtomFeed], ids=["rss", "atom"])
@given(text=ANY_TEXT)
@hypothesis_settings(max_examples=150, deadline=None)
def test_any_text_in_any_field_makes_a_well_formed_feed(feed_class, text):
    feed = feed_class.feed_type(
        title=f"Feed {text}",
        link="https://example.com/articles/",
        description=f"About {text}",
        subtitle=f"About {text}",
        author_name=text,
        categories=[text, "plain"],
        feed_copyright=text,
    )
    feed.add_item(
        title=f"Item {text}",
        link="https://example.com/articles/one/",
        description=f"Intro {text}",
        author_name=f"Author {text}",
        categories=[f"Tag {text}"],
        pubdate=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        unique_id="https://example.com/articles/one/",
    )

    root = ET.fromstring(feed.writeString("utf-8"))

    texts = [e.text for e in root.iter() if e.text]
    assert f"Item {without_forbidden(text)}" in texts
    assert f"Intro {without_forbidden(text)}" in texts
    assert f"Author {without_forbidden(text)}" in texts
    # RSS writes a category as text, Atom as an attribute, whose line ends are kept as written.
    categories = texts + [e.get("term") for e in root.iter(f"{ATOM}category")]
    assert f"Tag {without_forbidden(text)}" in categories or f"Tag {kept(text)}" in categories


def test_the_sitemap_stays_well_formed_whatever_the_articles_say(client, make_article):
    """The sitemap lists addresses and dates, never a title or a standfirst; a slug cannot hold a
    control character, so what an editor types elsewhere cannot break it."""
    article = make_article("Tab\x0band\x1ftitle", intro="A\x0bstandfirst \ufffe.")

    sitemap = parse(client.get("/sitemap.xml"))

    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{BASE}{article.url}" in locations
