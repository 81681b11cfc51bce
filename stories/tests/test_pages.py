"""The article list and articles, as a visitor sees them."""

import datetime

from conditions.models import ConditionIndexPage
from home.models import StandardPage
from stories.models import ArticleIndexPage, ArticlePage


def test_article_page_renders(client, make_article):
    make_article(
        title="What a first session is like",
        date=datetime.date(2026, 3, 9),
        intro="A patient walks us through the day.",
        body=[
            {"type": "heading", "value": {"text": "Arriving", "level": "h2"}},
            {"type": "text", "value": "<p>You are met at the door.</p>"},
        ],
    )

    response = client.get("/articles/what-a-first-session-is-like/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>What a first session is like | Northwest Ketamine Clinics</title>" in html
    assert "<h1>What a first session is like</h1>" in html
    assert '<time datetime="2026-03-09">March 9, 2026</time>' in html
    assert "A patient walks us through the day." in html
    assert '<h2 class="block-heading">Arriving</h2>' in html
    assert "You are met at the door." in html
    assert '<li><a href="/articles/">Articles</a></li>' in html


def test_draft_article_is_not_public(client, make_article):
    make_article(title="Not yet").unpublish()

    assert client.get("/articles/not-yet/").status_code == 404


def test_article_index_lists_live_articles_newest_first(client, make_article):
    make_article(title="Older article", date=datetime.date(2025, 1, 1))
    make_article(title="Newer article", date=datetime.date(2026, 1, 1), intro="The newest one.")
    make_article(title="Draft article").unpublish()

    response = client.get("/articles/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Articles</h1>" in html
    newer = html.index('<a href="/articles/newer-article/">Newer article</a>')
    older = html.index('<a href="/articles/older-article/">Older article</a>')
    assert newer < older
    assert "The newest one." in html
    assert "Draft article" not in html


def test_article_index_without_articles_says_so(client, article_index):
    assert "No articles are published yet." in client.get("/articles/").content.decode()


def test_article_page_goes_only_under_the_article_index(home_page, article_index, condition_index):
    assert ArticlePage.can_create_at(article_index)
    assert not ArticlePage.can_create_at(home_page)
    assert not ArticlePage.can_create_at(condition_index)
    assert set(ArticlePage.allowed_parent_page_models()) == {ArticleIndexPage}
    assert ArticlePage.allowed_subpage_models() == []


def test_the_site_has_one_article_index(home_page, article_index):
    assert not ArticleIndexPage.can_create_at(home_page)
    assert set(ArticleIndexPage.allowed_subpage_models()) == {ArticlePage}
    assert not ArticleIndexPage.can_create_at(article_index)
    assert ConditionIndexPage.can_create_at(home_page)
    assert StandardPage.can_create_at(home_page)
