"""Search shows only live, public pages of the searchable types, and never a draft's words."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from home.tests.factories import StandardPageFactory
from stories.tests.support import make_private, text_block

from .support import result_urls, search_html, suggestions, urls_in

pytestmark = pytest.mark.django_db


def restrict(page):
    make_private(page, password="secret")


@pytest.fixture
def hidden_pages(make_condition, make_article, make_treatment):
    """A live, public condition page, and a page of each kind the public must not see, all about 'ibogaine'."""
    make_condition(title="Ibogaine for Addiction")
    make_condition(title="Ibogaine draft page", live=False)
    make_condition(title="Ibogaine unpublished page").unpublish()
    restrict(make_treatment(title="Ibogaine private program"))
    restrict(make_article("Ibogaine private article"))


def test_only_the_live_public_page_appears(client, hidden_pages):
    html = search_html(client, {"q": "ibogaine"})

    assert urls_in(html) == ["/conditions/ibogaine-for-addiction/"]
    for title in ["draft page", "unpublished page", "private program", "private article"]:
        assert f"Ibogaine {title}" not in html


def test_pages_under_a_private_section_do_not_appear(client, article_index, make_article, make_condition):
    make_condition(title="Ibogaine for Addiction")
    make_article("Ibogaine explained")
    restrict(article_index)

    assert result_urls(client, q="ibogaine") == ["/conditions/ibogaine-for-addiction/"]


def test_a_live_page_appears_but_its_unpublished_draft_text_never_does(client, make_condition):
    page = make_condition(
        title="Ketamine for Depression",
        intro="How ketamine may help with depression.",
        body=[text_block("<p>Published body about depression.</p>")],
    )
    page.title = "Quokka draft title"
    page.intro = "A draft intro about depression and quokkas."
    page.body = [text_block("<p>Draft body about depression and wallabies.</p>")]
    page.save_revision()

    assert result_urls(client, q="quokka") == []
    assert result_urls(client, q="wallabies") == []
    html = search_html(client, {"q": "depression"})
    assert urls_in(html) == ["/conditions/ketamine-for-depression/"]
    assert ">Ketamine for <mark>Depression</mark></a>" in html
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
        body=[text_block("<p>Published words about anhedonia.</p>")],
    )
    page.body = [text_block("<p>Unreviewed draft claim about anhedonia.</p>")]
    page.save_revision()

    html = search_html(client, {"q": "anhedonia"})

    assert "Published words about <mark>anhedonia</mark>." in html
    assert "Unreviewed" not in html


def test_other_page_types_are_not_results(client, home_page, condition_index, make_condition):
    home_page.intro = "Axolotl home page."
    home_page.save_revision().publish()
    StandardPageFactory(parent=home_page, title="Axolotl policy", intro="About axolotls.")
    condition_index.title = "Axolotl conditions"
    condition_index.save_revision().publish()

    html = search_html(client, {"q": "axolotl"})

    assert urls_in(html) == []
    assert "Nothing matches “axolotl”" in html
    assert suggestions(client, "axolotl") == []

    make_condition(title="Axolotl care")  # the same search finds a condition page
    assert result_urls(client, q="axolotl") == ["/conditions/axolotl-care/"]


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

    html = search_html(client, {"q": "ibogaine"})

    assert urls_in(html) == ["/conditions/ibogaine-for-addiction/"]
    assert "Secret promoted page" not in html
