"""Articles as a visitor reads them: the index, its filters and pages, an article, and query counts."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

import pytest

from home.tests.factories import ConditionFactory
from stories.models.articles import ARTICLES_PER_PAGE, LISTING_IMAGES

from .factories import PersonFactory
from .support import card_titles, day, heading_block, make_private, soup, tag, text_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return PersonFactory(name="Jane Roe", credentials="MD, PhD", role="Medical director", bio="Jane bio.")


@pytest.fixture
def alcohol(db):
    """A condition record, as editors keep them in the conditions list; no condition page needed."""
    return ConditionFactory(name="Alcohol use disorder", slug="alcohol")


@pytest.fixture
def depression(db):
    return ConditionFactory(name="Depression", slug="depression")


@pytest.fixture
def numbered_articles(make_article):
    """make(n): n live articles, 'Article 1' the oldest; returns titles newest first."""

    def make(n, **fields):
        for i in range(1, n + 1):
            make_article(f"Article {i}", date=day(i), **fields)
        return [f"Article {i}" for i in range(n, 0, -1)]

    return make


def count_queries(client, url):
    """The queries a visit to `url` runs with a cold cache, once a first visit has made the renditions.

    The cache would otherwise hand out the renditions the first visit made, and hide a query per
    image; a visit after a deploy (or an eviction) reads them from the database.
    """
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), soup(response)


class TestIndexListing:
    def test_lists_newest_first(self, client, make_article):
        make_article("Middle", date=datetime.date(2026, 2, 1))
        make_article("Oldest", date=datetime.date(2025, 6, 1))
        make_article("Newest", date=datetime.date(2026, 4, 1), intro="The newest one.")

        html = soup(client.get("/articles/"))

        assert card_titles(html) == ["Newest", "Middle", "Oldest"]
        assert html.select_one("li.card .card__text").get_text(strip=True) == "The newest one."

    def test_same_date_lists_the_later_created_first(self, client, make_article):
        make_article("First written", date=datetime.date(2026, 1, 1))
        make_article("Second written", date=datetime.date(2026, 1, 1))

        assert card_titles(soup(client.get("/articles/"))) == ["Second written", "First written"]

    def test_without_articles_it_says_so(self, client, article_index):
        html = soup(client.get("/articles/"))

        assert html.h1.get_text(strip=True) == "Articles"
        assert html.select_one("ul.cards").get_text(strip=True) == "No articles are published yet."

    def test_first_page_holds_twelve(self, client, numbered_articles):
        newest_first = numbered_articles(ARTICLES_PER_PAGE + 3)

        html = soup(client.get("/articles/"))

        assert ARTICLES_PER_PAGE == 12
        assert card_titles(html) == newest_first[:12]
        assert html.select_one(".pagination span").get_text(strip=True) == "Page 1 of 2"
        assert html.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
        assert html.select_one('.pagination a[rel="prev"]') is None

    def test_page_two_holds_the_rest(self, client, numbered_articles):
        newest_first = numbered_articles(ARTICLES_PER_PAGE + 3)

        html = soup(client.get("/articles/?page=2"))

        assert card_titles(html) == newest_first[12:]
        assert html.select_one(".pagination span").get_text(strip=True) == "Page 2 of 2"
        assert html.select_one('.pagination a[rel="prev"]')["href"] == "?page=1"
        assert html.select_one('.pagination a[rel="next"]') is None

    def test_twelve_articles_need_no_pagination(self, client, numbered_articles):
        numbered_articles(ARTICLES_PER_PAGE)

        html = soup(client.get("/articles/"))

        assert len(card_titles(html)) == 12
        assert html.select_one(".pagination") is None

    @pytest.mark.parametrize(
        ("query", "expected_page"),
        [("abc", 1), ("", 1), ("1.5", 1), ("-1", 3), ("0", 3), ("99999", 3), ("3", 3)],
    )
    def test_any_page_number_gives_a_page(self, client, numbered_articles, query, expected_page):
        newest_first = numbered_articles(2 * ARTICLES_PER_PAGE + 1)

        html = soup(client.get("/articles/", {"page": query}))

        start = (expected_page - 1) * ARTICLES_PER_PAGE
        assert card_titles(html) == newest_first[start : start + ARTICLES_PER_PAGE]
        assert html.select_one(".pagination span").get_text(strip=True) == f"Page {expected_page} of 3"

    def test_drafts_and_private_articles_are_never_listed(self, client, make_article):
        make_article("Public", date=day(1))
        make_article("Draft", date=day(2), live=False)
        make_article("Unpublished", date=day(3)).unpublish()
        make_private(make_article("Private", date=day(4)))
        make_private(make_article("Password protected", date=day(5)), password="s3cret")

        html = soup(client.get("/articles/"))

        assert card_titles(html) == ["Public"]
        for title in ("Draft", "Unpublished", "Private", "Password protected"):
            assert title not in html.get_text()

    def test_private_articles_are_not_counted_in_pagination(self, client, make_article, numbered_articles):
        numbered_articles(ARTICLES_PER_PAGE)
        make_private(make_article("Private", date=day(100)))

        html = soup(client.get("/articles/"))

        assert "Private" not in card_titles(html)
        assert html.select_one(".pagination") is None


class TestIndexFilters:
    """?condition=<slug> filters by a condition record (home.Condition), ?tag=<slug> by a tag."""

    def test_condition_filters(self, client, make_article, alcohol, depression):
        make_article("About alcohol", date=day(1), conditions=[alcohol])
        make_article("About both", date=day(2), conditions=[alcohol, depression])
        make_article("About depression", date=day(3), conditions=[depression])
        make_article("About nothing", date=day(4))

        html = soup(client.get("/articles/?condition=alcohol"))

        assert card_titles(html) == ["About both", "About alcohol"]
        assert html.h1.get_text(strip=True) == "Articles: Alcohol use disorder"
        current = html.select_one('.filters a[aria-current="page"]')
        assert current.get_text(strip=True) == "Alcohol use disorder"
        assert current["href"] == "?condition=alcohol"

    def test_filter_links_name_the_conditions_and_tags_in_use_alphabetically(
        self, client, make_article, alcohol, depression
    ):
        ConditionFactory(name="Anxiety", slug="anxiety")  # no article about it
        tag(make_article("About depression", conditions=[depression]), "Sleep")
        make_article("About alcohol", conditions=[alcohol])
        make_article("Draft about PTSD", conditions=[ConditionFactory(name="PTSD")], live=False)
        make_private(make_article("Private about OCD", conditions=[ConditionFactory(name="OCD")]))

        links = soup(client.get("/articles/")).select(".filters a")

        assert [(a.get_text(strip=True), a["href"]) for a in links] == [
            ("All articles", "/articles/"),
            ("Alcohol use disorder", "?condition=alcohol"),
            ("Depression", "?condition=depression"),
            ("#Sleep", "?tag=sleep"),
        ]

    def test_a_condition_without_articles_says_so(self, client, make_article, alcohol, depression):
        make_article("About alcohol", conditions=[alcohol])

        html = soup(client.get("/articles/?condition=depression"))

        assert html.h1.get_text(strip=True) == "Articles: Depression"
        assert card_titles(html) == []
        assert html.select_one("ul.cards").get_text(strip=True) == "No articles on this topic yet."

    def test_tag_filters(self, client, make_article):
        tag(make_article("Tagged sleep", date=day(1)), "Sleep")
        tag(make_article("Tagged both", date=day(2)), "Sleep", "Research")
        tag(make_article("Tagged research", date=day(3)), "Research")
        make_article("Untagged", date=day(4))

        html = soup(client.get("/articles/?tag=sleep"))

        assert card_titles(html) == ["Tagged both", "Tagged sleep"]
        assert html.h1.get_text(strip=True) == "Articles: Sleep"

    def test_an_article_on_several_topics_is_listed_once_and_each_topic_offered_once(
        self, client, make_article, alcohol, depression
    ):
        tag(make_article("About both", date=day(2), conditions=[alcohol, depression]), "Sleep", "Research")
        tag(make_article("About depression", date=day(1), conditions=[depression]), "Sleep")

        html = soup(client.get("/articles/?condition=depression"))

        assert card_titles(html) == ["About both", "About depression"]
        assert [a.get_text(strip=True) for a in html.select(".filters a")] == [
            "All articles",
            "Alcohol use disorder",
            "Depression",
            "#Research",
            "#Sleep",
        ]
        assert card_titles(soup(client.get("/articles/?tag=sleep"))) == ["About both", "About depression"]

    def test_filter_hides_drafts_and_private_articles(self, client, make_article, alcohol):
        make_article("Public", date=day(1), conditions=[alcohol])
        make_article("Draft", date=day(2), conditions=[alcohol], live=False)
        make_private(make_article("Private", date=day(3), conditions=[alcohol]))

        assert card_titles(soup(client.get("/articles/?condition=alcohol"))) == ["Public"]

    def test_condition_pagination_keeps_the_filter(self, client, make_article, alcohol):
        for i in range(1, ARTICLES_PER_PAGE + 3):
            make_article(f"Alcohol {i}", date=day(i), conditions=[alcohol])
        make_article("Unrelated", date=day(100))

        first = soup(client.get("/articles/?condition=alcohol"))
        next_href = first.select_one('.pagination a[rel="next"]')["href"]
        assert next_href == "?condition=alcohol&page=2"
        second = soup(client.get("/articles/" + next_href))

        assert card_titles(second) == ["Alcohol 2", "Alcohol 1"]
        assert second.select_one('.pagination a[rel="prev"]')["href"] == "?condition=alcohol&page=1"
        assert "Unrelated" not in card_titles(first) + card_titles(second)

    def test_tag_pagination_keeps_the_filter(self, client, make_article):
        for i in range(1, ARTICLES_PER_PAGE + 2):
            tag(make_article(f"Sleep {i}", date=day(i)), "Sleep")
        make_article("Untagged", date=day(100))

        first = soup(client.get("/articles/?tag=sleep"))
        next_href = first.select_one('.pagination a[rel="next"]')["href"]
        assert next_href == "?tag=sleep&page=2"

        assert card_titles(soup(client.get("/articles/" + next_href))) == ["Sleep 1"]

    @pytest.mark.parametrize("query", ["condition=no-such-condition", "tag=no-such-tag"])
    def test_unknown_slug_is_not_found(self, client, article_index, alcohol, query):
        # A misspelt filter link is a page that does not exist, not an empty list.
        assert client.get(f"/articles/?{query}").status_code == 404


class TestIndexQueryCount:
    def test_query_count_does_not_grow_with_the_articles(self, client, make_article, make_image):
        """Two articles, or more than two pages of them, with authors and hero images: as many queries."""
        people = PersonFactory.create_batch(3)

        def add(i):
            make_article(
                f"Article {i}", date=day(i), author=people[i % 3], hero_image=make_image(), hero_alt="A"
            )

        for i in (1, 2):
            add(i)
        with_two, html = count_queries(client, "/articles/")
        assert card_titles(html) == ["Article 2", "Article 1"]
        assert len(html.select("ul.cards img.card__image")) == 2

        for i in range(3, 2 * ARTICLES_PER_PAGE + 2):
            add(i)
        first_page, html = count_queries(client, "/articles/")
        assert len(card_titles(html)) == ARTICLES_PER_PAGE
        assert len(html.select("ul.cards img.card__image")) == ARTICLES_PER_PAGE
        assert people[0].name in html.get_text()
        second_page, html = count_queries(client, "/articles/?page=2")
        assert card_titles(html)[0] == f"Article {ARTICLES_PER_PAGE + 1}"

        assert first_page == with_two
        assert second_page == with_two
        # Each card's image in AVIF, WebP and JPEG: one rendition each, made once. The visits
        # above showed the cards of articles 1 to 25.
        renditions = get_image_model().get_rendition_model().objects
        for spec in LISTING_IMAGES:
            assert renditions.filter(filter_spec=spec).count() == 2 * ARTICLES_PER_PAGE + 1


class TestArticlePage:
    def test_renders_title_header_body_and_breadcrumbs(self, client, make_article):
        make_article(
            title="What a first session is like",
            date=datetime.date(2026, 3, 9),
            intro="A patient walks us through the day.",
            body=[heading_block("Arriving"), text_block("<p>You are met at the door.</p>")],
        )

        response = client.get("/articles/what-a-first-session-is-like/")

        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>What a first session is like | Northwest Ketamine Clinics</title>" in html
        assert "<h1>What a first session is like</h1>" in html
        assert '<time datetime="2026-03-09">March 9, 2026</time>' in html
        assert "A patient walks us through the day." in html
        assert '<h2 class="block-heading">Arriving</h2>' in html
        assert "You are met at the door." in html
        assert '<li><a href="/articles/">Articles</a></li>' in html

    def test_shows_title_standfirst_date_and_author(self, client, make_article, author):
        make_article(
            "Ketamine and sleep",
            date=datetime.date(2026, 2, 3),
            intro="What the research says about sleep.",
            author=author,
        )

        html = soup(client.get("/articles/ketamine-and-sleep/"))

        header = html.select_one("header.page-header")
        assert header.h1.get_text(strip=True) == "Ketamine and sleep"
        assert header.select_one("p.lead").get_text(strip=True) == "What the research says about sleep."
        assert header.time["datetime"] == "2026-02-03"
        assert header.time.get_text(strip=True) == "February 3, 2026"
        meta = " ".join(header.select_one(".card__meta").get_text().split())
        assert meta == "February 3, 2026 · 1 min read · By Jane Roe, MD, PhD"
        assert "Jane bio." in html.select_one("aside.author").get_text()

    def test_without_author_there_is_no_byline(self, client, make_article):
        make_article("Anonymous")

        meta = soup(client.get("/articles/anonymous/")).select_one("header .card__meta").get_text()

        assert "By" not in meta
        assert "1 min read" in meta

    @pytest.mark.parametrize(
        ("intro_words", "body_words", "minutes"),
        [
            (5, 0, 1),
            (100, 0, 1),
            (300, 0, 2),
            (10, 590, 3),
            (100, 900, 5),
            (200, 1800, 10),
        ],
    )
    def test_reading_time_counts_standfirst_and_body_at_200_words_a_minute(
        self, client, make_article, intro_words, body_words, minutes
    ):
        body = []
        if body_words:
            half = body_words // 2
            body = [
                text_block("<p>" + "word " * half + "</p>"),
                text_block("<p><b>" + "other " * (body_words - half) + "</b></p>"),
            ]
        article = make_article("Long read", intro="word " * intro_words, body=body)

        assert article.reading_time == minutes
        meta = soup(client.get("/articles/long-read/")).select_one("header .card__meta").get_text()
        assert f"{minutes} min read" in " ".join(meta.split())

    def test_reading_time_ignores_markup(self, make_article):
        body = [text_block('<p><a href="https://example.com/a/very/long/link">two words</a></p>' * 200)]

        assert make_article(intro="x", body=body).reading_time == 2  # 401 words

    def test_hero_image_is_a_picture_with_modern_formats(self, client, make_article, make_image):
        image = make_image(description="Unused description", size=(1600, 900))
        make_article("Pictured", hero_image=image, hero_alt="A nurse talks with a patient")

        figure = soup(client.get("/articles/pictured/")).select_one("figure.article__hero")

        picture = figure.picture
        assert picture is not None
        source_types = [source["type"] for source in picture.find_all("source")]
        assert source_types == ["image/avif", "image/webp"]
        for source in picture.find_all("source"):
            assert len(source["srcset"].split(",")) == 3
        img = picture.img
        assert img["alt"] == "A nurse talks with a patient"
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert int(img["width"]) * 9 == int(img["height"]) * 16
        assert img["src"].endswith(".jpg")
        assert "sizes" in img.attrs

    def test_hero_alt_defaults_to_the_image_description(self, client, make_article, make_image):
        make_article("Described", hero_image=make_image(description="A quiet treatment room"))

        img = soup(client.get("/articles/described/")).select_one("figure.article__hero img")

        assert img["alt"] == "A quiet treatment room"

    def test_no_hero_image_no_figure(self, client, make_article):
        make_article("Plain")

        assert soup(client.get("/articles/plain/")).select_one("figure.article__hero") is None

    def test_hero_image_without_any_alt_text_is_invalid(self, make_article, make_image):
        article = make_article("Undescribed")
        article.hero_image = make_image(description="")
        article.hero_alt = ""

        with pytest.raises(ValidationError) as excinfo:
            article.full_clean()

        assert "hero_alt" in excinfo.value.message_dict
        assert "Describe the hero image" in excinfo.value.message_dict["hero_alt"][0]

    @pytest.mark.parametrize(
        ("alt", "description"), [("A doctor", ""), ("", "A doctor"), ("A doctor", "Other")]
    )
    def test_hero_image_with_alt_or_description_is_valid(self, make_article, make_image, alt, description):
        article = make_article("Described")
        article.hero_image = make_image(description=description)
        article.hero_alt = alt

        article.full_clean()
        assert article.hero_alt_text == (alt or description)


class TestRelatedArticles:
    def related_titles(self, client, url):
        return card_titles(soup(client.get(url)), scope="section.related-articles")

    def test_shares_a_condition_or_a_tag_newest_first_at_most_three(
        self, client, make_article, alcohol, depression
    ):
        this = tag(make_article("This article", date=day(50), conditions=[alcohol]), "Sleep")
        make_article("Same condition old", date=day(1), conditions=[alcohol])
        make_article("Same condition", date=day(10), conditions=[alcohol, depression])
        tag(make_article("Same tag", date=day(20)), "Sleep")
        make_article("Same condition newest", date=day(30), conditions=[alcohol])
        make_article("Other condition", date=day(60), conditions=[depression])
        make_article("Nothing shared", date=day(70))

        expected = ["Same condition newest", "Same tag", "Same condition"]
        assert self.related_titles(client, this.url) == expected
        assert [a.title for a in this.related_articles()] == expected

    def test_never_itself_drafts_or_private(self, client, make_article, alcohol):
        this = make_article("This article", date=day(1), conditions=[alcohol])
        make_article("Draft", date=day(2), conditions=[alcohol], live=False)
        make_private(make_article("Private", date=day(3), conditions=[alcohol]))
        make_article("Public", date=day(4), conditions=[alcohol])

        assert self.related_titles(client, this.url) == ["Public"]

    def test_shared_condition_and_tag_lists_an_article_once(self, client, make_article, alcohol):
        this = tag(make_article("This article", conditions=[alcohol]), "Sleep", "Research")
        tag(make_article("Other", conditions=[alcohol]), "Sleep", "Research")

        assert self.related_titles(client, this.url) == ["Other"]

    def test_nothing_shared_no_section(self, client, make_article, alcohol):
        this = make_article("This article")
        make_article("Other", conditions=[alcohol])

        assert soup(client.get(this.url)).select_one("section.related-articles") is None
        assert this.related_articles() == []

    def test_query_count_does_not_grow_with_the_related_articles(
        self, client, make_article, alcohol, make_image
    ):
        author = PersonFactory()
        this = make_article("This article", date=day(100), conditions=[alcohol])

        def add(i):
            make_article(
                f"Article {i}",
                date=day(i),
                conditions=[alcohol],
                author=author,
                hero_image=make_image(),
                hero_alt="A",
            )

        add(1)
        with_one, html = count_queries(client, this.url)
        assert card_titles(html, scope="section.related-articles") == ["Article 1"]
        for i in range(2, 6):
            add(i)
        with_five, html = count_queries(client, this.url)
        assert card_titles(html, scope="section.related-articles") == ["Article 5", "Article 4", "Article 3"]

        assert with_five == with_one
