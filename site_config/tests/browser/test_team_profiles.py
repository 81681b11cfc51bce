"""axe-core on the team page and a clinician's profile, on a desktop and on a phone-sized screen:
no violation, and nothing scrolls sideways on a phone."""

import re

from wagtail.models import Page, Site

import pytest

from home.tests.factories import HomePageFactory
from site_config.demo_data import AUTHOR, DEMO_CLINICIANS
from site_config.demo_people import add_team_page, update_demo_people
from site_config.tests.support import restore_wagtail_base_data
from stories.models import Person

from .axe import axe_violations

PHONE = {"width": 375, "height": 740}
PATHS = ["/team/", "/team/jordan-avery/", "/team/riley-chen/"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def team_site(live_server):
    """The demo's people and team page on a site of their own, served by the live server."""
    restore_wagtail_base_data()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, title="Northwest Ketamine Clinics")
    host, port = re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": host, "port": int(port), "root_page": home}
    )
    for data in [AUTHOR, *(person for person, _portrait in DEMO_CLINICIANS)]:
        Person.objects.create(name=data["name"])
    update_demo_people()
    add_team_page(home)
    return live_server


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_team_page_and_profiles_have_no_axe_violation(team_site, new_page, viewport):
    # axe-core is injected as an inline script, which the site's policy rightly refuses.
    page = new_page(bypass_csp=True)
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    found = {}
    for path in PATHS:
        response = page.goto(team_site.url + path)
        assert response.status == 200, path
        if violations := axe_violations(page):
            found[path] = violations
        if viewport == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    assert found == {}
