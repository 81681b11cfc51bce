"""Condition-page blocks: program cards, and the StreamBlock that brings every block together."""

from django.utils.functional import cached_property

from wagtail import blocks

from evidence.blocks import EvidenceTableBlock, StatsRowBlock
from home.blocks import (
    CallToActionBlock,
    FeatureBlock,
    HeadingBlock,
    NoticeBlock,
    RichTextBlock,
)
from stories.blocks import RelatedArticlesBlock, TestimonialBlock


class ProgramCardValue(blocks.StructValue):
    @cached_property
    def card_title(self):
        return self.get("title") or self["program"].title

    @cached_property
    def card_summary(self):
        return self.get("summary") or self["program"].summary


class ProgramCardBlock(blocks.StructBlock):
    """A card for one treatment program; the program's own title and summary unless overridden."""

    program = blocks.PageChooserBlock(page_type="conditions.TreatmentPage")
    title = blocks.CharBlock(
        required=False, max_length=80, help_text="Optional: replaces the program's title on this card."
    )
    summary = blocks.TextBlock(
        required=False, help_text="Optional: replaces the program's summary on this card."
    )

    class Meta:
        icon = "doc-empty"
        label = "Program"
        value_class = ProgramCardValue


class ProgramCardsValue(blocks.StructValue):
    @cached_property
    def live_cards(self):
        """Cards whose program is published; an unpublished or deleted program has no card."""
        return [card for card in self["cards"] if card["program"] and card["program"].live]


class ProgramCardsBlock(blocks.StructBlock):
    """Cards linking to treatment programs, e.g. 'Ketamine + Therapy'."""

    heading = blocks.CharBlock(max_length=100, default="Treatment options")
    cards = blocks.ListBlock(ProgramCardBlock(), min_num=1, collapsed=True)

    class Meta:
        icon = "list-ul"
        template = "blocks/program_cards_block.html"
        label = "Program cards"
        label_format = "{heading}"
        value_class = ProgramCardsValue
        description = "Cards that link to the clinic's treatment programs."

    def get_preview_value(self):
        from .models import TreatmentPage

        programs = TreatmentPage.objects.live()[:2]
        return self.to_python(
            {
                "heading": "Treatment options",
                "cards": [{"program": program.pk, "title": "", "summary": ""} for program in programs],
            }
        )


class ConditionStreamBlock(blocks.StreamBlock):
    """Every block a condition page may use, grouped as the editor's block picker shows them."""

    heading = HeadingBlock(group="Text")
    text = RichTextBlock(group="Text")
    feature = FeatureBlock(group="Text")
    notice = NoticeBlock(group="Text")
    stats = StatsRowBlock(group="Evidence")
    evidence_table = EvidenceTableBlock(group="Evidence")
    testimonial = TestimonialBlock(group="People")
    program_cards = ProgramCardsBlock(group="Navigation")
    related_articles = RelatedArticlesBlock(group="Navigation")
    call_to_action = CallToActionBlock(group="Navigation")

    class Meta:
        # The latest-articles list runs one query; one list per page keeps the
        # page's query count fixed.
        block_counts = {"related_articles": {"max_num": 1}}
