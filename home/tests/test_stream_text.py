"""stream_text: the typed text of a stream, decided by block class, read without a query.

The blocks here are throwaway ones built for the tests, so the tests do not
depend on how the site's own blocks are arranged.
"""

from wagtail import blocks
from wagtail.blocks import StreamValue

import pytest

from home.stream_text import stream_text


class BodyTextBlock(blocks.RichTextBlock):
    """Stands in for the project's own RichTextBlock subclass."""


class FeatureBlock(blocks.StructBlock):
    heading = blocks.CharBlock()
    icon = blocks.ChoiceBlock(choices=[("brain", "Brain"), ("heart", "Heart")])
    text = BodyTextBlock()
    link = blocks.PageChooserBlock(required=False)


class StatBlock(blocks.StructBlock):
    caption = blocks.CharBlock()
    page = blocks.PageChooserBlock(required=False)


class InnerStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock()
    icon = blocks.ChoiceBlock(choices=[("brain", "Brain")])


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    stats = blocks.ListBlock(StatBlock())
    tags = blocks.ListBlock(blocks.CharBlock())
    content = InnerStreamBlock()


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock()
    text = blocks.TextBlock()
    quote = blocks.BlockQuoteBlock()
    paragraph = blocks.RichTextBlock()
    feature = FeatureBlock()
    section = SectionBlock()
    page = blocks.PageChooserBlock()
    icon = blocks.ChoiceBlock(choices=[("brain", "Brain"), ("Reduce cravings", "Reduce cravings")])
    icons = blocks.MultipleChoiceBlock(choices=[("brain", "Brain"), ("Feel better", "Feel better")])
    url = blocks.URLBlock()
    email = blocks.EmailBlock()
    raw_html = blocks.RawHTMLBlock()
    number = blocks.IntegerBlock()
    decimal = blocks.DecimalBlock()
    flag = blocks.BooleanBlock()
    date = blocks.DateBlock()
    divider = blocks.StaticBlock()


BODY = BodyBlock()


def body(*items):
    """A stream as a page's body holds it after loading: lazy, over its stored raw data."""
    raw = [
        {"type": block_type, "value": value, "id": f"id-{i}"} for i, (block_type, value) in enumerate(items)
    ]
    return StreamValue(BODY, raw, is_lazy=True)


@pytest.mark.parametrize("word", ["cure", "guaranteed", "brain"])
def test_a_one_word_lower_case_heading_is_text(word):
    assert stream_text(body(("heading", word))) == word


def test_the_block_class_decides_not_the_shape_of_the_value():
    # The same string is text in a CharBlock and not text in a ChoiceBlock.
    value = body(("feature", {"heading": "brain", "icon": "brain", "text": "<p>Calm</p>"}))
    assert stream_text(value) == "brain Calm"


@pytest.mark.parametrize(
    ("block_type", "raw"),
    [
        ("icon", "brain"),
        ("icon", "Reduce cravings"),  # a choice value that looks like a sentence
        ("icons", ["brain", "Feel better"]),
        ("page", 42),
        ("url", "https://example.com/ketamine treatment"),
        ("email", "care@example.com"),
        ("raw_html", "<p>Hidden words</p>"),
        ("number", 12),
        ("decimal", "65.8"),
        ("flag", True),
        ("date", "2024-05-01"),
        ("divider", None),
    ],
)
def test_blocks_that_hold_no_typed_text_add_nothing(block_type, raw):
    assert stream_text(body(("heading", "Before"), (block_type, raw), ("heading", "after"))) == "Before after"


def test_text_blocks_of_every_kind_are_read():
    value = body(("text", "Plain text"), ("quote", "A quote"), ("paragraph", "<p>Rich</p>"))
    assert stream_text(value) == "Plain text A quote Rich"


def test_rich_text_loses_its_tags_and_its_entities_are_unescaped():
    value = body(
        ("paragraph", '<p>One &amp; two</p><p>three <a linktype="page" id="3">&lt;here&gt;</a></p>'),
        ("feature", {"heading": "H", "icon": "brain", "text": "<ul><li>caf&eacute;</li><li>tea</li></ul>"}),
    )
    assert stream_text(value) == "One & two three <here> H café tea"


def test_a_chosen_page_id_adds_nothing():
    value = body(("feature", {"heading": "Read more", "icon": "heart", "text": "", "link": 7}), ("page", 3))
    assert stream_text(value) == "Read more"


def test_list_items_are_read_in_both_stored_formats():
    value = body(
        (
            "section",
            {
                "title": "Results",
                "stats": [
                    {"type": "item", "value": {"caption": "Abstinent at a year", "page": 5}, "id": "a"},
                    {"caption": "fewer cravings", "page": None},  # a list saved in the old format
                ],
                "tags": ["craving", {"type": "item", "value": "relapse", "id": "b"}],
                "content": [],
            },
        )
    )
    assert stream_text(value) == "Results Abstinent at a year fewer cravings craving relapse"


def test_a_stream_inside_a_struct_is_walked_by_its_own_blocks():
    value = body(
        (
            "section",
            {
                "title": "Why",
                "stats": [],
                "tags": [],
                "content": [
                    {"type": "heading", "value": "cure", "id": "c"},
                    {"type": "icon", "value": "brain", "id": "d"},
                    {"type": "gone", "value": "removed block", "id": "e"},
                ],
            },
        )
    )
    assert stream_text(value) == "Why cure"


def test_a_block_type_no_longer_defined_is_ignored():
    # StreamBlock.to_python would drop it; build the value directly so the raw data keeps it.
    value = body(("heading", "Kept"), ("old_callout", "Gone"), ("old_struct", {"heading": "Gone too"}))
    assert stream_text(value) == "Kept"


def test_missing_struct_keys_are_fine():
    value = body(("feature", {"heading": "Only a heading"}), ("section", {"tags": ["one"]}))
    assert stream_text(value) == "Only a heading one"


def test_whitespace_is_collapsed_and_blank_pieces_are_skipped():
    value = body(
        ("heading", "  Reduce\n\tcravings  "),
        ("heading", ""),
        ("text", "   "),
        ("paragraph", "<p>  </p>"),
        ("feature", {"heading": None, "icon": "brain", "text": None}),
        ("text", "line one\n\nline two"),
    )
    assert stream_text(value) == "Reduce cravings line one line two"


def test_a_value_built_from_native_values_is_read_too():
    value = StreamValue(BODY, [("heading", "cure"), ("icon", "brain")])
    assert stream_text(value) == "cure"


@pytest.mark.parametrize("empty", [None, [], StreamValue(BODY, [], is_lazy=True)])
def test_nothing_gives_an_empty_string(empty):
    assert stream_text(empty) == ""


def test_bare_raw_data_is_refused_because_it_has_no_block_definitions():
    with pytest.raises(TypeError):
        stream_text([{"type": "heading", "value": "cure", "id": "x"}])


@pytest.mark.django_db
def test_no_query_even_with_chosen_pages(django_assert_num_queries):
    value = body(
        ("page", 1),
        ("feature", {"heading": "Read more", "icon": "heart", "text": "<p>Go</p>", "link": 1}),
        ("section", {"title": "T", "stats": [{"caption": "Cap", "page": 1}], "tags": [], "content": []}),
    )
    with django_assert_num_queries(0):
        assert stream_text(value) == "Read more Go T Cap"
