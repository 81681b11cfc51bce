"""Blocks every page type may use for content beyond paragraphs: questions and answers, a table of
simple facts such as fees, and a grid of cards leading elsewhere.

They join the shared blocks in `BaseStreamBlock` (home/blocks.py).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock, TypedTableBlockValidationError
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from .links import LinkedPageChooserBlock, LinkValue, require_page_or_link
from .media_blocks import prefetch_renditions
from .tasks import register_renditions

# An answer may hold a list, but no heading: the page's outline is the heading blocks'.
ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
# A table cell holds a phrase, perhaps emphasised or linked.
CELL_FEATURES = ["bold", "italic", "link"]

# A card's picture: one size, in AVIF and WebP with a JPEG fallback (card_grid_block.html).
# The same renditions as an article card, so an image shown in both is made once.
CARD_IMAGES = [f"fill-480x270|format-{image_format}" for image_format in ("avif", "webp", "jpeg")]
register_renditions("card grid card", CARD_IMAGES)


# FAQ


class FAQItemBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=ANSWER_FEATURES)

    class Meta:
        icon = "help"
        label = "Question"
        label_format = "{question}"

    def clean(self, value):
        value = super().clean(value)
        # An answer of empty paragraphs passes the rich-text field's own check, and says nothing.
        if not self.is_deferred_validation and not answer_text(value.get("answer")):
            raise StructBlockValidationError({"answer": ValidationError("This field is required.")})
        return value


class FAQValue(blocks.StructValue):
    @cached_property
    def answered_items(self):
        """The items a visitor sees: those with both a question and an answer (a draft may lack either)."""
        return [
            item
            for item in self.get("items") or []
            if (item.get("question") or "").strip() and answer_text(item.get("answer"))
        ]

    def structured_data(self):
        """schema.org Questions for the items shown, with the answer's plain text."""
        return [
            {
                "@type": "Question",
                "name": item["question"].strip(),
                "acceptedAnswer": {"@type": "Answer", "text": answer_text(item["answer"])},
            }
            for item in self.answered_items
        ]


def answer_text(rich_text):
    """A rich-text answer's words without its markup; "" for none."""
    source = getattr(rich_text, "source", rich_text) or ""
    return " ".join(get_text_for_indexing(source).split())


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions, each opened by the visitor to read its answer."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Frequently asked questions'."
    )
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, collapsed=False, label="Questions")

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        label = "FAQ"
        label_format = "{heading}"
        value_class = FAQValue
        description = "Questions and answers; each answer opens when the visitor chooses its question."
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Is ketamine treatment covered by insurance?",
                    "answer": "<p>Some plans cover part of the cost. We check your plan with you.</p>",
                },
                {
                    "question": "How many sessions will I need?",
                    "answer": "<p>Most programs start with six sessions over two to three weeks.</p>",
                },
            ],
        }


def faq_structured_data(page):
    """The page's FAQPage (schema.org), gathering the items of every FAQ block in its streams;
    None when it has no FAQ block with an answered question."""
    if not isinstance(page, Page):
        return None
    questions = []
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        stream = getattr(page, field.name, None)
        if not stream:
            continue
        for index, raw in enumerate(stream.raw_data):
            # Only the FAQ blocks are read (converting the others could load their records).
            if isinstance(stream.stream_block.child_blocks.get(raw.get("type")), FAQBlock):
                questions += stream[index].value.structured_data()
    if not questions:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}


# Table


class FactsTableBlock(TypedTableBlock):
    """The table itself: columns of text, numbers or short rich text; never raw HTML."""

    text = blocks.CharBlock(max_length=200)
    numeric = blocks.DecimalBlock(label="Number")
    rich_text = blocks.RichTextBlock(features=CELL_FEATURES, label="Rich text")

    def clean(self, table):
        table = super().clean(table)
        if not (table.caption or "").strip() and not self.is_deferred_validation:
            raise TypedTableBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError("Give the table a caption: it names the table for screen readers.")]
                )
            )
        return table


class TableBlock(blocks.StructBlock):
    """A table of simple facts, such as fees or opening hours, with a caption."""

    table = FactsTableBlock(help_text="The caption is required: it says what the table lists.")
    row_headers = blocks.BooleanBlock(
        required=False,
        label="First column names each row",
        help_text="Tick when each row's first cell says what the row is about, e.g. a service's name.",
    )

    class Meta:
        icon = "clipboard-list"
        template = "blocks/table_block.html"
        label = "Table"
        description = "A table of simple facts, such as fees, with a caption."
        preview_value = {
            "row_headers": True,
            "table": {
                "caption": "Fees",
                "columns": [
                    {"type": "text", "heading": "Service"},
                    {"type": "numeric", "heading": "Fee ($)"},
                ],
                "rows": [
                    {"values": ["Consultation", "0"]},
                    {"values": ["Infusion session", "450"]},
                ],
            },
        }


# Card grid


class CardImageChooserBlock(ImageChooserBlock):
    """Chooses a card's image, loading its card renditions with it (one query for every card on the page)."""

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        prefetch_renditions(images, CARD_IMAGES)
        return images


class CardBlock(blocks.StructBlock):
    """One card: a heading, a sentence, perhaps an image, perhaps a link."""

    image = CardImageChooserBlock(required=False, help_text="Decorative: the heading says what the card is.")
    heading = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(required=False, max_length=240)
    page = LinkedPageChooserBlock(required=False, help_text="Optional: the page the card leads to.")
    link_url = blocks.URLBlock(
        required=False, label="Or external link", help_text="Used only when no page is chosen."
    )

    class Meta:
        icon = "doc-empty-inverse"
        label = "Card"
        label_format = "{heading}"
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") or value.get("link_url"):
            # A card may lead nowhere; one that leads somewhere leads to one place.
            return require_page_or_link(value, "")
        return value


class CardGridValue(blocks.StructValue):
    @cached_property
    def shown_cards(self):
        """The cards with a heading (a draft's may be blank)."""
        return [card for card in self.get("cards") or [] if (card.get("heading") or "").strip()]

    @property
    def card_heading_level(self):
        """Cards are sub-sections of the grid's heading, or sections of the page without one."""
        return "h3" if (self.get("heading") or "").strip() else "h2"

    @property
    def count_class(self):
        """A class naming how many cards there are, so the grid gives them columns that fill its rows."""
        return f"card-grid--{len(self.shown_cards)}"


class CardGridBlock(blocks.StructBlock):
    """One to six cards side by side, each with an image, a heading, a short text and a link."""

    heading = blocks.CharBlock(required=False, max_length=100)
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=6, collapsed=False)

    class Meta:
        icon = "grid"
        template = "blocks/card_grid_block.html"
        label = "Card grid"
        label_format = "{heading}"
        value_class = CardGridValue
        description = "One to six cards, each with an image, a heading, a short text and a link."
        preview_value = {
            "heading": "What to expect",
            "cards": [
                {
                    "heading": "Consultation",
                    "text": "A free call with our team about your history and goals.",
                    "link_url": "https://example.com/contact/",
                },
                {"heading": "Treatment", "text": "Sessions in a calm room, with a clinician present."},
                {"heading": "Integration", "text": "Therapy that helps the changes last."},
            ],
        }


# Steps


class StepBlock(blocks.StructBlock):
    """One step: a short title and a sentence or two."""

    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(required=False, max_length=300)

    class Meta:
        icon = "order"
        label = "Step"
        label_format = "{title}"


class StepsValue(blocks.StructValue):
    @cached_property
    def shown_steps(self):
        """The steps with a title (a draft's may be blank), numbered in their order."""
        return [step for step in self.get("steps") or [] if (step.get("title") or "").strip()]

    @property
    def step_heading_level(self):
        """Steps are sub-sections of the block's heading, or sections of the page without one."""
        return "h3" if (self.get("heading") or "").strip() else "h2"


class StepsBlock(blocks.StructBlock):
    """How something happens, in order: two to six numbered steps, such as how treatment works."""

    heading = blocks.CharBlock(max_length=100, default="How treatment works")
    steps = blocks.ListBlock(StepBlock(), min_num=2, max_num=6, collapsed=False)

    class Meta:
        icon = "list-ol"
        template = "blocks/steps_block.html"
        label = "Steps"
        label_format = "{heading}"
        value_class = StepsValue
        description = "Two to six numbered steps, such as how treatment works from the first call on."
        preview_value = {
            "heading": "How treatment works",
            "steps": [
                {
                    "title": "A free consultation",
                    "text": "A call with our team about your history and goals.",
                },
                {
                    "title": "A medical assessment",
                    "text": "A clinician checks that treatment is safe for you.",
                },
                {"title": "Treatment sessions", "text": "Sessions in a calm room, with a clinician present."},
            ],
        }
