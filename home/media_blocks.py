"""Blocks that show a picture from the image library: an image with its caption, an image beside
text, and the hero that opens a page.

Each holds Wagtail's ImageBlock (the image, its alt text, and "Image is decorative"): the alt text
is required unless the image is marked decorative, and a decorative image is shown with alt="".
An image whose file is missing or broken, or that a draft has not chosen yet, shows as nothing.

A stream loads its blocks of one type together (`bulk_to_python`): the images in one query, and
here their renditions in one more, so a page's query count does not grow with its images.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from .links import LinkedPageChooserBlock, LinkValue, require_page_or_link
from .tasks import register_renditions

IMAGE_FORMATS = ("avif", "webp", "jpeg")
# An image in the text column and an image beside text: the article hero's sizes, so an upload
# needs no renditions of its own for them ({% picture_or_nothing %} in their templates).
FIGURE_IMAGES = [
    f"format-{image_format}|width-{width}" for image_format in IMAGE_FORMATS for width in (480, 800, 1200)
]
# The hero: cropped to 4:3 around the image's focal point (hero_block.html).
HERO_IMAGES = [
    f"format-{image_format}|fill-{size}"
    for image_format in IMAGE_FORMATS
    for size in ("480x360", "800x600", "1200x900")
]
register_renditions("image block", FIGURE_IMAGES)
register_renditions("image beside text block", FIGURE_IMAGES)
register_renditions("hero block", HERO_IMAGES)

# Beside an image the column is narrow: a sub-heading, lists and links, no lower headings or rules.
BESIDE_IMAGE_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def prefetch_renditions(images, specs):
    """Load the renditions `specs` of all `images` (None for no image) in one query, where
    Image.get_renditions looks first (as ImageQuerySet.prefetch_renditions does for a queryset)."""
    images = [image for image in images if image is not None]
    if images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
        prefetch_related_objects(
            images, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
        )


# The alt text's own checks, which Wagtail's ImageBlock does not run.
ALT_TEXT = blocks.CharBlock(required=False, max_length=250)


class AltTextImageBlock(ImageBlock):
    """Wagtail's ImageBlock, whose alt text is also checked as the text it is: at most 250
    characters and no NUL character (PostgreSQL refuses one in a page's stored blocks)."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not value.decorative:
            try:
                ALT_TEXT.clean(value.contextual_alt_text)
            except ValidationError as error:
                raise StructBlockValidationError(block_errors={"alt_text": error}) from error
        return value


def preview_with_library_image(preview):
    """A block picker's preview value, showing the image library's newest image when it has one."""
    image = get_image_model().objects.order_by("-created_at").first()
    alt_text = image.default_alt_text if image is not None else ""
    return {**preview, "image": {"image": image, "decorative": False, "alt_text": alt_text}}


def with_library_image(preview):
    # A partial, not a function: Meta would make a function a method.
    return partial(preview_with_library_image, preview)


class PictureValue(blocks.StructValue):
    @property
    def alt(self):
        """The alt text: empty for a decorative image; a draft's missing alt text falls back to the
        image's own (its title), as Wagtail's does, so the <img> never lacks one."""
        image = self.get("image")
        if image is None or getattr(image, "decorative", False):
            return ""
        return getattr(image, "contextual_alt_text", None) or image.default_alt_text


class RenditionsInBulk:
    """A block with an `image` child whose renditions (`rendition_specs`) load with the stream."""

    rendition_specs = ()

    def bulk_to_python(self, values):
        struct_values = super().bulk_to_python(values)
        prefetch_renditions([value.get("image") for value in struct_values], self.rendition_specs)
        return struct_values


class CaptionedImageBlock(RenditionsInBulk, blocks.StructBlock):
    """A picture in the text column, with an optional caption and credit."""

    rendition_specs = FIGURE_IMAGES

    image = AltTextImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="Who made the image, e.g. 'Illustration: J. Doe'."
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = "Image"
        label_format = "{caption}"
        value_class = PictureValue
        description = "A picture from the image library, with alt text, a caption and a credit."
        preview_value = with_library_image(
            {
                "caption": "The treatment room at the Portland clinic.",
                "credit": "Illustration: Northwest Ketamine Clinics",
            }
        )


class ImageTextValue(PictureValue):
    @property
    def image_on_right(self):
        return self.get("image_side") == "right"


class ImageTextBlock(RenditionsInBulk, blocks.StructBlock):
    """An image beside a few paragraphs, on the side the editor picks; one above the other on phones."""

    rendition_specs = FIGURE_IMAGES

    image = AltTextImageBlock()
    text = blocks.RichTextBlock(features=BESIDE_IMAGE_FEATURES)
    image_side = blocks.ChoiceBlock(
        choices=[("left", "Image on the left"), ("right", "Image on the right")],
        default="left",
        help_text="On phones the image is always above the text.",
    )

    class Meta:
        icon = "tablet-alt"
        template = "blocks/image_text_block.html"
        label = "Image beside text"
        value_class = ImageTextValue
        description = "An image with paragraphs beside it, on the left or the right."
        preview_value = with_library_image(
            {
                "text": (
                    "<h3>A calm place for treatment</h3><p>Each session takes place in a private room, "
                    "with a nurse beside you throughout.</p>"
                ),
                "image_side": "left",
            }
        )


class ButtonBlock(blocks.StructBlock):
    """A button to a page on the site or an address elsewhere."""

    label = blocks.CharBlock(max_length=40)
    page = LinkedPageChooserBlock(required=False)
    link_url = blocks.URLBlock(
        required=False, label="Or external link", help_text="Used only when no page is chosen."
    )

    class Meta:
        icon = "link"
        label = "Button"
        label_format = "{label}"
        value_class = LinkValue

    def clean(self, value):
        return require_page_or_link(
            super().clean(value), "Choose the page the button leads to, or enter a link."
        )


class HeroValue(PictureValue):
    @cached_property
    def shown_buttons(self):
        """The buttons a visitor can follow: with words, and leading to a page they may see."""
        return [button for button in self.get("buttons") or [] if button.get("label") and button.url]


class HeroBlock(RenditionsInBulk, blocks.StructBlock):
    """The opening of a page: a heading, a sentence or two, up to two buttons and an image."""

    rendition_specs = HERO_IMAGES

    heading = blocks.CharBlock(max_length=120)
    standfirst = blocks.TextBlock(
        required=False, max_length=300, help_text="A sentence or two under the heading."
    )
    buttons = blocks.ListBlock(ButtonBlock(), max_num=2, default=[], help_text="Up to two buttons.")
    image = AltTextImageBlock(
        required=False,
        help_text="Cropped to 4:3 around the focal point set in the image library.",
    )

    class Meta:
        icon = "desktop"
        template = "blocks/hero_block.html"
        label = "Hero"
        label_format = "{heading}"
        value_class = HeroValue
        description = "The top of a page: a large heading, a short introduction, buttons and an image."
        preview_value = {
            "heading": "Ketamine treatment, with medical care at every step",
            "standfirst": "Evidence-based programs for depression, anxiety and substance use.",
            "buttons": [
                {"label": "Book a consultation", "page": None, "link_url": "https://example.com/contact/"},
                {"label": "Our programs", "page": None, "link_url": "https://example.com/programs/"},
            ],
            "image": None,
        }
