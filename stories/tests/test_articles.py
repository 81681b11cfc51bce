"""Articles as a visitor reads them: the index, its filters and pages, an article, and query counts."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from stories.models import Person
from stories.models.articles import ARTICLES_PER_PAGE, LISTING_IMAGES

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def card_titles(page_soup):
    return [a.get_text(strip=True) for a in page_soup.select("ul.cards li.card .card__title a")]


def day(n):
    return START + datetime.timedelta(days=n)


@pytest.fixture
def media(settings, tmp_path):
    """Images and renditions are written to a temporary folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_image(media):
    counter = iter(range(1, 100_000))

    def make(description="", size=(64, 36)):
        n = next(counter)
        return get_image_model().objects.create(
            title=f"Image {n}", description=description, file=get_test_image_file(f"image-{n}.png", size=size)
        )

    return make


@pytest.fixture
def author(db):
    return Person.objects.create(
        name="Jane Roe", credentials="MD, PhD", role="Medical director", bio="Jane bio."
    )


@pytest.fixture
def numbered_articles(make_article):
    """make(n): n live articles, 'Article 1' the oldest; returns titles newest first."""

    def make(n, **fields):
        for i in range(1, n + 1):
            make_article(f"Article {i}", date=day(i), **fields)
        return [f"Article {i}" for i in range(n, 0, -1)]

    return make


class TestIndexListing:
    def test_lists_newest_first(self, client, make_article):
        make_article("Middle", date=datetime.date(2026, 2, 1))
        make_article("Oldest", date=datetime.date(2025, 6, 1))
        make_article("Newest", date=datetime.date(2026, 4, 1))

        assert card_titles(soup(client.get("/articles/"))) == ["Newest", "Middle", "Oldest"]

    def test_same_date_lists_the_later_created_first(self, client, make_article):
        make_article("First written", date=datetime.date(2026, 1, 1))
        make_article("Second written", date=datetime.date(2026, 1, 1))

        assert card_titles(soup(client.get("/articles/"))) == ["Second written", "First written"]

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
        unpublished = make_article("Unpublished", date=day(3))
        unpublished.unpublish()
        private = make_article("Private", date=day(4))
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        secret = make_article("Password protected", date=day(5))
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )

        html = soup(client.get("/articles/"))

        assert card_titles(html) == ["Public"]
        for title in ("Draft", "Unpublished", "Private", "Password protected"):
            assert title not in html.get_text()

    def test_private_articles_are_not_counted_in_pagination(self, client, make_article, numbered_articles):
        numbered_articles(ARTICLES_PER_PAGE)
        private = make_article("Private", date=day(100))
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        html = soup(client.get("/articles/"))

        assert "Private" not in card_titles(html)
        assert html.select_one(".pagination") is None


class TestIndexFilters:
    @pytest.fixture
    def alcohol(self, make_condition):
        return make_condition("Alcohol use disorder", slug="alcohol")

    @pytest.fixture
    def depression(self, make_condition):
        return make_condition("Depression", slug="depression")

    def tag(self, article, *names):
        article.tags.add(*names)
        article.save()
        return article

    def test_condition_filters(self, client, make_article, alcohol, depression):
        make_article("About alcohol", date=day(1), conditions=[alcohol])
        make_article("About both", date=day(2), conditions=[alcohol, depression])
        make_article("About depression", date=day(3), conditions=[depression])
        make_article("About nothing", date=day(4))

        html = soup(client.get("/articles/?condition=alcohol"))

        assert card_titles(html) == ["About both", "About alcohol"]
        assert html.h1.get_text(strip=True) == "Articles: Alcohol use disorder"
        assert html.select_one('.filters a[aria-current="page"]')["href"] == "?condition=alcohol"

    def test_tag_filters(self, client, make_article):
        self.tag(make_article("Tagged sleep", date=day(1)), "Sleep")
        self.tag(make_article("Tagged both", date=day(2)), "Sleep", "Research")
        self.tag(make_article("Tagged research", date=day(3)), "Research")
        make_article("Untagged", date=day(4))

        html = soup(client.get("/articles/?tag=sleep"))

        assert card_titles(html) == ["Tagged both", "Tagged sleep"]
        assert html.h1.get_text(strip=True) == "Articles: Sleep"

    def test_filter_lists_each_article_once(self, client, make_article, alcohol, depression):
        make_article("About both", conditions=[alcohol, depression])

        assert card_titles(soup(client.get("/articles/?condition=depression"))) == ["About both"]

    def test_filter_hides_drafts_and_private_articles(self, client, make_article, alcohol):
        make_article("Public", date=day(1), conditions=[alcohol])
        make_article("Draft", date=day(2), conditions=[alcohol], live=False)
        private = make_article("Private", date=day(3), conditions=[alcohol])
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

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
            self.tag(make_article(f"Sleep {i}", date=day(i)), "Sleep")
        make_article("Untagged", date=day(100))

        first = soup(client.get("/articles/?tag=sleep"))
        next_href = first.select_one('.pagination a[rel="next"]')["href"]
        assert next_href == "?tag=sleep&page=2"

        assert card_titles(soup(client.get("/articles/" + next_href))) == ["Sleep 1"]

    @pytest.mark.parametrize("query", ["condition=no-such-condition", "tag=no-such-tag"])
    def test_unknown_slug_is_not_found(self, client, article_index, alcohol, query):
        assert client.get(f"/articles/?{query}").status_code == 404

    def test_filter_links_list_conditions_and_tags_in_use(self, client, make_article, alcohol, depression):
        self.tag(make_article("About alcohol", conditions=[alcohol]), "Sleep")

        links = {a["href"] for a in soup(client.get("/articles/")).select(".filters a")}

        assert links == {"/articles/", "?condition=alcohol", "?tag=sleep"}


class TestIndexQueryCount:
    def test_query_count_does_not_grow_with_the_articles(self, client, make_article, make_image):
        """200 articles with authors and hero images: the index runs as many queries as with 2."""
        started = time.monotonic()
        people = [Person.objects.create(name=f"Author {n}", credentials="MD") for n in range(5)]

        def add(i):
            make_article(
                f"Article {i}", date=day(i), author=people[i % 5], hero_image=make_image(), hero_alt="A"
            )

        def count(url):
            client.get(url)  # warm-up: renditions, site root paths
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            return len(queries), response

        for i in range(1, 3):
            add(i)
        with_two, response = count("/articles/")
        assert card_titles(soup(response)) == ["Article 2", "Article 1"]
        assert len(soup(response).select("ul.cards img.card__image")) == 2

        for i in range(3, 201):
            add(i)
        with_200, response = count("/articles/")
        html = soup(response)
        assert len(card_titles(html)) == 12
        assert len(html.select("ul.cards img.card__image")) == 12
        assert "Author 0" in html.get_text()
        page_five, response = count("/articles/?page=5")
        assert card_titles(soup(response))[0] == "Article 152"

        print(f"article index queries: 2 articles {with_two}, 200 articles {with_200}, page 5 {page_five}")
        assert with_200 == with_two
        assert page_five == with_two
        # Each card's image in AVIF, WebP and JPEG: one rendition each, made once.
        renditions = get_image_model().get_rendition_model().objects
        for spec in LISTING_IMAGES:
            assert renditions.filter(filter_spec=spec).count() == 2 + 12 + 12
        assert time.monotonic() - started < 60


class TestArticlePage:
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
        ("excerpt_words", "body_words", "minutes"),
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
        self, client, make_article, excerpt_words, body_words, minutes
    ):
        body = []
        if body_words:
            half = body_words // 2
            body = [
                {"type": "text", "value": "<p>" + "word " * half + "</p>"},
                {"type": "text", "value": "<p><b>" + "other " * (body_words - half) + "</b></p>"},
            ]
        article = make_article("Long read", intro="word " * excerpt_words, body=body)

        assert article.reading_time == minutes
        meta = soup(client.get("/articles/long-read/")).select_one("header .card__meta").get_text()
        assert f"{minutes} min read" in " ".join(meta.split())

    def test_reading_time_ignores_markup(self, make_article):
        body = [
            {
                "type": "text",
                "value": '<p><a href="https://example.com/a/very/long/link">two words</a></p>' * 200,
            }
        ]

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
        section = soup(client.get(url)).select_one("section.related-articles")
        if section is None:
            return []
        return [a.get_text(strip=True) for a in section.select(".card__title a")]

    def test_shares_a_condition_or_a_tag_newest_first_at_most_three(
        self, client, make_article, make_condition
    ):
        alcohol = make_condition("Alcohol", slug="alcohol")
        depression = make_condition("Depression", slug="depression")
        this = make_article("This article", date=day(50), conditions=[alcohol])
        this.tags.add("Sleep")
        this.save()
        make_article("Same condition old", date=day(1), conditions=[alcohol])
        make_article("Same condition", date=day(10), conditions=[alcohol, depression])
        tagged = make_article("Same tag", date=day(20))
        tagged.tags.add("Sleep")
        tagged.save()
        make_article("Same condition newest", date=day(30), conditions=[alcohol])
        make_article("Other condition", date=day(60), conditions=[depression])
        make_article("Nothing shared", date=day(70))

        assert self.related_titles(client, this.url) == [
            "Same condition newest",
            "Same tag",
            "Same condition",
        ]
        assert [a.title for a in this.related_articles()] == [
            "Same condition newest",
            "Same tag",
            "Same condition",
        ]

    def test_never_itself_drafts_or_private(self, client, make_article, make_condition):
        alcohol = make_condition("Alcohol", slug="alcohol")
        this = make_article("This article", date=day(1), conditions=[alcohol])
        make_article("Draft", date=day(2), conditions=[alcohol], live=False)
        private = make_article("Private", date=day(3), conditions=[alcohol])
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        make_article("Public", date=day(4), conditions=[alcohol])

        assert self.related_titles(client, this.url) == ["Public"]

    def test_shared_condition_and_tag_lists_an_article_once(self, client, make_article, make_condition):
        alcohol = make_condition("Alcohol", slug="alcohol")
        this = make_article("This article", conditions=[alcohol])
        other = make_article("Other", conditions=[alcohol])
        for article in (this, other):
            article.tags.add("Sleep", "Research")
            article.save()

        assert self.related_titles(client, this.url) == ["Other"]

    def test_nothing_shared_no_section(self, client, make_article, make_condition):
        alcohol = make_condition("Alcohol", slug="alcohol")
        this = make_article("This article")
        make_article("Other", conditions=[alcohol])

        assert soup(client.get(this.url)).select_one("section.related-articles") is None
        assert this.related_articles() == []


class TestRelatedArticlesQueryCount:
    @pytest.mark.parametrize(
        "with_media",
        [False, True],
        ids=["plain", "author-and-image"],
    )
    def test_condition_page_latest_articles_query_count_does_not_grow(
        self, client, make_article, make_condition, make_image, with_media
    ):
        """A condition page listing its latest articles runs as many queries with 200 related
        articles as with 1."""
        condition = make_condition(
            "Alcohol",
            slug="alcohol",
            body=[
                {
                    "type": "related_articles",
                    "value": {"heading": "Latest", "mode": "latest", "articles": [], "count": 3},
                }
            ],
        )
        people = [Person.objects.create(name=f"Author {n}", credentials="MD") for n in range(5)]

        def add(i):
            media = (
                {"author": people[i % 5], "hero_image": make_image(), "hero_alt": "A"} if with_media else {}
            )
            make_article(f"Article {i}", date=day(i), conditions=[condition], **media)

        def count():
            client.get(condition.url)  # warm-up: renditions, site root paths
            with CaptureQueriesContext(connection) as queries:
                response = client.get(condition.url)
            section = soup(response).select_one("section.related-articles")
            return len(queries), [a.get_text(strip=True) for a in section.select(".card__title a")]

        add(1)
        with_one, titles = count()
        assert titles == ["Article 1"]

        for i in range(2, 201):
            add(i)
        with_200, titles = count()
        assert titles == ["Article 200", "Article 199", "Article 198"]

        print(f"condition page queries ({with_media=}): 1 related article {with_one}, 200 related {with_200}")
        assert with_200 == with_one

    def test_article_page_related_articles_query_count_does_not_grow(
        self, client, make_article, make_condition, make_image
    ):
        condition = make_condition("Alcohol", slug="alcohol")
        author = Person.objects.create(name="Jane Roe", credentials="MD")
        this = make_article("This article", date=day(100), conditions=[condition])

        def add(i):
            make_article(
                f"Article {i}",
                date=day(i),
                conditions=[condition],
                author=author,
                hero_image=make_image(),
                hero_alt="A",
            )

        def count():
            client.get(this.url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(this.url)
            section = soup(response).select_one("section.related-articles")
            return len(queries), [a.get_text(strip=True) for a in section.select(".card__title a")]

        add(1)
        with_one, titles = count()
        assert titles == ["Article 1"]
        for i in range(2, 11):
            add(i)
        with_ten, titles = count()
        assert titles == ["Article 10", "Article 9", "Article 8"]

        print(f"article page queries: 1 related article {with_one}, 10 related {with_ten}")
        assert with_ten == with_one
