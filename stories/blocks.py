"""Blocks that bring stories onto a page: a testimonial, and related articles."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .choosers import testimonial_chooser_viewset
from .models import ArticlePage, Testimonial


class TestimonialChooserBlock(testimonial_chooser_viewset.get_block_class()):
    """Chooses a testimonial; a page is found by the words of the testimonials it shows."""

    def get_searchable_content(self, value):
        return [value.quote] if value and value.can_be_shown else []


class TestimonialBlock(blocks.StructBlock):
    """A patient testimonial chosen from the library; only consented, published ones."""

    testimonial = TestimonialChooserBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/testimonial_block.html"
        label = "Testimonial"
        description = (
            "A patient's words, chosen from the testimonials library. Only testimonials "
            "with recorded consent can be chosen."
        )

    def clean(self, value):
        value = super().clean(value)
        testimonial = value.get("testimonial")
        if testimonial is None:
            error = "Choose a testimonial."
        elif testimonial.consent_revoked:
            error = (
                "The patient withdrew consent for this testimonial on "
                f"{testimonial.consent_revoked_on:%B %-d, %Y}."
            )
        elif testimonial.consent_expired:
            error = f"The patient's consent for this testimonial expired on {testimonial.consent_expires:%B %-d, %Y}."
        elif not testimonial.has_consent:
            error = "This testimonial has no recorded patient consent, so it cannot be shown."
        elif not testimonial.live:
            error = "This testimonial is not published yet; publish it before using it on a page."
        else:
            return value
        raise StructBlockValidationError({"testimonial": ValidationError(error)})

    def get_preview_value(self):
        return self.to_python({"testimonial": getattr(Testimonial.objects.shown().first(), "pk", None)})

    def content_warnings(self, value):
        """For the page's content checks: a testimonial visitors will not see."""
        testimonial = value.get("testimonial")
        if testimonial is not None and testimonial.can_be_shown:
            return []
        return [
            "A testimonial on this page cannot be shown (deleted, unpublished, or its consent "
            "withdrawn or lapsed); visitors will not see it."
        ]


class RelatedArticlesValue(blocks.StructValue):
    """What the block shows when a draft left a field blank: the default heading and number."""

    @property
    def heading_text(self):
        return self.get("heading") or RelatedArticlesBlock.DEFAULT_HEADING

    @property
    def how_many(self):
        return self.get("count") or RelatedArticlesBlock.DEFAULT_COUNT


class RelatedArticlesBlock(blocks.StructBlock):
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
        icon = "list-ul"
        template = "blocks/related_articles_block.html"
        label = "Related articles"
        label_format = "{heading}"
        value_class = RelatedArticlesValue
        description = "Cards linking to articles, chosen by hand or the latest about this condition."
        preview_value = {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3}

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
