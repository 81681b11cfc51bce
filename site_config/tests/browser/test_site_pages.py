"""The questions and legal pages in a browser: axe-core finds nothing on a legal page, an FAQ page and
a condition page with its crisis notice, with the demonstration banner shown, on a desktop and a phone;
the crisis notice's links call and text 988."""

import re

from wagtail.models import Page, Site

import pytest

from conditions.tests.factories import ConditionIndexPageFactory, ConditionPageFactory
from home.models import ClinicSettings
from home.tests.factories import HomePageFactory
from site_config.demo_pages import add_site_pages, link_site_pages
from site_config.tests.support import restore_wagtail_base_data

from .axe import axe_violations

PHONE = {"width": 375, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site_pages(live_server):
    """The questions and legal pages and a condition page, linked from the clinic settings with the
    banner set, served by the live server at the address the pages' URLs name."""
    restore_wagtail_base_data()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, title="Northwest Ketamine Clinics")
    host, port = re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": host, "port": int(port), "root_page": home}
    )
    condition = ConditionPageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        title="Ketamine for PTSD",
        body=[{"type": "text", "value": "<p>Ketamine treatment alongside therapy.</p>"}],
    )
    link_site_pages(ClinicSettings.for_site(Site.objects.get(is_default_site=True)), add_site_pages(home))
    return {
        "legal page": "/accessibility/",
        "FAQ page": "/questions/safety-and-side-effects/",
        "questions page": "/questions/",
        "condition page": condition.url,
    }, live_server


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_pages_have_no_axe_violation(site_pages, new_page, viewport):
    paths, server = site_pages
    # axe-core is injected as an inline script, which the site's policy rightly refuses.
    page = new_page(bypass_csp=True)
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    found = {}
    for name, path in paths.items():
        page.goto(server.url + path)
        assert page.locator(".demo-banner").count() == 1, name
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    assert found == {}


def test_an_faq_answer_opens_and_the_crisis_links_call_and_text(site_pages, new_page):
    paths, server = site_pages
    page = new_page()
    page.goto(server.url + paths["FAQ page"])

    question = page.locator("summary.faq__question").first
    answer = page.locator(".faq__answer").first
    assert not answer.is_visible()
    question.click()
    assert answer.is_visible()

    page.goto(server.url + paths["condition page"])
    notice = page.get_by_role("complementary", name="Crisis support")
    assert notice.is_visible()
    assert notice.get_by_role("link", name="call 988").get_attribute("href") == "tel:988"
    assert notice.get_by_role("link", name="text 988").get_attribute("href") == "sms:988"
