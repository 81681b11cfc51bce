"""Reusable content: a piece of a page written once and chosen on many pages (the "Reusable
content" block, home/reusable_blocks.py), such as the off-label disclaimer or the booking call to
action.

An item has drafts, revisions, locking, previews and the "Medical review" workflow
(setup_editorial_roles assigns it): it changes every page that shows it, medical pages among them,
so a new version goes live only when a medical reviewer approves it. Pages show the published
version; a draft shows nowhere but in the editor's preview.
"""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from ..blocks import CallToActionBlock, HeadingBlock, NoticeBlock, RichTextBlock
from ..media_blocks import CaptionedImageBlock, ImageTextBlock


class ReusableContentStreamBlock(blocks.StreamBlock):
    """What a reusable item may hold: the shared blocks that read the same on any page. No hero
    (it opens one page), no FAQ (its JSON-LD belongs to one page), and no reusable content: an item
    inside an item could end up inside itself."""

    heading = HeadingBlock()
    text = RichTextBlock()
    notice = NoticeBlock()
    call_to_action = CallToActionBlock()
    image = CaptionedImageBlock()
    image_text = ImageTextBlock()


class ReusableContent(
    WorkflowMixin,
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A piece of content edited once and shown on every page that chooses it, e.g. the off-label
    disclaimer: the editor picks it by its name in the "Reusable content" block."""

    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="Shown only in the admin, to find the item: e.g. 'Off-label disclaimer'.",
        error_messages={"unique": "Another reusable content item already has this name."},
    )
    body = StreamField(
        ReusableContentStreamBlock(), help_text="What every page that chooses this item shows."
    )

    panels = [FieldPanel("name"), FieldPanel("body")]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("body"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "reusable content"
        verbose_name_plural = "reusable content"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # A name that is only spaces would list as a blank row, impossible to choose.
        if self.name is not None and not self.name.strip():
            raise ValidationError({"name": "Enter a name, to find this item by."})

    def get_preview_template(self, request, mode_name):
        return "home/reusable_content_preview.html"
