"""Blocks that bring stories onto a page: related articles. The testimonial block, which every page
type may use, is in home/people_blocks.py."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.block_forms import ConditionalStructBlock

# The testimonial block moved down to home, so that every page type may show one; its names stay
# importable here, where the historical migrations find them.
from home.people_blocks import TestimonialBlock, TestimonialChooserBlock  # noqa: F401

from .models import ArticlePage


class RelatedArticlesValue(blocks.StructValue):
    """What the block shows when a draft left a field blank: the default heading and number."""

    @property
    def heading_text(self):
        return self.get("heading") or RelatedArticlesBlock.DEFAULT_HEADING

    @property
    def how_many(self):
        return self.get("count") or RelatedArticlesBlock.DEFAULT_COUNT


class RelatedArticlesBlock(ConditionalStructBlock):
    """A list of articles: chosen by hand, or the latest ones about this page's condition."""

    DEFAULT_HEADING = "Related articles"
    DEFAULT_COUNT = 3

    heading = blocks.CharBlock(max_length=80, default=DEFAULT_HEADING)
    mode = blocks.ChoiceBlock(
        choices=[
            ("latest", "The latest articles about this page's condition"),
            ("chosen", "Articles I choose"),
        ],
        default="latest",
    )
    articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="stories.ArticlePage"),
        default=[],
        help_text="Used when 'Articles I choose' is selected.",
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=DEFAULT_COUNT, help_text="How many of the latest articles to show."
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/related_articles_block.html"
        label = "Related articles"
        label_format = "{heading}"
        value_class = RelatedArticlesValue
        description = "Cards linking to articles, chosen by hand or the latest about this condition."
        preview_value = {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3}
        # The editor sees the list of articles only when choosing them, the count only for the latest.
        shown_when = {"articles": {"mode": ["chosen"]}, "count": {"mode": ["latest"]}}

    def clean(self, value):
        value = super().clean(value)
        if value.get("mode") == "chosen" and not [a for a in value.get("articles") or [] if a]:
            raise StructBlockValidationError(
                {"articles": ValidationError("Choose at least one article, or show the latest articles.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["articles"] = self.articles_for(value, (parent_context or {}).get("page"))
        return context

    def articles_for(self, value, page):
        """The articles to list: live and public only, in a fixed number of queries."""
        articles = ArticlePage.for_cards()
        # A draft may leave the mode blank: it then lists the latest, the default.
        if value.get("mode") == "chosen":
            chosen = [article.pk for article in value.get("articles") or [] if article]
            found = articles.in_bulk(chosen)
            return [found[pk] for pk in chosen if pk in found]
        # The condition comes from the page the block is on (a condition page has one);
        # a page without one, or the block picker's preview, shows the latest of all.
        condition_id = getattr(page, "condition_id", None)
        if condition_id:
            articles = articles.filter(conditions=condition_id)
        if page is not None and page.pk:
            articles = articles.exclude(pk=page.pk)
        return list(articles[: value.how_many])
