"""The layout as a browser shows it: the header in one row on a desktop and compact on a phone, its
menu by keyboard (and without JavaScript), the call/book bar, the evidence table on a phone, axe-core
on the pages at both widths; screenshots of each page at both widths (artifacts/screenshots/)."""

import pytest
from playwright.sync_api import expect

from site_config.demo_data import DEMO_PAGES

from .axe import axe_violations

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = {"home": DEMO_PAGES["home"], "sud": DEMO_PAGES["condition"], "article": DEMO_PAGES["article"]}
HEADER_PARTS = {
    "logo": ".site-header__logo",
    "navigation": ".site-nav",
    "search": ".site-search",
    "phone": ".site-header__phone",
    "booking": ".site-header__actions .button",
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# A demo page's first visit makes its images' renditions (AVIF encoding is slow on a loaded machine).
FIRST_VISIT_MS = 60_000


def open_page(new_page, viewport, **options):
    page = new_page(**options)
    page.set_viewport_size(viewport)
    page.set_default_navigation_timeout(FIRST_VISIT_MS)
    return page


def box(page, selector):
    found = page.locator(selector)
    assert found.count() == 1, selector
    return found.bounding_box()


def test_on_a_desktop_the_header_is_one_row_and_the_call_bar_is_hidden(demo_site, new_page, screenshot):
    # bypass_csp only for axe-core, injected as an inline script; the site's own code runs under its CSP.
    page = open_page(new_page, DESKTOP, bypass_csp=True)
    found = {}
    for name, path in SCREENSHOTS.items():
        page.goto(demo_site.url + path)
        boxes = {part: box(page, selector) for part, selector in HEADER_PARTS.items()}
        centres = {part: b["y"] + b["height"] / 2 for part, b in boxes.items()}
        assert max(centres.values()) - min(centres.values()) <= 4, centres
        lefts = [boxes[part]["x"] for part in HEADER_PARTS]
        assert lefts == sorted(lefts), boxes  # logo, navigation, search, phone, booking: left to right
        assert boxes["booking"]["x"] + boxes["booking"]["width"] <= DESKTOP["width"]
        assert not page.locator(".site-header__menu-button").is_visible()
        assert not page.locator(".action-bar").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        screenshot(page, f"{name}-1280", full_page=True)
        if violations := axe_violations(page):
            found[name] = violations
    assert found == {}


def test_on_a_phone_the_header_is_short_and_its_menu_works_by_keyboard(demo_site, new_page, screenshot):
    page = open_page(new_page, PHONE, bypass_csp=True)
    page.goto(demo_site.url + DEMO_PAGES["condition"])

    header = box(page, "header.site-header")
    assert header["height"] <= 80, header  # it took 205 px before the menu
    button = page.locator(".site-header__menu-button")
    menu = page.locator("#site-menu")
    assert button.is_visible() and not menu.is_visible()
    expect(button).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the logo
    page.keyboard.press("Tab")
    assert button.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    screenshot(page, "menu-open-390")
    # Below the header, not over it, and inside the screen.
    opened = box(page, "#site-menu")
    assert opened["y"] >= header["y"] + header["height"] - 1
    assert opened["x"] >= 0 and opened["x"] + opened["width"] <= PHONE["width"]
    assert axe_violations(page) == []

    page.keyboard.press("Tab")  # into the menu: its first link
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Conditions"
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert button.evaluate("element => element === document.activeElement")  # focus back on the button

    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    page.keyboard.press("Space")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_without_javascript_the_menu_button_still_opens_the_menu(demo_site, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_navigation_timeout(FIRST_VISIT_MS)
        page.goto(demo_site.url + DEMO_PAGES["condition"])
        menu = page.locator("#site-menu")
        expect(menu).to_be_hidden()

        page.locator(".site-header__menu-button").click()
        expect(menu).to_be_visible()
        page.get_by_role("link", name="Articles").click()
        assert page.url.endswith("/articles/")
    finally:
        context.close()


def test_on_a_phone_the_call_bar_stays_and_covers_nothing(demo_site, new_page, screenshot):
    page = open_page(new_page, PHONE, bypass_csp=True)
    found = {}
    for name, path in SCREENSHOTS.items():
        page.goto(demo_site.url + path)
        page.mouse.wheel(0, 2000)
        page.wait_for_function("window.scrollY > 0")
        bar = box(page, "nav.action-bar")
        assert bar["y"] + bar["height"] == pytest.approx(PHONE["height"], abs=1)
        assert page.get_by_role("link", name="Call (503) 555-0100").last.is_visible()
        assert page.locator(".action-bar").get_by_role("link", name="Book a consultation").is_visible()
        assert bar["height"] <= 72
        # At the end of the page, the footer's last line is above the bar, not under it.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        note = page.locator(".site-footer__note").bounding_box()
        assert note["y"] + note["height"] <= page.locator("nav.action-bar").bounding_box()["y"] + 1
        page.evaluate("window.scrollTo(0, 0)")
        assert box(page, "header.site-header")["height"] <= 80
        screenshot(page, f"{name}-390", full_page=True)
        if violations := axe_violations(page):
            found[name] = violations
    assert found == {}


def test_on_a_phone_the_evidence_table_shows_every_column_without_sideways_scrolling(demo_site, new_page):
    page = open_page(new_page, PHONE)
    page.goto(demo_site.url + DEMO_PAGES["condition"])

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator(".evidence-table")
    assert table.evaluate("element => element.scrollWidth <= element.clientWidth")
    caption = page.locator(".evidence-table caption")
    caption_box = caption.bounding_box()
    assert caption_box["x"] >= 0 and caption_box["x"] + caption_box["width"] <= PHONE["width"]
    assert caption.evaluate("element => element.scrollWidth <= element.clientWidth")

    columns = page.locator(".evidence-table thead th").all_inner_texts()
    assert columns == ["Effect", "Study", "Level of evidence", "Magnitude of effect", "Summary"]
    rows = page.locator(".evidence-table tbody tr")
    assert rows.count() >= 3
    for row in rows.all():
        cells = row.locator("th, td")
        assert cells.evaluate_all("cells => cells.map(cell => cell.dataset.label)") == columns
        row_box = row.bounding_box()
        bottom = row_box["y"]
        for cell in cells.all():
            cell_box = cell.bounding_box()
            assert cell_box["x"] >= 0 and cell_box["x"] + cell_box["width"] <= PHONE["width"], cell_box
            # One under the other, each as wide as the card: not five columns squeezed into 390 px.
            assert cell_box["width"] >= 0.8 * row_box["width"], (cell_box, row_box)
            assert cell_box["y"] >= bottom - 1
            bottom = cell_box["y"] + cell_box["height"]
        # Each value is shown under its column's name.
        label = cells.nth(3).evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == '"Magnitude of effect"'

    # Screen readers still meet a table with its column headers.
    snapshot = page.locator(".evidence-table").aria_snapshot()
    assert "- table" in snapshot and '- columnheader "Magnitude of effect"' in snapshot

    # On a desktop it is a table again, its five columns side by side.
    page.set_viewport_size(DESKTOP)
    tops = {round(cell.bounding_box()["y"]) for cell in rows.first.locator("th, td").all()}
    assert len(tops) == 1
