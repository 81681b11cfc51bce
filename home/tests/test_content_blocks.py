"""The FAQ, table and card-grid blocks: alone, on a page, and through the admin."""

import json
from decimal import Decimal

from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

import pytest

from home.blocks import BaseStreamBlock
from home.content_blocks import CardGridBlock, FAQBlock, TableBlock

from .factories import StandardPageFactory
from .support import form_value, html_errors, queries_to_serve, soup


def raw_faq(*items, heading="Questions"):
    """A FAQ block's raw value; `items` are (question, answer HTML) pairs."""
    return {"heading": heading, "items": [{"question": q, "answer": a} for q, a in items]}


def raw_table(caption="Fees", row_headers=True, rows=(("Consultation", "0"), ("Infusion", "450"))):
    return {
        "row_headers": row_headers,
        "table": {
            "caption": caption,
            "columns": [{"type": "text", "heading": "Service"}, {"type": "numeric", "heading": "Fee"}],
            "rows": [{"values": list(row)} for row in rows],
        },
    }


def raw_card(heading="Consultation", text="A free call.", image=None, page=None, link_url=""):
    return {"image": image, "heading": heading, "text": text, "page": page, "link_url": link_url}


def raw_cards(*cards, heading="What to expect"):
    return {"heading": heading, "cards": list(cards)}


def ld_scripts(html):
    return [
        json.loads(script.string)
        for script in soup(html.decode()).find_all("script", type="application/ld+json")
    ]


def faq_pages(html):
    return [data for data in ld_scripts(html) if data.get("@type") == "FAQPage"]


# The blocks alone


class TestFAQBlock:
    def test_renders_each_question_as_a_disclosure_widget(self):
        block = FAQBlock()
        value = block.to_python(raw_faq(("Is it covered?", "<p>Some plans <b>cover</b> it.</p>")))
        html = soup(block.render(value))
        assert html.find("h2").get_text() == "Questions"
        details = html.find_all("details")
        assert len(details) == 1
        assert details[0].summary.get_text() == "Is it covered?"
        assert details[0].find("b").get_text() == "cover"

    def test_question_and_answer_are_required(self):
        block = FAQBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_faq(("", ""))))
        item_errors = excinfo.value.block_errors["items"]
        assert isinstance(item_errors, ListBlockValidationError)
        assert set(item_errors.block_errors[0].block_errors) == {"question", "answer"}

    def test_an_answer_of_empty_paragraphs_is_missing(self):
        block = FAQBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_faq(("Is it covered?", "<p> </p><p></p>"))))
        assert set(excinfo.value.block_errors["items"].block_errors[0].block_errors) == {"answer"}

    def test_a_draft_item_without_its_answer_is_not_shown(self):
        block = FAQBlock()
        value = block.to_python(raw_faq(("Half written?", ""), ("Done?", "<p>Yes.</p>")))
        html = soup(block.render(value))
        assert [summary.get_text() for summary in html.find_all("summary")] == ["Done?"]
        assert [item["name"] for item in value.structured_data()] == ["Done?"]

    def test_nothing_is_rendered_without_an_answered_question(self):
        block = FAQBlock()
        assert block.render(block.to_python(raw_faq(("", "<p>Orphan answer.</p>")))).strip() == ""

    def test_new_questions_start_open(self):
        assert FAQBlock().child_blocks["items"].meta.collapsed is False

    def test_preview_renders(self):
        block = FAQBlock()
        assert len(soup(block.render(block.get_preview_value())).find_all("details")) == 2


class TestTableBlock:
    def test_renders_a_table_with_caption_and_headers(self):
        block = TableBlock()
        value = block.to_python(raw_table())
        assert value["table"].row_data[1]["values"][1] == Decimal("450")
        html = soup(block.render(value))
        table = html.find("table")
        assert table.caption.get_text() == "Fees"
        assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
        first_row = table.tbody.find("tr")
        assert first_row.find("th", scope="row").get_text() == "Consultation"
        assert first_row.find("td").get_text() == "0"
        region = html.find(role="region")
        assert region["tabindex"] == "0" and region["aria-label"] == "Fees"

    def test_without_row_headers_every_body_cell_is_data(self):
        block = TableBlock()
        html = soup(block.render(block.to_python(raw_table(row_headers=False))))
        assert html.tbody.find("th") is None
        assert len(html.tbody.find_all("td")) == 4

    def test_caption_is_required(self):
        block = TableBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_table(caption=" ")))
        assert set(excinfo.value.block_errors) == {"table"}
        assert "caption" in str(excinfo.value.block_errors["table"].non_block_errors)
        assert block.clean(block.to_python(raw_table()))["table"].caption == "Fees"

    def test_rich_text_cells_cannot_hold_raw_html(self):
        block = TableBlock()
        raw = raw_table()
        raw["table"]["columns"].append({"type": "rich_text", "heading": "Notes"})
        for row in raw["table"]["rows"]:
            row["values"].append("<p>Paid <b>on the day</b>.</p>")
        html = soup(block.render(block.to_python(raw)))
        assert html.tbody.find("b").get_text() == "on the day"
        table_block = block.child_blocks["table"]
        assert set(table_block.child_blocks) == {"text", "numeric", "rich_text"}
        assert table_block.child_blocks["rich_text"].features == ["bold", "italic", "link"]

    def test_preview_renders(self):
        block = TableBlock()
        assert soup(block.render(block.get_preview_value())).find("caption").get_text() == "Fees"


@pytest.fixture
def image(db):
    return get_image_model().objects.create(
        title="Calm room", file=get_test_image_file_jpeg("calm.jpg", size=(960, 540))
    )


class TestCardGridBlock:
    def test_renders_cards_with_decorative_image_and_link(self, home_page, image):
        page = StandardPageFactory(parent=home_page, title="Book")
        block = CardGridBlock()
        value = block.to_python(
            raw_cards(raw_card(image=image.pk, page=page.pk), raw_card(heading="Therapy", text=""))
        )
        html = soup(block.render(value))
        assert html.find("h2").get_text() == "What to expect"
        cards = html.find_all("li")
        assert cards[0].find("h3").a["href"] == page.url
        img = cards[0].find("img")
        assert (
            img["alt"] == "" and img["loading"] == "lazy" and img["width"] == "480" and img["height"] == "270"
        )
        assert cards[1].find("a") is None and cards[1].find("p") is None
        assert "card-grid--2" in html.find("section")["class"]

    def test_a_page_visitors_cannot_see_is_not_linked(self, home_page):
        page = StandardPageFactory(parent=home_page, title="Members")
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        block = CardGridBlock()
        html = soup(block.render(block.to_python(raw_cards(raw_card(page=page.pk)))))
        assert html.find("a") is None
        assert html.find("h3").get_text() == "Consultation"

    def test_without_a_heading_cards_are_sections(self):
        block = CardGridBlock()
        html = soup(block.render(block.to_python(raw_cards(raw_card(), heading=""))))
        assert html.find("h3") is None and html.find("h2").get_text() == "Consultation"

    def test_one_to_six_cards(self):
        block = CardGridBlock()
        assert len(block.clean(block.to_python(raw_cards(*[raw_card()] * 6)))["cards"]) == 6
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_cards(*[raw_card()] * 7)))
        assert "6" in str(excinfo.value.block_errors["cards"].non_block_errors)
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(raw_cards()))

    def test_a_link_is_a_page_or_an_address_or_nothing(self, home_page):
        block = CardGridBlock()
        block.clean(block.to_python(raw_cards(raw_card())))
        block.clean(block.to_python(raw_cards(raw_card(link_url="https://example.com/"))))
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(
                block.to_python(raw_cards(raw_card(page=home_page.pk, link_url="https://example.com/")))
            )
        card_errors = excinfo.value.block_errors["cards"].block_errors[0]
        assert set(card_errors.block_errors) == {"link_url"}

    def test_new_cards_start_open(self):
        assert CardGridBlock().child_blocks["cards"].meta.collapsed is False

    def test_preview_renders(self):
        block = CardGridBlock()
        assert len(soup(block.render(block.get_preview_value())).find_all("li")) == 3


def test_the_table_editor_is_served():
    # The editor's script comes from Wagtail's app, found only when the app is installed.
    assert finders.find("typed_table_block/js/typed_table_block.js")


def test_each_block_has_its_own_icon_and_picker_group():
    # Every page type's stream, so an icon of a domain block (the evidence table's) counts too.
    icons = {
        (name, child.meta.icon)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
        for name, child in field.stream_block.child_blocks.items()
    }
    stream = BaseStreamBlock()
    for name, group in [("faq", "Text"), ("table", "Text"), ("card_grid", "Navigation")]:
        child = stream.child_blocks[name]
        assert child.meta.group == group
        assert {other for other, icon in icons if icon == child.meta.icon} == {name}
        assert child.meta.description and child.meta.label


# On a page


@pytest.fixture
def make_page(home_page):
    def make(body):
        return StandardPageFactory(parent=home_page, body=json.dumps(body))

    return make


def faq(*items, heading="Questions"):
    return {"type": "faq", "value": raw_faq(*items, heading=heading)}


def test_faq_page_json_ld_gathers_every_faq_block(client, make_page):
    page = make_page(
        [
            faq(("Is it covered?", "<p>Some <b>plans</b> cover it.</p>")),
            {"type": "table", "value": raw_table()},
            faq(("How long?", "<p>Two hours.</p>"), ("Not answered yet?", "")),
        ]
    )
    (data,) = faq_pages(client.get(page.url).content)
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Is it covered?",
            "acceptedAnswer": {"@type": "Answer", "text": "Some plans cover it."},
        },
        {
            "@type": "Question",
            "name": "How long?",
            "acceptedAnswer": {"@type": "Answer", "text": "Two hours."},
        },
    ]


def test_no_faq_page_json_ld_without_an_answered_question(client, make_page):
    assert faq_pages(client.get(make_page([{"type": "table", "value": raw_table()}]).url).content) == []
    assert faq_pages(client.get(make_page([faq(("Draft?", ""))]).url).content) == []


def test_query_count_does_not_grow_with_the_blocks(client, make_page, home_page):
    linked = StandardPageFactory(parent=home_page, title="Book")
    images = [
        get_image_model().objects.create(title=f"Room {i}", file=get_test_image_file_jpeg(f"room{i}.jpg"))
        for i in range(5)
    ]

    def body(count):
        return [
            item
            for image in images[:count]
            for item in (
                {
                    "type": "card_grid",
                    "value": raw_cards(
                        raw_card(image=image.pk, page=linked.pk), raw_card(link_url="https://example.com/")
                    ),
                },
                faq(("Is it covered?", "<p>Some plans.</p>")),
                {"type": "table", "value": raw_table()},
            )
        ]

    one, five = make_page(body(1)), make_page(body(5))
    # The first requests make the renditions.
    queries_to_serve(client, one)[1], queries_to_serve(client, five)[1]
    assert queries_to_serve(client, five)[1] == queries_to_serve(client, one)[1]


# Through the admin


def test_the_editor_sees_a_missing_answer_on_its_field(superuser_client, make_page):
    page = make_page([])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="page-edit-form")
    stream = BaseStreamBlock()
    body = [("faq", form_value(stream.child_blocks["faq"], raw_faq(("Is it covered?", ""))))]
    values = nested_form_data({"title": page.title, "slug": page.slug, "body": streamfield(body)})
    values["action-publish"] = "action-publish"
    for name, value in values.items():
        data[name] = value
    response = superuser_client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    widget = soup(response.content.decode()).find("div", attrs={"data-controller": "w-block", "id": "body"})
    _, errors = json.loads(widget["data-w-block-arguments-value"])
    item_errors = errors["blockErrors"]["0"]["blockErrors"]["items"]["blockErrors"]["0"]["blockErrors"]
    assert set(item_errors) == {"answer"}
    assert item_errors["answer"]["messages"] == ["This field is required."]


def test_a_page_with_every_content_block_is_valid_html(client, make_page, image, tmp_path):
    rich = raw_table()
    rich["table"]["columns"].append({"type": "rich_text", "heading": "Notes"})
    for row in rich["table"]["rows"]:
        row["values"].append("<p>Paid <b>on the day</b>.</p>")
    page = make_page(
        [
            faq(("Is it covered?", "<p>Some plans.</p><ul><li>Ask us.</li></ul>")),
            {"type": "table", "value": rich},
            {"type": "table", "value": raw_table(row_headers=False)},
            {
                "type": "card_grid",
                "value": raw_cards(raw_card(image=image.pk), raw_card(link_url="https://example.com/")),
            },
            {"type": "card_grid", "value": raw_cards(raw_card(), heading="")},
        ]
    )
    assert html_errors(client.get(page.url).content, tmp_path) == []
