"""The medical review story in a browser: an editor composes a condition page from blocks and
submits it, a medical reviewer approves it, and a visitor reads it with its review byline."""

import re

from django.utils import timezone

from wagtail.models import TaskState

import pytest
from playwright.sync_api import expect

from conditions.blocks import ConditionStreamBlock
from conditions.models import ConditionIndexPage, ConditionPage
from home.blocks import PICKER_GROUPS

from .admin import (
    BLOCK_TYPE,
    EDITOR,
    STREAM_BLOCKS,
    add_block,
    choose,
    expand,
    log_in,
    open_block_picker,
    stream_types,
    wait_for_autosave,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Ketamine for Anxiety"
INTRO = "How ketamine treatment may ease anxiety, and what the research shows so far."


def text_order(locator, *texts):
    """The position of each text in the element's rendered text (all must be present)."""
    content = locator.inner_text()
    positions = [content.find(text) for text in texts]
    assert -1 not in positions, f"missing one of {texts} in: {content[:2000]}"
    return positions


def test_an_editor_composes_a_condition_page_a_reviewer_approves_it_and_a_visitor_reads_it(
    new_page, editor, reviewer, demo_site, screenshot
):
    live = demo_site

    # 1. The editor composes the page under "Conditions we treat".
    page = new_page()
    log_in(page, live, editor)
    conditions_index = ConditionIndexPage.objects.get()
    page.goto(f"{live.url}/admin/pages/{conditions_index.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conditions we treat")
    # A condition index holds only condition pages, so this goes straight to the form.
    page.get_by_role("link", name="Add child page").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New: Condition page")

    page.get_by_placeholder("Page title*").fill(TITLE)
    page.get_by_role("textbox", name="Intro").fill(INTRO)

    # The page starts from the clinic's standard outline: the editor writes into its blocks.
    outline = ["Notice or disclaimer", "Heading", "Evidence table", "Call to action"]
    assert stream_types(page) == outline
    notice, _, table, call = (page.locator(STREAM_BLOCKS).nth(i) for i in range(4))
    notice.get_by_role("textbox").last.press_sequentially(
        "Ketamine for anxiety is considered \u201coff-label use\u201d by the FDA."
    )
    table.get_by_role("textbox", name="Caption").fill("Anxiety research")
    row = table.locator("[data-streamfield-child]").first
    expand(row)
    choose(
        page, row.locator(".chooser"), "Krupitsky et al., 2007", search="Krupitsky", level_of_evidence="rct"
    )
    call.get_by_role("textbox", name="Heading").fill("Ready to talk about anxiety?")
    # The button leads to the clinic's booking page, chosen in clinic settings.
    expect(call.locator(".chooser [data-chooser-title]")).not_to_be_empty()

    picker = open_block_picker(page)
    expect(picker.locator(".w-combobox__optgroup-label")).to_have_text(PICKER_GROUPS)
    screenshot(page, "01-block-picker-open")
    picker.get_by_role("option", name="Feature", exact=True).click()
    feature = page.locator(STREAM_BLOCKS).last
    feature.get_by_role("textbox", name="Heading").fill("Calmer days")
    feature.get_by_role("combobox", name="Icon").select_option("leaf")
    feature.get_by_role("textbox").last.press_sequentially("Ketamine may ease the weight of anxiety.")

    stats = add_block(page, "Stat callouts")
    stat = stats.locator("[data-streamfield-child]").first
    expand(stat)
    stat.get_by_role("textbox", name="Figure").first.fill("42")
    stat.get_by_role("textbox", name="Unit").first.fill("%")
    stat.get_by_role("textbox", name="Caption").fill("of patients felt less anxious after four sessions.")
    choose(page, stat.locator(".chooser"), "Jones et al., 2018", search="Jones")

    testimonial = add_block(page, "Testimonial")
    choose(page, testimonial.locator(".chooser"), "Adelle P")

    assert stream_types(page) == [*outline, "Feature", "Stat callouts", "Testimonial"]
    # The patient's words read better before the figures: move the testimonial up one place.
    testimonial.locator(":scope > section > .w-panel__header").get_by_role("button", name="Move up").click()
    reordered = [*outline, "Feature", "Testimonial", "Stat callouts"]
    expect(page.locator(STREAM_BLOCKS).locator(BLOCK_TYPE)).to_have_text(reordered)
    wait_for_autosave(page)
    screenshot(page, "02-editor-blocks-reordered")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been updated.")
    # The content checks speak up after each save; the outline's disclaimer satisfies them.
    expect(page.locator(".messages")).not_to_contain_text("no disclaimer notice")
    # The new order is what was saved, not only what the form showed.
    expect(page.locator(STREAM_BLOCKS).locator(BLOCK_TYPE)).to_have_text(reordered)
    screenshot(page, "03-editor-draft-saved")

    # Editors may not publish condition pages: the only way on is the medical review.
    actions = page.get_by_role("navigation", name="Actions (footer)")
    expect(actions.locator("button[name=action-publish]")).to_have_count(0)
    expect(actions).not_to_contain_text("Publish")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe").locator("body")
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator(".feature__heading")).to_have_text("Calmer days")
    expect(preview.locator(".stat__figure")).to_contain_text("42%")
    expect(preview.locator(".stat__source")).to_contain_text("Jones et al., 2018")
    expect(preview.locator(".evidence-table tbody")).to_contain_text("Krupitsky et al., 2007")
    expect(preview.locator(".testimonial__attribution")).to_have_text("Adelle P, patient")
    testimonial_at, stats_at = text_order(preview, "Adelle P, patient", "of patients felt less anxious")
    assert testimonial_at < stats_at, "the preview does not follow the reordered stream"
    screenshot(page, "04-editor-preview")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Medical review").click()
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been submitted for moderation.")
    condition = ConditionPage.objects.get(title=TITLE)
    assert not condition.live
    page.goto(f"{live.url}/admin/pages/{condition.pk}/edit/")
    expect(page.get_by_text("This page is currently awaiting moderation.")).to_be_visible()
    actions = page.get_by_role("navigation", name="Actions (footer)")
    expect(actions.get_by_role("button", name="Cancel workflow")).to_be_visible()
    expect(actions).not_to_contain_text("Publish")
    screenshot(page, "05-editor-submitted-for-review")

    # 2. The reviewer finds the page on the dashboard and approves it with a comment.
    page = new_page()
    log_in(page, live, reviewer)
    awaiting = page.locator("section").filter(has=page.get_by_role("heading", name="Awaiting your review"))
    task = awaiting.get_by_role("row").filter(has_text=TITLE)
    expect(task).to_contain_text(EDITOR[0])
    task.get_by_role("button", name="Actions").click()
    task.get_by_role("button", name="Approve with comment").click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("heading", name="Approve with comment")).to_be_visible()
    modal.get_by_role("textbox", name="Comment").fill("Claims match the cited studies.")
    screenshot(page, "06-reviewer-approving-with-comment")
    modal.get_by_role("button", name="Approve with comment").click()
    # Approving from the dashboard reloads it without a message; the task leaves the list.
    expect(page).to_have_url(f"{live.url}/admin/")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)
    page.goto(f"{live.url}/admin/pages/{conditions_index.pk}/")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text(re.compile("live", re.I))
    screenshot(page, "07-reviewer-approved-page-live")

    condition.refresh_from_db()
    assert condition.live
    approval = TaskState.objects.get(
        workflow_state__object_id=str(condition.pk), status=TaskState.STATUS_APPROVED
    )
    assert approval.comment == "Claims match the cited studies."

    # 3. A visitor reads the published page, with the review byline.
    page = new_page()
    page.goto(condition.full_url)
    expect(page).to_have_url(f"{live.url}/conditions/ketamine-for-anxiety/")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".lead")).to_have_text(INTRO)
    expect(page.locator(".feature__heading")).to_have_text("Calmer days")
    expect(page.locator(".feature__text")).to_have_text("Ketamine may ease the weight of anxiety.")
    expect(page.locator(".stat__figure")).to_contain_text("42%")
    expect(page.locator(".stat__caption")).to_have_text("of patients felt less anxious after four sessions.")
    expect(page.locator(".stat__source")).to_contain_text("Source: Jones et al., 2018")
    table_row = page.locator(".evidence-table tbody tr")
    expect(table_row).to_have_count(1)
    expect(table_row.locator("th")).to_have_text("Heroin dependence")
    expect(table_row).to_contain_text("Krupitsky et al., 2007")
    expect(table_row).to_contain_text("Randomised controlled trial")
    expect(page.locator(".testimonial__quote")).to_contain_text("This place saved my life.")
    expect(page.locator(".testimonial__attribution")).to_have_text("Adelle P, patient")
    today = timezone.localdate()
    expect(page.locator(".review-byline")).to_have_text(
        f"Medically reviewed by Dr Jane Roe, MD on {today:%B} {today.day}, {today.year}"
    )
    expect(page.locator(".notice")).to_contain_text("off-label use")
    testimonial_at, stats_at = text_order(
        page.locator("main"), "Adelle P, patient", "of patients felt less anxious"
    )
    assert testimonial_at < stats_at
    screenshot(page, "08-visitor-reads-reviewed-page", full_page=True)


def test_block_picker_shows_groups_descriptions_and_previews(new_page, editor, demo_site, screenshot):
    """The picker reads as a menu: five groups, and for each block its description and a rendered preview."""
    page = new_page()
    log_in(page, demo_site, editor)
    conditions_index = ConditionIndexPage.objects.get()
    page.goto(f"{demo_site.url}/admin/pages/add/conditions/conditionpage/{conditions_index.pk}/")

    picker = open_block_picker(page)
    groups = picker.locator(".w-combobox__optgroup")
    expect(groups.locator(".w-combobox__optgroup-label")).to_have_text(
        ["Text", "Media", "Evidence", "People", "Navigation"]
    )
    expected_groups = {
        "Text": [
            "Heading",
            "Text",
            "Feature",
            "Notice or disclaimer",
            "FAQ",
            "Table",
            "Steps",
            "Reusable content",
        ],
        "Media": ["Hero", "Image", "Image beside text", "Video"],
        "Evidence": ["Stat callouts", "Evidence table"],
        "People": ["Testimonial", "Team and medical review"],
        "Navigation": [
            "Program cards",
            "Related articles",
            "Call to action",
            "Card grid",
            "Cards from a section",
            "Locations",
        ],
    }
    for index, (group, labels) in enumerate(expected_groups.items()):
        options = groups.nth(index).get_by_role("option")
        assert sorted(options.all_inner_texts()) == sorted(labels), group

    # Something each preview must show, taken from the block's preview value or the demo content.
    shown = {
        "Heading": "How ketamine works to treat addictions",
        "Text": "While research is ongoing",
        "Feature": "Reduce Cravings",
        "Notice or disclaimer": "off-label use",
        "Stat callouts": "65.8%",
        "Evidence table": "Krupitsky et al., 1997",
        "Testimonial": "Adelle P, patient",
        "Program cards": "Ketamine + Therapy",
        "Related articles": "Recovery Is Not a Straight Line",
        "Call to action": "Ready to talk about treatment?",
        "FAQ": "Is ketamine treatment covered by insurance?",
        "Table": "Infusion session",
        "Hero": "Ketamine treatment, with medical care at every step",
        "Image": "The treatment room at the Portland clinic.",
        "Image beside text": "A calm place for treatment",
        "Card grid": "Consultation",
        "Steps": "How treatment works",
        # The first item by name: the demo's booking call to action.
        "Reusable content": "Is ketamine treatment right for you?",
        "Video": "How a consultation works",
        "Team and medical review": "Our clinicians",
        "Cards from a section": "Ketamine for Substance Use Disorder",
        "Locations": "Portland, Pearl District",
    }
    details = page.locator(".w-combobox-container").filter(has=picker).locator(".w-combobox-preview")
    for child in ConditionStreamBlock().child_blocks.values():
        label, description = child.meta.label, child.meta.description
        assert description, f"the {label} block has no description for the picker"
        row = picker.locator(".w-combobox__option-row").filter(
            has=page.get_by_role("option", name=label, exact=True)
        )
        row.get_by_role("button", name="Preview").click()
        expect(details.locator(".w-combobox-preview__label")).to_have_text(label)
        expect(details.locator(".w-combobox-preview__description")).to_have_text(description)
        frame = details.frame_locator("iframe.w-combobox-preview__iframe").locator("body")
        if shown[label] is not None:
            expect(frame).to_contain_text(shown[label])
        if label == "Stat callouts":
            screenshot(page, "block-preview-stat-callouts")
