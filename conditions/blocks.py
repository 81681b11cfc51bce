"""Condition-page blocks: program cards, and the StreamBlock that brings every block together."""

from django.utils.functional import cached_property

from wagtail import blocks

from evidence.blocks import EvidenceTableBlock, StatsRowBlock
from home.blocks import BaseStreamBlock, LinkedPageChooserBlock, shown_to_visitors
from stories.blocks import RelatedArticlesBlock


class ProgramCardValue(blocks.StructValue):
    @cached_property
    def card_title(self):
        program = self.get("program")
        return self.get("title") or (program.title if program else "")

    @cached_property
    def card_summary(self):
        program = self.get("program")
        return self.get("summary") or (program.intro if program else "")


class ProgramCardBlock(blocks.StructBlock):
    """A card for one treatment program; the program's own title and summary unless overridden."""

    program = LinkedPageChooserBlock(page_type="conditions.TreatmentPage")
    title = blocks.CharBlock(
        required=False, max_length=80, help_text="Optional: replaces the program's title on this card."
    )
    summary = blocks.TextBlock(
        required=False, help_text="Optional: replaces the program's intro on this card."
    )

    class Meta:
        icon = "doc-empty"
        label = "Program"
        value_class = ProgramCardValue


class ProgramCardsValue(blocks.StructValue):
    @cached_property
    def live_cards(self):
        """Cards whose program a visitor may see: a deleted, unpublished or restricted program has no card."""
        return [card for card in self.get("cards") or [] if shown_to_visitors(card.get("program"))]


class ProgramCardsBlock(blocks.StructBlock):
    """Cards linking to treatment programs, e.g. 'Ketamine + Therapy'."""

    heading = blocks.CharBlock(max_length=100, default="Treatment options")
    cards = blocks.ListBlock(ProgramCardBlock(), min_num=1)

    class Meta:
        icon = "tasks"
        template = "blocks/program_cards_block.html"
        label = "Program cards"
        label_format = "{heading}"
        value_class = ProgramCardsValue
        description = "Cards that link to the clinic's treatment programs."

    def get_preview_value(self):
        treatment_page_model = self.child_blocks["cards"].child_block.child_blocks["program"].target_model
        programs = treatment_page_model.objects.live()[:2]
        return self.to_python(
            {
                "heading": "Treatment options",
                "cards": [{"program": program.pk, "title": "", "summary": ""} for program in programs],
            }
        )


class ConditionStreamBlock(BaseStreamBlock):
    """Every block a condition page may use: the shared ones (the testimonial among them) and the
    evidence and navigation blocks, grouped as the editor's block picker shows them."""

    stats = StatsRowBlock(group="Evidence")
    evidence_table = EvidenceTableBlock(group="Evidence")
    program_cards = ProgramCardsBlock(group="Navigation")
    related_articles = RelatedArticlesBlock(group="Navigation")

    class Meta:
        # The latest-articles list runs one query; one list per page keeps the
        # page's query count fixed.
        block_counts = {"related_articles": {"max_num": 1}}
