"""Helpers the base app's tests share: the shared blocks' raw values as StreamField stores them,
stream items for a page's body, and what the Draftail editor posts."""

import json
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import blocks
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

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


def hero(image=None, heading="Care at every step", alt_text="A calm room"):
    """A hero block as a page's raw body stores it."""
    picture = {"image": image.pk if image else None, "decorative": False, "alt_text": alt_text}
    return {"type": "hero", "value": {"heading": heading, "standfirst": "", "buttons": [], "image": picture}}


def form_value(block, raw):
    """A block's raw value as the page editor posts it, read through the block's definition."""
    if isinstance(block, blocks.StructBlock):
        return {name: form_value(child, (raw or {}).get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        items = [form_value(block.child_block, item) for item in raw or []]
        data = {str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(items)}
        data["count"] = str(len(items))
        return data
    if isinstance(block, blocks.RichTextBlock):
        # An empty Draftail editor posts null.
        return rich_text(raw, features=block.features) if raw else "null"
    # Chosen records as their ids, numbers and choices as the strings an input holds.
    return "" if raw is None else str(raw)


def queries_to_serve(client, page):
    """The response to a visitor's request for `page`, and the SQL queries it made with a cold
    cache (Wagtail keeps renditions in the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return response, len(queries)


# Through the page editor


def edit_page(client, page, *body, action="action-publish"):
    """Posts the page's edit form with `body` (stream items of form values) and the button pressed."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    values = nested_form_data({"body": streamfield(list(body)), action: action})
    for name, value in values.items():
        data[name] = value
    return client.post(url, data)


def body_errors(response):
    """The body's errors as the page editor's StreamField receives them."""
    widget = soup(response.content.decode()).find("div", attrs={"data-controller": "w-block", "id": "body"})
    _value, errors = json.loads(widget["data-w-block-arguments-value"])
    return errors


VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(html, tmp_path):
    """The Nu HTML Checker's errors in `html` (bytes), as "line: message"."""
    assert VNU_JAR.exists(), "vnu.jar is missing: run `make node_modules` (npm ci installs vnu-jar)"
    path = tmp_path / "page.html"
    path.write_bytes(html)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return [
        f"{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr or '{"messages": []}')["messages"]
    ]
