"""The block that puts a reusable content item (home/models/reusable.py) on a page.

An item such as the off-label disclaimer is written once and chosen on many pages; each page shows
the item's published version, so publishing a new one changes them all, and a draft changes none.
An item that was never published, is unpublished or was deleted shows as nothing.

The block refers to the model by name ("home.ReusableContent"): the models import the blocks, so
this module must not import the models.
"""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

REUSABLE_CONTENT_MODEL = "home.ReusableContent"


def shown_to_visitors(item):
    """Whether a visitor sees the item: it exists and is published."""
    return item is not None and item.live


class ReusableContentBlock(SnippetChooserBlock):
    """Shows a reusable content item, such as the off-label disclaimer or the booking call to action,
    chosen from Snippets > Reusable content, as it is published there."""

    def __init__(self, **kwargs):
        super().__init__(REUSABLE_CONTENT_MODEL, **kwargs)

    class Meta:
        icon = "copy"
        template = "blocks/reusable_content_block.html"
        label = "Reusable content"
        description = (
            "Content written once and shown on many pages, such as the off-label disclaimer: "
            "edit it under Snippets > Reusable content and every page shows the published version."
        )

    @property
    def body_block(self):
        return self.target_model._meta.get_field("body").stream_block

    def bulk_to_python(self, values):
        """The chosen items in one query, and the blocks of all their bodies together (a stream loads
        its blocks of one type at once), so a page's queries do not grow with its reusable blocks."""
        items = super().bulk_to_python(values)
        shown = [item for item in items if shown_to_visitors(item)]
        if shown:
            bodies = self.body_block.bulk_to_python([list(item.body.raw_data) for item in shown])
            for item, body in zip(shown, bodies, strict=True):
                item.body = body
        return items

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def render(self, value, context=None):
        # Nothing at all, not even the template's whitespace, for an item visitors may not see.
        if not shown_to_visitors(value):
            return ""
        return super().render(value, context)

    def get_searchable_content(self, value):
        # The item's words stand on many pages alike (a disclaimer, an invitation to book): indexed
        # with each page they would match every one of them equally and crowd out the page that is
        # about those words. A page is found by its own words; the item's name is admin-only.
        return []

    def get_preview_value(self):
        """The block picker shows the first published item, or a disclaimer when there is none yet."""
        model = self.target_model
        item = model.objects.filter(live=True).order_by("name").first()
        if item is not None:
            return item
        notice = self.body_block.child_blocks["notice"]
        return model(
            name="Off-label disclaimer",
            live=True,
            body=blocks.StreamValue(self.body_block, [("notice", notice.get_preview_value())]),
        )

    def content_warnings(self, value):
        """For the page's content checks: an item visitors will not see."""
        if value is None:
            return ["Reusable content on this page was deleted or not chosen; visitors see nothing there."]
        if not value.live:
            return [
                f"The reusable content \u201c{value.name}\u201d is not published; visitors see nothing "
                "there until it is."
            ]
        return []
