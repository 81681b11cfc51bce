"""The block editor in a browser: new items open ready to type, fields shown only where they apply,
previews that fit the picker."""

import re

import pytest
from playwright.sync_api import expect

from conditions.models import ConditionIndexPage
from stories.models import ArticleIndexPage

from .admin import add_block, log_in, open_block_picker, wait_for_autosave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editing(new_page, editor, demo_site):
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
    # A preview's images are made by the live server as the frame asks for them: leave the editor,
    # and let those requests end before the test's database is flushed.
    editing.goto("about:blank")
    editing.wait_for_timeout(2000)


def test_an_editor_adds_a_hero_an_image_and_an_faq_to_a_page_and_publishes_it(
    new_page,
    editor,
    demo_site,
    screenshot,
):
    page = new_page()
    log_in(page, demo_site, editor)
    # Editors publish articles themselves (condition and treatment pages go through medical review).
    articles = ArticleIndexPage.objects.get()
    page.goto(f"{demo_site.url}/admin/pages/add/stories/articlepage/{articles.pk}/")
    page.get_by_placeholder("Page title*").fill("Visiting the clinic")
    page.get_by_role("textbox", name="Intro").fill(
        "What a visit to the clinic looks like, from arrival to going home."
    )

    hero = add_block(page, "Hero")
    hero.get_by_role("textbox", name="Heading").fill("A calm place for treatment")
    choose_image(page, hero, "A quiet treatment room")
    hero.get_by_role("textbox", name="Alt text").fill("A quiet room with an armchair by a window")

    image = add_block(page, "Image")
    choose_image(page, image, "Sunrise over green hills")
    image.get_by_role("checkbox", name="Image is decorative").check()
    image.get_by_role("textbox", name="Caption").fill("The view from the waiting room.")

    faq = add_block(page, "FAQ")
    faq.get_by_role("textbox", name="Question").fill("How long does a session take?")
    faq.get_by_role("textbox").last.press_sequentially("About two hours, with time to rest afterwards.")
    # Draftail writes the answer into the form's hidden input a moment after the last key: wait for
    # it, or a publish sent before then posts an empty answer.
    expect(faq.locator("input[type=hidden][name$='-value-answer']")).to_have_value(
        re.compile("About two hours")
    )

    wait_for_autosave(page)
    screenshot(page, "editor-hero-image-faq")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Page 'Visiting the clinic' has been published.")

    visitor = new_page()
    visitor.goto(f"{demo_site.url}/articles/visiting-the-clinic/")
    main = visitor.locator("main")
    expect(main.locator(".hero h2")).to_have_text("A calm place for treatment")
    expect(main.locator(".hero img")).to_have_attribute("alt", "A quiet room with an armchair by a window")
    expect(main.locator("figure img").last).to_have_attribute("alt", "")
    expect(main.locator("figcaption").last).to_contain_text("The view from the waiting room.")
    question = main.locator("details summary")
    expect(question).to_have_text("How long does a session take?")
    question.click()
    expect(main.locator("details")).to_contain_text("About two hours")
    screenshot(visitor, "visitor-hero-image-faq")


def choose_image(page, block, title):
    """Opens the block's image chooser and picks the image of that title from the library."""
    modal = page.locator(".modal-dialog")
    # A click that lands while the editor redraws the stream (after an autosave) is lost: try again.
    for _ in range(3):
        block.locator("[data-chooser-action-choose]").click()
        try:
            expect(modal).to_be_visible(timeout=3000)
            break
        except AssertionError:
            continue
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=title).first.click()
    expect(modal).to_have_count(0)
