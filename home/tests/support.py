"""Helpers the base app's tests share: the shared blocks' raw values as StreamField stores them,
stream items for a page's body, and what the Draftail editor posts."""

import json

from bs4 import BeautifulSoup


def soup(html):
    return BeautifulSoup(str(html), "html.parser")


def contentstate(*blocks):
    """What the Draftail editor posts: (block type, text) pairs."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": f"k{i}",
                    "type": block_type,
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
                for i, (block_type, text) in enumerate(blocks)
            ],
            "entityMap": {},
        }
    )


def raw_notice(**fields):
    return {"kind": "disclaimer", "heading": "", "text": "<p>Off-label use.</p>", **fields}


def raw_cta(**fields):
    """A call to action with no destination yet: give it a `page` (id) or a `link_url`."""
    return {
        "heading": "Ready to talk?",
        "text": "<p>A free consultation.</p>",
        "button_label": "Book a consultation",
        "page": None,
        "link_url": "",
        **fields,
    }


def heading(text, level="h2"):
    """A heading as an item of a page's raw stream."""
    return {"type": "heading", "value": {"text": text, "level": level}}


def notice(**fields):
    return {"type": "notice", "value": raw_notice(**fields)}


def call_to_action(**fields):
    return {"type": "call_to_action", "value": raw_cta(**fields)}
