"""Cards from a section: alone (to_python, clean, render, preview), on the home page (its query
count does not grow with the cards), and through the page editor."""

import datetime

from django.urls import reverse

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

import pytest

from home.blocks import BaseStreamBlock
from home.section_blocks import PageCardsBlock

from .support import body_errors, edit_page, hero, queries_to_serve, soup

pytestmark = pytest.mark.django_db

Image = get_image_model()


def raw_section(index=None, count=None, heading="", link_label=""):
    return {
        "index": index.pk if index else None,
        "heading": heading,
        "count": count,
        "link_label": link_label,
    }


def render(raw, context=None):
    block = PageCardsBlock()
    return soup(block.render(block.to_python(raw), context))


def card_titles(html):
    return [a.get_text(strip=True) for a in html.select("li.card .card__title a")]


# The block alone


def test_the_cards_are_the_sections_pages_in_its_order_with_a_link_to_it(condition_index, make_condition):
    for title in ["Ketamine for Depression", "Ketamine for Anxiety", "Ketamine for PTSD"]:
        make_condition(title, intro=f"What {title.lower()} involves.")

    html = render(raw_section(condition_index))

    assert html.find("h2").get_text(strip=True) == "Conditions"
    assert card_titles(html) == ["Ketamine for Depression", "Ketamine for Anxiety", "Ketamine for PTSD"]
    first = html.select_one("li.card")
    assert first.find("h3").a["href"] == "/conditions/ketamine-for-depression/"
    assert first.select_one(".card__text").get_text() == "What ketamine for depression involves."
    more = html.select_one(".page-cards__more a")
    assert (more.get_text(), more["href"]) == ("View all: Conditions", "/conditions/")


def test_a_condition_page_published_later_appears_by_itself(condition_index, make_condition):
    raw = raw_section(condition_index)
    make_condition("Ketamine for Depression")
    assert card_titles(render(raw)) == ["Ketamine for Depression"]

    make_condition("Ketamine for PTSD")
    draft = make_condition("Ketamine for Anxiety")
    draft.unpublish()
    private = make_condition("Ketamine for Pain")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert card_titles(render(raw)) == ["Ketamine for Depression", "Ketamine for PTSD"]


def test_articles_come_newest_first_as_many_as_asked(article_index, make_article):
    for n, title in enumerate(["Oldest", "Older", "Newer", "Newest"]):
        make_article(title, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))

    html = render(
        raw_section(article_index, count=3, heading="Latest articles", link_label="Read every article")
    )

    assert html.find("h2").get_text(strip=True) == "Latest articles"
    assert card_titles(html) == ["Newest", "Newer", "Older"]
    assert html.select_one(".page-cards__more a").get_text() == "Read every article"


def test_without_a_count_every_page_is_a_card_up_to_twelve(condition_index, make_condition):
    for n in range(13):
        make_condition(f"Condition {n:02}")
    assert len(card_titles(render(raw_section(condition_index)))) == 12
    assert len(card_titles(render(raw_section(condition_index, count=2)))) == 2


def test_a_card_shows_the_pages_image_lazily_and_as_decoration(
    condition_index, make_condition, make_article, make_image
):
    make_condition("Ketamine for Depression", body=[hero(make_image(), heading="Care for depression")])
    make_condition("Ketamine for PTSD")

    cards = render(raw_section(condition_index)).select("li.card")

    img = cards[0].select_one("picture img")
    assert img["alt"] == "" and img["loading"] == "lazy"
    assert {source["type"] for source in cards[0].select("picture source")} == {"image/avif", "image/webp"}
    assert cards[1].find("picture") is None

    article = make_article("With a hero image", hero_image=make_image(), hero_alt="A calm room")
    html = render(raw_section(article.get_parent()))
    assert html.select_one("li.card picture img")["alt"] == ""


@pytest.mark.parametrize("hide", ["unpublished", "private", "deleted"])
def test_a_section_visitors_cannot_see_renders_nothing(condition_index, make_condition, hide):
    make_condition("Ketamine for Depression")
    raw = raw_section(condition_index)
    if hide == "unpublished":
        condition_index.unpublish()
    elif hide == "private":
        PageViewRestriction.objects.create(
            page=condition_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    else:
        condition_index.delete()

    assert render(raw).get_text(strip=True) == ""


@pytest.mark.parametrize(
    "raw",
    [{}, {"index": None, "heading": "", "count": None, "link_label": ""}, {"index": 999_999}],
    ids=["empty", "blank", "deleted"],
)
def test_a_drafts_values_render_as_nothing(raw):
    assert render(raw).get_text(strip=True) == ""


def test_an_empty_section_renders_nothing_but_tells_the_editor_in_preview(condition_index, rf):
    request = rf.get("/")
    request.is_preview = True
    assert render(raw_section(condition_index)).get_text(strip=True) == ""
    assert "No cards to show" in render(raw_section(condition_index), {"request": request}).get_text()


def clean_errors(raw):
    block = PageCardsBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw))
    return excinfo.value.block_errors


def test_a_section_is_required_on_its_field(condition_index):
    assert set(clean_errors(raw_section(None))) == {"index"}
    block = PageCardsBlock()
    assert block.clean(block.to_python(raw_section(condition_index)))["index"].pk == condition_index.pk


@pytest.mark.parametrize("count", [0, 13])
def test_the_count_is_one_to_twelve(condition_index, count):
    assert set(clean_errors(raw_section(condition_index, count=count))) == {"count"}


def test_only_a_section_page_can_be_chosen(home_page, condition_index):
    # The home page is not a listing of cards.
    assert set(clean_errors({**raw_section(condition_index), "index": home_page.pk})) == {"index"}


def test_the_preview_shows_the_conditions_when_there_are_some(condition_index, article_index, make_condition):
    block = PageCardsBlock()
    assert block.is_previewable
    assert block.render(block.get_preview_value()).strip() == ""

    make_condition("Ketamine for Depression")
    preview = block.get_preview_value()
    assert card_titles(soup(block.render(preview))) == ["Ketamine for Depression"]
    assert block.clean(preview)  # a value an editor could save


def test_the_picker_offers_it_under_navigation_with_its_own_icon():
    stream = BaseStreamBlock()
    block = stream.child_blocks["page_cards"]
    assert block.meta.group == "Navigation"
    assert block.label and block.get_description()
    other_icons = {child.meta.icon for name, child in stream.child_blocks.items() if name != "page_cards"}
    assert block.meta.icon not in other_icons | {"placeholder"}


# On the home page


def test_the_home_pages_query_count_does_not_grow_with_the_cards(
    client, home_page, condition_index, article_index, make_condition, make_article, make_image
):
    home_page.body = [
        {"type": "page_cards", "value": raw_section(condition_index)},
        {"type": "page_cards", "value": raw_section(article_index, count=6)},
    ]
    home_page.save_revision().publish()

    def add_pages(numbers):
        for n in numbers:
            make_condition(
                f"Condition {n}",
                body=[hero(make_image(f"Condition image {n}"), heading="Care for depression")],
            )
            make_article(f"Article {n}", hero_image=make_image(f"Article image {n}"), hero_alt="A room")

    add_pages([1])
    client.get(home_page.url)  # the first visit makes the renditions
    response, one = queries_to_serve(client, home_page)
    assert len(soup(response.content.decode()).select("main li.card picture")) == 2

    add_pages(range(2, 7))
    client.get(home_page.url)
    response, six = queries_to_serve(client, home_page)

    assert len(soup(response.content.decode()).select("main li.card picture")) == 12
    assert six == one


# Through the page editor


def test_the_editor_sees_a_missing_section_on_its_field(superuser_client, home_page):
    response = edit_page(
        superuser_client,
        home_page,
        ("page_cards", {"index": "", "heading": "Conditions we treat", "count": "", "link_label": ""}),
    )

    assert response.status_code == 200  # the form again, with its errors
    errors = body_errors(response)["blockErrors"]["0"]["blockErrors"]
    assert set(errors) == {"index"}


def test_an_editor_publishes_the_conditions_on_the_home_page(
    superuser_client, client, home_page, condition_index, make_condition
):
    make_condition("Ketamine for Depression")

    response = edit_page(
        superuser_client,
        home_page,
        ("page_cards", {"index": str(condition_index.pk), "heading": "", "count": "", "link_label": ""}),
    )

    assert response.status_code == 302
    assert card_titles(soup(client.get(home_page.url).content.decode()).find("main")) == [
        "Ketamine for Depression"
    ]


def test_the_block_pickers_preview_shows_the_conditions(superuser_client, condition_index, make_condition):
    make_condition("Ketamine for Depression")
    block = BaseStreamBlock().child_blocks["page_cards"]

    response = superuser_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    assert card_titles(soup(response.content.decode())) == ["Ketamine for Depression"]
