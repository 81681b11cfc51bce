"""Every public view, every query parameter, every value of the nasty-input corpus: never a 500.

The site is built once for the module (inside a transaction rolled back at the end); each
request then runs in its own savepoint, as any test does. Filters must still give a sane
page: the listing or search form with its content, or a 404 for a topic that does not exist.
"""

import datetime
from urllib.parse import quote, quote_from_bytes

from django.db import transaction
from django.test import Client

from wagtail.models import Page, PageViewRestriction, Site

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conditions.tests.factories import ConditionIndexPageFactory, ConditionPageFactory
from home.tests.factories import ConditionFactory, HomePageFactory
from home.tests.nasty_input import QUERY_VALUES, query_string
from stories.tests.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db

ARTICLES = 14  # more than one page of the article index (12 a page)
SEARCH_FORM = '<form class="search-form" action="/search/" method="get" role="search"'


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The pages every public view needs, made once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        home = HomePageFactory(parent=root)
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
        depression = ConditionFactory(name="Depression", slug="depression")
        condition_index = ConditionIndexPageFactory(parent=home)
        ConditionPageFactory(
            parent=condition_index,
            title="Ketamine for Depression",
            slug="ketamine-for-depression",
            condition=depression,
            body=[
                {
                    "type": "related_articles",
                    "value": {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3},
                }
            ],
        )
        article_index = ArticleIndexPageFactory(parent=home)
        for n in range(ARTICLES):
            article = ArticlePageFactory(
                parent=article_index,
                title=f"Depression article {n}",
                slug=f"depression-article-{n}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
                conditions=[depression],
            )
        article.tags.add("sleep")
        article.save()
        private = ArticlePageFactory(parent=article_index, title="Members only", slug="members-only")
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
        )
        yield {"restriction": restriction, "private": private}
        transaction.set_rollback(True)


def sane_article_index(response):
    """The article index: a page of cards, or a 404 for a condition or tag that does not exist."""
    if response.status_code == 404:
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and 'class="card__title"' in html


def sane_search(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert SEARCH_FORM in html
    assert "\x00" not in html


def sane_search_results(response):
    """A filter or page number that makes no sense still shows results for the query."""
    sane_search(response)
    assert 'class="search-result__title"' in response.content.decode()


def sane_suggestions(response):
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def ok(response):
    assert response.status_code == 200


def ok_or_not_found(response):
    assert response.status_code in (200, 404)


def not_found(response):
    assert response.status_code == 404


# (path, fixed query string, parameter, check). Views that read no parameter get one anyway
# (a tracking parameter, say): it must be ignored.
GET_TARGETS = [
    ("/articles/", "", "condition", sane_article_index),
    ("/articles/", "", "tag", sane_article_index),
    ("/articles/", "", "page", sane_article_index),
    ("/articles/", "condition=depression", "page", sane_article_index),
    ("/articles/", "tag=sleep", "condition", sane_article_index),
    ("/articles/feed/", "", "page", ok),
    ("/articles/feed/atom/", "", "page", ok),
    ("/search/", "", "q", sane_search),
    ("/search/", "q=depression", "type", sane_search_results),
    ("/search/", "q=depression", "page", sane_search_results),
    ("/search/suggest/", "", "q", sane_suggestions),
    ("/sitemap.xml", "", "p", ok_or_not_found),
    ("/robots.txt", "", "utm_source", ok),
    ("/", "", "utm_source", ok),
    ("/conditions/ketamine-for-depression/", "", "utm_source", ok),
    ("/articles/depression-article-0/", "", "utm_source", ok),
    ("/articles/members-only/", "", "next", ok),
    ("/no-such-page/", "", "q", not_found),
]


@pytest.mark.parametrize(
    ("value_id", "template"), QUERY_VALUES, ids=[value_id for value_id, _ in QUERY_VALUES]
)
@pytest.mark.parametrize(
    ("path", "fixed", "name", "check"),
    GET_TARGETS,
    ids=[f"{path}?{fixed + '&' if fixed else ''}{name}" for path, fixed, name, _ in GET_TARGETS],
)
def test_a_public_view_answers_any_query_parameter(
    site, client, path, fixed, name, check, value_id, template
):
    raw = "&".join(part for part in (fixed, query_string(name, template)) if part)

    response = client.get(path, QUERY_STRING=raw)

    assert response.status_code < 500
    check(response)


# Beyond the corpus: any text (sent percent-encoded as UTF-8), any bytes (percent-encoded, so
# not always UTF-8), and raw query strings of the characters that separate and encode.
RAW_VALUES = st.one_of(
    st.text().map(lambda text: quote(text, safe="")),
    st.binary(max_size=300).map(lambda data: quote_from_bytes(data, safe="")),
    st.text(alphabet="%&=+;#?/\\[]{}0123456789abcdefABCDEF\x00 ", max_size=60),
)


@given(target=st.sampled_from(GET_TARGETS), value=RAW_VALUES, repeated=st.booleans())
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
def test_any_value_of_any_public_parameter_is_never_a_500(site, client, target, value, repeated):
    path, fixed, name, check = target
    own = f"{name}={value}" + (f"&{name}={value}" if repeated else "")
    raw = "&".join(part for part in (fixed, own) if part)

    response = client.get(path, QUERY_STRING=raw)

    assert response.status_code < 500, (path, raw)
    check(response)


@pytest.mark.parametrize(
    ("value_id", "template"), QUERY_VALUES, ids=[value_id for value_id, _ in QUERY_VALUES]
)
@pytest.mark.parametrize("name", ["password", "return_url"])
def test_the_page_password_form_answers_any_value(site, name, value_id, template):
    restriction, page = site["restriction"], site["private"]
    other = {"password": "return_url=/articles/", "return_url": "password=wrong"}[name]
    body = f"{other}&{query_string(name, template)}"

    response = Client().post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )

    # The form again (wrong password), or on to the page.
    assert response.status_code in (200, 302)
