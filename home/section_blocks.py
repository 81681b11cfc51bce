"""Cards from a section: the pages a listing page holds (the conditions, the treatments, the latest
articles), shown as cards on another page, such as the home page.

The editor chooses the section's index page and how many cards; the cards are the index's own
`listed_pages()`, in the order the index lists them, so a new condition page appears on the home
page without anyone editing it. A card shows the page's title, its `card_summary` and its
`card_image` (home/models/pages.py, SitePage).

The index page types are named by string: home sits below the apps that define them.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model

from .content_blocks import CARD_IMAGES
from .links import LinkedPageChooserBlock, shown_to_visitors
from .media_blocks import HeroBlock
from .tasks import register_renditions

# The listing pages whose pages can be cards: each has `listed_pages()` (home.models.IndexPage).
SECTION_PAGE_TYPES = [
    "conditions.ConditionIndexPage",
    "conditions.TreatmentIndexPage",
    "stories.ArticleIndexPage",
]
# "All" still has an end: a section's cards stay a handful, and the page stays light.
MAX_CARDS = 12

# The same renditions as a card in a card grid or an article card: an image shown in both is made once.
register_renditions("section card", CARD_IMAGES)


def first_hero_image_id(stream):
    """The id of the image of the first hero block in a stream (None without one), read from the
    stored data, so that listing pages by it loads none of their blocks."""
    if not stream:
        return None
    for raw in stream.raw_data:
        if isinstance(stream.stream_block.child_blocks.get(raw.get("type")), HeroBlock):
            image = (raw.get("value") or {}).get("image")
            # ImageBlock stores {"image": id, ...}; a hero saved before it held the id alone.
            image_id = image.get("image") if isinstance(image, dict) else image
            return image_id if isinstance(image_id, int) else None
    return None


def load_card_images(pages):
    """Give each page its `card_image`, loading the images of all of them and their card
    renditions in two queries, whatever the number of pages."""
    image_ids = {page: page.card_image_id for page in pages}
    wanted = {image_id for image_id in image_ids.values() if image_id is not None}
    images = get_image_model().objects.in_bulk(wanted) if wanted else {}
    if images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_IMAGES)
        prefetch_related_objects(
            list(images.values()),
            Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"),
        )
    for page, image_id in image_ids.items():
        # The cached property's slot: the page then answers `card_image` without a query.
        page.__dict__["card_image"] = images.get(image_id)


class PageCardsValue(blocks.StructValue):
    @cached_property
    def index(self):
        """The chosen listing page, while visitors may see it (deleted, unpublished or private: none)."""
        page = self.get("index")
        return page if shown_to_visitors(page) else None

    @cached_property
    def cards(self):
        """The pages the index lists, as many as asked for, with their card images."""
        if self.index is None:
            return []
        # The chooser loads the plain page; its specific form needs no query to list its pages.
        listing = getattr(self.index.specific_deferred, "listed_pages", None)
        if listing is None:
            return []
        pages = list(listing()[: self.get("count") or MAX_CARDS])
        load_card_images(pages)
        return pages

    @property
    def heading_text(self):
        return (self.get("heading") or "").strip() or (self.index.title if self.index else "")

    @property
    def link_text(self):
        return (self.get("link_label") or "").strip() or f"View all: {self.index.title}"

    @property
    def count_class(self):
        """A class naming how many cards there are, so the grid gives them columns that fill its rows."""
        return f"card-grid--{min(len(self.cards), 6)}"


class PageCardsBlock(blocks.StructBlock):
    """Cards for the pages of a section (the conditions, the treatments, the latest articles), kept
    up to date by the section itself, with a link to the whole section."""

    index = LinkedPageChooserBlock(
        page_type=SECTION_PAGE_TYPES,
        label="Section",
        help_text="The listing page whose pages become cards: Conditions, Treatments or Articles.",
    )
    heading = blocks.CharBlock(
        required=False, max_length=100, help_text="Optional: the section's own title is used without one."
    )
    count = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=MAX_CARDS,
        label="How many cards",
        help_text=f"Leave empty to show them all (up to {MAX_CARDS}). Articles come newest first.",
    )
    link_label = blocks.CharBlock(
        required=False,
        max_length=60,
        label="Link to the section",
        help_text=(
            "Optional, e.g. 'See every condition we treat'; by default 'View all: ' and the section's title."
        ),
    )

    class Meta:
        icon = "folder-open-1"
        template = "blocks/page_cards_block.html"
        label = "Cards from a section"
        label_format = "{heading}"
        value_class = PageCardsValue
        description = (
            "Cards for the pages of a section, such as the conditions we treat or the latest articles; "
            "a page added to the section appears here by itself."
        )

    def clean(self, value):
        value = super().clean(value)
        index = value.get("index")
        # The page chooser offers only the listing pages, but a form may be posted with any page.
        if index is not None and index.specific_class not in self.child_blocks["index"].target_models:
            raise StructBlockValidationError(
                {"index": ValidationError("Choose a listing page: Conditions, Treatments or Articles.")}
            )
        return value

    def get_preview_value(self):
        """The first section that has pages to show, the conditions before the others."""
        index_block = self.child_blocks["index"]
        for model in index_block.target_models:
            for index in model.objects.live().public():
                if index.listed_pages().exists():
                    return self.to_python({"index": index.pk, "heading": "", "count": 3, "link_label": ""})
        return self.to_python({"index": None, "heading": "", "count": 3, "link_label": ""})
