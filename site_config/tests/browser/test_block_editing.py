"""The block editor in a browser: new items open ready to type, fields shown only where they apply,
previews that fit the picker."""

import re

import pytest
from playwright.sync_api import expect

from conditions.models import ConditionIndexPage

from .test_review_story import add_block, editor, log_in, open_block_picker  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editing(new_page, editor, demo_site):  # noqa: F811 (the fixture imported above)
    page = new_page()
    log_in(page, demo_site, editor)
    page.goto(
        f"{demo_site.url}/admin/pages/add/conditions/conditionpage/{ConditionIndexPage.objects.get().pk}/"
    )
    return page


def test_a_new_stat_and_a_new_evidence_row_open_ready_to_type(editing):
    stats = add_block(editing, "Stat callouts")
    expect(stats.get_by_label("Figure").first).to_be_visible()
    stats.get_by_label("Figure").first.fill("65.8")

    table = add_block(editing, "Evidence table")
    expect(table.get_by_label("Summary").first).to_be_visible()


def test_related_articles_shows_the_count_only_for_the_latest_and_the_list_only_when_choosing(editing):
    block = add_block(editing, "Related articles")
    count = block.locator("[data-contentpath=count]")
    articles = block.locator("[data-contentpath=articles]")
    expect(count).to_be_visible()
    expect(articles).to_be_hidden()

    block.get_by_label("Mode").select_option("chosen")
    expect(articles).to_be_visible()
    expect(count).to_be_hidden()

    block.get_by_label("Mode").select_option("latest")
    expect(count).to_be_visible()
    expect(articles).to_be_hidden()


PREVIEWED = [
    "Evidence table",
    "Stat callouts",
    "Table",
    "Card grid",
    "Hero",
    "Team and medical review",
    "Video",
]


def test_a_preview_fits_the_pickers_frame(editing, screenshot):
    """The picker's preview frame is small: a large block is drawn smaller until it fits, and the
    evidence table keeps its columns (it is laid out for its container, not the screen)."""
    picker = open_block_picker(editing)
    details = editing.locator(".w-combobox-container").filter(has=picker).locator(".w-combobox-preview")
    for label in PREVIEWED:
        row = picker.locator(".w-combobox__option-row").filter(
            has=editing.get_by_role("option", name=label, exact=True)
        )
        row.get_by_role("button", name="Preview").click()
        expect(details.locator(".w-combobox-preview__label")).to_have_text(label)
        frame = details.locator("iframe.w-combobox-preview__iframe")
        expect(frame.content_frame.locator("html")).to_have_attribute("data-preview-scale", re.compile(r"."))
        overflow = frame.evaluate(
            """f => {
                const doc = f.contentDocument, main = doc.querySelector("main");
                return [main.getBoundingClientRect().height - f.contentWindow.innerHeight,
                        doc.documentElement.scrollWidth - doc.documentElement.clientWidth];
            }"""
        )
        screenshot(editing, "block-preview-" + label.replace(" ", "-"))
        assert overflow[0] <= 0 and overflow[1] <= 0, (label, overflow)
        if label == "Evidence table":
            expect(frame.content_frame.locator("thead th").first).to_be_visible()
            screenshot(editing, "block-preview-evidence-table")
