"""axe-core (npm's axe-core, injected by Playwright) on every demo page type: no violation allowed,
on a desktop and on a phone-sized screen; and no page scrolls sideways on a phone."""

import pytest

from site_config.demo_data import DEMO_PAGES

from .axe import axe_violations

PHONE = {"width": 375, "height": 740}
PAGES = {
    **DEMO_PAGES,
    "empty search": "/search/",
    "no results": "/search/?q=xylophone",
    "not found": "/no-such-page/",
}

# serialized_rollback: the test database keeps a copy of what migrations made (the
# tree root, the default site and collection) to restore after each flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_demo_page_type_has_no_axe_violation(demo_site, new_page, viewport):
    # axe-core is injected as an inline script, which the site's policy rightly refuses.
    page = new_page(bypass_csp=True)
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    found = {}
    for name, path in PAGES.items():
        page.goto(demo_site.url + path)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        if viewport == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    assert found == {}


def test_focus_is_visible_and_the_skip_link_works(demo_site, new_page):
    page = new_page()
    page.goto(demo_site.url + DEMO_PAGES["condition"])

    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    assert skip.bounding_box()["y"] >= 0  # shown on screen once focused

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
