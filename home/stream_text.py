"""The plain text an editor typed into a StreamField, read without a query.

Several features need a page's words, not its HTML: the check for claim words
on condition pages, search-result snippets, an article's reading time and its
JSON-LD ``wordCount``. They read it from here.

The text is taken from the stream's stored raw data, walked together with its
block definitions. The block class decides what counts as text: a heading
"cure" is text because it sits in a CharBlock, and an icon name "brain" is
not, because it sits in a ChoiceBlock. The shape of a value never decides it.

Raw data is used rather than ``to_python`` because converting a chooser block
loads its record. Here a chosen study, testimonial or page is only an id, and
it adds nothing, so reading a page's text never touches the database.
"""

from collections.abc import Iterator, Mapping

from wagtail import blocks
from wagtail.rich_text import get_text_for_indexing

# Blocks whose raw value is the typed text itself. BlockQuoteBlock is a
# TextBlock, so isinstance covers it.
PLAIN_TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock)


def stream_text(value: blocks.StreamValue | None) -> str:
    """Return the text typed into a StreamValue (e.g. ``page.body``), as one line.

    Claim-word checks, search snippets, reading time and JSON-LD ``wordCount``
    use it. It reads ``value.raw_data`` with ``value.stream_block`` and runs no
    database query. Text comes from CharBlock, TextBlock (and BlockQuoteBlock)
    and RichTextBlock, with rich text's tags stripped and entities unescaped.
    Choices, chosen records, URLs, numbers, dates, booleans, static blocks and
    raw HTML add nothing. Runs of whitespace become one space.

    ``None`` or an empty stream gives "". Anything else that is not a
    StreamValue raises TypeError: a bare list carries no block definitions, so
    there would be nothing to tell text from choices by.
    """
    if not value:  # None, or a stream with no blocks
        return ""
    if not isinstance(value, blocks.StreamValue):
        raise TypeError(f"stream_text() needs a StreamValue, not {type(value).__name__}")
    pieces = _stream_pieces(value.stream_block, value.raw_data)
    return " ".join(" ".join(pieces).split())


def _pieces(block: blocks.Block, raw) -> Iterator[str]:
    """Yield the text pieces in one block's raw value, chosen by the block's class."""
    if isinstance(block, blocks.StreamBlock):
        yield from _stream_pieces(block, raw)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, Mapping):
            for name, child_block in block.child_blocks.items():
                yield from _pieces(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        if isinstance(raw, list):
            for item in raw:
                if _is_list_item_block(item):
                    item = item["value"]
                yield from _pieces(block.child_block, item)
    elif isinstance(block, blocks.RichTextBlock):
        if isinstance(raw, str):
            # Wagtail's own search-index text: it keeps a space between paragraphs.
            yield get_text_for_indexing(raw)
    elif isinstance(block, PLAIN_TEXT_BLOCKS) and isinstance(raw, str):
        yield raw


def _is_list_item_block(item) -> bool:
    """Whether a raw ListBlock item is wrapped as {"type": "item", "value": ..., "id": ...}.

    Current Wagtail saves list items that way; lists saved before it store
    bare values, and a page may still hold them. Same test as ListBlock._item_is_in_block_format, which
    is private.
    """
    return isinstance(item, dict) and "id" in item and "value" in item and item.get("type") == "item"


def _stream_pieces(block: blocks.StreamBlock, raw) -> Iterator[str]:
    """Yield the text pieces of a stream's raw items, skipping types the block no longer has."""
    for item in raw or ():
        if not isinstance(item, Mapping):
            continue
        child_block = block.child_blocks.get(item.get("type"))
        if child_block is not None:
            yield from _pieces(child_block, item.get("value"))
