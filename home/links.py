"""Links to pages, shown only while visitors may see the page: the chooser block, the link value,
and the check that a link has a page or an address.

The shared blocks (home/blocks.py) and the content blocks (home/content_blocks.py) both use them.
"""

import copy

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import PageViewRestriction


def under_view_restriction():
    """True for a page behind a password, a login or a group, set on it or on an ancestor.

    The condition Wagtail's `PageQuerySet.public()` excludes, as a subquery: the chosen pages
    are loaded with it in their one query, so checking them costs no query of its own.
    """
    # A restriction's page is the page itself or an ancestor: its path starts the page's path.
    return Exists(
        PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    )


def shown_to_visitors(page):
    """Whether a visitor may see the page: it exists, is published, and no view restriction hides it."""
    if page is None or not page.live:
        return False
    restricted = getattr(page, "under_view_restriction", None)
    if restricted is None:
        # A page chosen in the editor's preview, not loaded with the stream.
        restricted = page.get_view_restrictions().exists()
    return not restricted


def chosen_in_bulk(queryset, values):
    """The records chosen by `values` (ids, None for none), in one query; a record chosen twice is two
    objects, as in Wagtail's own chooser blocks."""
    found = queryset.in_bulk([value for value in values if value is not None])
    records, seen = [], set()
    for value in values:
        record = found.get(value)
        records.append(copy.copy(record) if record is not None and value in seen else record)
        seen.add(value)
    return records


class LinkedPageChooserBlock(blocks.PageChooserBlock):
    """Chooses the page a link leads to, loading with it whether visitors may see it (`shown_to_visitors`)."""

    def bulk_to_python(self, values):
        return chosen_in_bulk(
            self.model_class.objects.annotate(under_view_restriction=under_view_restriction()), values
        )

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


def require_page_or_link(value, missing_message):
    """A link block's value has a page or an external link, not both: else an error on the field to fix."""
    if value.get("page") and value.get("link_url"):
        raise StructBlockValidationError(
            {"link_url": ValidationError("Choose a page or enter a link, not both.")}
        )
    if not value.get("page") and not value.get("link_url"):
        raise StructBlockValidationError({"page": ValidationError(missing_message)})
    return value


class LinkValue(blocks.StructValue):
    @cached_property
    def url(self):
        """The link's address; none (so no link) when its page is deleted, unpublished or restricted."""
        page = self.get("page")
        if page is not None:
            return page.url if shown_to_visitors(page) else ""
        return self.get("link_url") or ""
