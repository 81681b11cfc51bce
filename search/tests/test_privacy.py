"""Search shows only live, public pages of the searchable types, and never a draft's words."""

import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db

RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">')


def result_urls(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


def suggestions(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


@pytest.fixture
def hidden_pages(make_condition, make_article, make_treatment):
    """A live, public condition page, and a page of each kind the public must not see, all about 'ibogaine'."""
    make_condition(title="Ibogaine for Addiction")
    make_condition(title="Ibogaine draft page", live=False)
    make_condition(title="Ibogaine unpublished page").unpublish()
    restrict(make_treatment(title="Ibogaine private program"))
    restrict(make_article("Ibogaine private article"))


def test_only_the_live_public_page_appears(client, hidden_pages):
    html = client.get("/search/", {"q": "ibogaine"}).content.decode()

    assert RESULT_LINK.findall(html) == ["/conditions/ibogaine-for-addiction/"]
    for title in ["draft page", "unpublished page", "private program", "private article"]:
        assert f"Ibogaine {title}" not in html


def test_pages_under_a_private_section_do_not_appear(client, article_index, make_article, make_condition):
    make_condition(title="Ibogaine for Addiction")
    make_article("Ibogaine explained")
    restrict(article_index)

    assert result_urls(client, "ibogaine") == ["/conditions/ibogaine-for-addiction/"]


def test_a_live_page_appears_but_its_unpublished_draft_text_never_does(client, make_condition):
    page = make_condition(
        title="Ketamine for Depression",
        intro="How ketamine may help with depression.",
        body=[{"type": "text", "value": "<p>Published body about depression.</p>"}],
    )
    page.title = "Quokka draft title"
    page.intro = "A draft intro about depression and quokkas."
    page.body = [{"type": "text", "value": "<p>Draft body about depression and wallabies.</p>"}]
    page.save_revision()

    assert result_urls(client, "quokka") == []
    assert result_urls(client, "wallabies") == []
    html = client.get("/search/", {"q": "depression"}).content.decode()
    assert RESULT_LINK.findall(html) == ["/conditions/ketamine-for-depression/"]
    assert ">Ketamine for Depression</a>" in html
    assert "How ketamine may help with <mark>depression</mark>." in html
    assert "quokka" not in html.lower()
    assert "wallabies" not in html
    assert suggestions(client, "quok") == []
    assert suggestions(client, "Ketamine for D") == [
        {"title": "Ketamine for Depression", "url": "/conditions/ketamine-for-depression/"}
    ]


def test_a_live_pages_draft_stream_text_is_not_used_for_the_snippet(client, make_condition):
    page = make_condition(
        title="Ketamine for Depression",
        intro="An introduction.",
        body=[{"type": "text", "value": "<p>Published words about anhedonia.</p>"}],
    )
    page.body = [{"type": "text", "value": "<p>Unreviewed draft claim about anhedonia.</p>"}]
    page.save_revision()

    html = client.get("/search/", {"q": "anhedonia"}).content.decode()

    assert "Published words about <mark>anhedonia</mark>." in html
    assert "Unreviewed" not in html


def test_other_page_types_are_not_results(client, home_page, condition_index, make_condition):
    home_page.intro = "Axolotl home page."
    home_page.save_revision().publish()
    home_page.add_child(instance=StandardPage(title="Axolotl policy", slug="policy", intro="About axolotls."))
    condition_index.title = "Axolotl conditions"
    condition_index.save_revision().publish()

    html = client.get("/search/", {"q": "axolotl"}).content.decode()

    assert RESULT_LINK.findall(html) == []
    assert "Nothing matches “axolotl”" in html
    assert suggestions(client, "axolotl") == []

    make_condition(title="Axolotl care")  # the same search finds a condition page
    assert result_urls(client, "axolotl") == ["/conditions/axolotl-care/"]


def test_suggest_returns_titles_and_urls_of_live_public_pages_only(client, hidden_pages, make_article):
    make_article("Ibogaine: the evidence so far")

    found = suggestions(client, "ibog")

    assert sorted(found, key=lambda item: item["title"]) == [
        {"title": "Ibogaine for Addiction", "url": "/conditions/ibogaine-for-addiction/"},
        {"title": "Ibogaine: the evidence so far", "url": "/articles/ibogaine-the-evidence-so-far/"},
    ]


@pytest.mark.parametrize("query", ["", "i", " i ", "\x00i", "\t"])
def test_suggest_returns_nothing_for_queries_under_two_characters(client, make_condition, query):
    make_condition(title="Ibogaine for Addiction")

    assert suggestions(client, query) == []


def test_suggest_answers_from_two_characters(client, make_condition):
    make_condition(title="Ibogaine for Addiction")

    assert suggestions(client, "ib") == [
        {"title": "Ibogaine for Addiction", "url": "/conditions/ibogaine-for-addiction/"}
    ]


def test_suggest_refuses_post(client, make_condition):
    make_condition(title="Ibogaine for Addiction")

    assert client.post("/search/suggest/", {"q": "ibogaine"}).status_code == 405


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_a_promoted_page_that_is_not_live_and_public_is_not_shown(client, make_condition, hide):
    make_condition(title="Ibogaine for Addiction")
    promoted = make_condition(title="Secret promoted page")
    if hide == "unpublish":
        promoted.unpublish()
    else:
        restrict(promoted)
    SearchPromotion.objects.create(query=Query.get("ibogaine"), page=promoted, sort_order=0)

    html = client.get("/search/", {"q": "ibogaine"}).content.decode()

    assert RESULT_LINK.findall(html) == ["/conditions/ibogaine-for-addiction/"]
    assert "Secret promoted page" not in html
