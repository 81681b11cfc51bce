"""Blocks every page type may use: headings, text, notices, features, calls to action.

Domain blocks live in their own apps (evidence/blocks.py, stories/blocks.py,
conditions/blocks.py); the condition page's StreamBlock brings them together.
"""

from django.utils.functional import cached_property

from wagtail import blocks

from .content_blocks import CardGridBlock, FAQBlock, StepsBlock, TableBlock

# The link pieces live in their own module so that the content blocks can use them too; they are
# imported here under their old names as well.
from .links import (  # noqa: F401
    LinkedPageChooserBlock,
    LinkValue,
    require_page_or_link,
    shown_to_visitors,
    under_view_restriction,
)
from .location_blocks import LocationsBlock
from .media_blocks import CaptionedImageBlock, HeroBlock, ImageTextBlock
from .people_blocks import TeamBlock, TestimonialBlock
from .reusable_blocks import ReusableContentBlock
from .section_blocks import PageCardsBlock
from .video_blocks import VideoBlock

# Inline rich text: no headings inside a blurb, so the page's heading order
# stays the one the heading blocks set.
INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
BODY_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; editors pick its level so the outline stays logical."""

    text = blocks.CharBlock(max_length=120, label="Heading")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Sub-section (H3)")],
        default="h2",
        help_text="Use a section heading for each main part of the page.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = "Heading"
        label_format = "{text}"
        description = "A section heading that starts a new part of the page."
        preview_value = {"text": "How ketamine works to treat addictions", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    """Paragraphs, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text_block.html"
        label = "Text"
        description = "Paragraphs of text with lists and links."
        preview_value = (
            "<p>While research is ongoing, studies indicate several ways that ketamine "
            "works in the treatment of substance use disorders.</p>"
        )


class NoticeValue(blocks.StructValue):
    @property
    def role_label(self):
        return dict(NoticeBlock.KINDS)[self.get("kind") or "disclaimer"]


class NoticeBlock(blocks.StructBlock):
    """A boxed statement set apart from the text: a disclaimer, a note or a caution."""

    KINDS = [
        ("disclaimer", "Disclaimer"),
        ("note", "Note"),
        ("caution", "Caution"),
    ]

    kind = blocks.ChoiceBlock(choices=KINDS, default="disclaimer")
    heading = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional. Without it, the kind (e.g. 'Disclaimer') is announced to screen readers.",
    )
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/notice_block.html"
        label = "Notice or disclaimer"
        label_format = "{kind}: {text}"
        value_class = NoticeValue
        description = "A boxed disclaimer or note, such as the off-label use statement."
        preview_value = {
            "kind": "disclaimer",
            "heading": "",
            "text": (
                "<p>Ketamine for the treatment of addictions is still in the experimental stage "
                "and is considered \u201coff-label use\u201d by the FDA.</p>"
            ),
        }


FEATURE_ICONS = [
    ("brain", "Brain"),
    ("shield", "Shield"),
    ("heart", "Heart"),
    ("leaf", "Leaf"),
    ("chart", "Chart"),
    ("people", "People"),
]


class FeatureBlock(blocks.StructBlock):
    """A short benefit with an icon, such as 'Reduce Cravings'."""

    heading = blocks.CharBlock(max_length=80)
    icon = blocks.ChoiceBlock(choices=FEATURE_ICONS, default="brain")
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "pick"
        template = "blocks/feature_block.html"
        label = "Feature"
        label_format = "{heading}"
        description = "A benefit with an icon, a short heading and a sentence or two."
        preview_value = {
            "heading": "Reduce Cravings",
            "icon": "brain",
            "text": (
                "<p>Ketamine has been found helpful in the treatment of many forms of "
                "substance use disorders.</p>"
            ),
        }


class CallToActionBlock(blocks.StructBlock):
    """An invitation to act, with one button: book a consultation, contact us."""

    heading = blocks.CharBlock(max_length=100)
    text = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    button_label = blocks.CharBlock(max_length=40, default="Book a consultation")
    page = LinkedPageChooserBlock(
        required=False, help_text="The page the button leads to, e.g. the booking page."
    )
    link_url = blocks.URLBlock(
        required=False, label="Or external link", help_text="Used only when no page is chosen."
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        label = "Call to action"
        label_format = "{heading}"
        value_class = LinkValue
        description = "A highlighted invitation with one button, such as 'Book a consultation'."
        preview_value = {
            "heading": "Ready to talk about treatment?",
            "text": "<p>Our team will answer your questions in a free consultation.</p>",
            "button_label": "Book a consultation",
            "link_url": "https://example.com/contact/",
        }

    def clean(self, value):
        return require_page_or_link(
            super().clean(value), "Choose the page the button leads to, or enter a link."
        )


class NavigationLinkBlock(blocks.StructBlock):
    """One link in the header or footer menu (clinic settings): a page, or an address elsewhere."""

    label = blocks.CharBlock(max_length=40)
    page = LinkedPageChooserBlock(required=False)
    link_url = blocks.URLBlock(required=False, label="Or external link")

    class Meta:
        icon = "link"
        label_format = "{label}"
        value_class = LinkValue

    def clean(self, value):
        return require_page_or_link(
            super().clean(value), "Choose the page this link leads to, or enter a link."
        )


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
]


class SocialLinkValue(blocks.StructValue):
    @cached_property
    def network_label(self):
        """The network's name as it spells it ("LinkedIn"); none while a draft has no network."""
        return dict(SOCIAL_NETWORKS).get(self.get("network") or "", "")


class SocialLinkBlock(blocks.StructBlock):
    """The clinic's page on a social network (clinic settings)."""

    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock()

    class Meta:
        icon = "site"
        label_format = "{network}"
        value_class = SocialLinkValue


# The block picker's menu, in this order; a page's stream adds its domain's blocks to these groups.
PICKER_GROUPS = ["Text", "Media", "Evidence", "People", "Navigation"]


class BaseStreamBlock(blocks.StreamBlock):
    """The shared blocks, for plain pages and articles; page types extend it with their own."""

    heading = HeadingBlock(group="Text")
    text = RichTextBlock(group="Text")
    notice = NoticeBlock(group="Text")
    feature = FeatureBlock(group="Text")
    faq = FAQBlock(group="Text")
    table = TableBlock(group="Text")
    steps = StepsBlock(group="Text")
    reusable_content = ReusableContentBlock(group="Text")
    hero = HeroBlock(group="Media")
    image = CaptionedImageBlock(group="Media")
    image_text = ImageTextBlock(group="Media")
    video = VideoBlock(group="Media")
    testimonial = TestimonialBlock(group="People")
    team = TeamBlock(group="People")
    call_to_action = CallToActionBlock(group="Navigation")
    card_grid = CardGridBlock(group="Navigation")
    page_cards = PageCardsBlock(group="Navigation")
    locations = LocationsBlock(group="Navigation")

    def ordered_child_blocks(self):
        """The blocks in the picker's group order, each group in declaration order."""

        def group_position(block):
            group = block.meta.group
            return PICKER_GROUPS.index(group) if group in PICKER_GROUPS else len(PICKER_GROUPS)

        return sorted(self.child_blocks.values(), key=group_position)
