"""A visitor on a phone asks for an appointment from the SUD page, with JavaScript and without it;
a patient coordinator reads the requests in the admin; axe-core finds nothing on the form or the
confirmation."""

import re
from io import StringIO

from django.core import mail
from django.core.management import call_command

from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page, Site

import pytest
from playwright.sync_api import expect

from conditions.tests.factories import ConditionIndexPageFactory, ConditionPageFactory
from home.models import ClinicSettings
from home.tests.factories import HomePageFactory
from site_config.demo_appointments import add_appointment_page
from site_config.demo_data import DEMO_PAGES
from site_config.tests.support import restore_wagtail_base_data

from .admin import log_in, make_user
from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
COORDINATOR = ("casey", "casey-browser-pass")
FIRST_VISIT_MS = 60_000
VISITORS = {
    True: ("Riley Park", "riley.park@example.org", "Weekday mornings"),
    False: ("Sam Ortega", "(503) 555-0142", "Thursdays after 4 pm"),
}


@pytest.fixture
def site(live_server):
    """The SUD page and the appointment page, the site's booking page, served by the live server."""
    restore_wagtail_base_data()
    # Wagtail keeps the form page types' content types for the process; a flush by an earlier
    # transactional test may have given them new ids.
    get_form_types.cache_clear()
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    host, port = re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": host, "port": int(port), "root_page": home}
    )
    ConditionPageFactory(parent=ConditionIndexPageFactory(parent=home), slug="substance-use-disorder")
    return live_server


@pytest.fixture
def booking(site, django_user_model):
    """The demo's appointment page as the site's booking page, and a patient coordinator."""
    home = Site.objects.get(is_default_site=True).root_page
    page = add_appointment_page(home)
    page.notify_addresses = "frontdesk@example.com"
    page.save_revision().publish()
    clinic = ClinicSettings.for_site(home.get_site())
    clinic.phone = "(503) 555-0100"
    clinic.booking_page = page
    clinic.save()
    call_command("setup_editorial_roles", stdout=StringIO())
    make_user(django_user_model, *COORDINATOR, "Patient coordinators")
    return page


def phone_page(browser, javascript):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(FIRST_VISIT_MS)
    return context, context.new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_visitor_on_a_phone_asks_for_an_appointment(site, booking, browser, new_page, javascript):
    name, contact, times = VISITORS[javascript]
    context, page = phone_page(browser, javascript)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site.url + DEMO_PAGES["condition"])
        page.locator(".action-bar").get_by_role("link", name="Book a consultation").tap()
        expect(page).to_have_url(site.url + booking.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Book a consultation")
        page.get_by_label("Name").fill(name)
        page.get_by_label("How should we contact you?").fill(contact)
        page.get_by_label("Preferred days and times").fill(times)
        # A person takes more than two seconds; a bot that does not is refused (appointments/spam.py).
        page.wait_for_timeout(2100)
        page.get_by_role("button", name="Send request").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
        expect(page.get_by_role("status")).to_contain_text("A patient coordinator will contact you")
        if javascript:
            assert axe_violations(page) == []
    finally:
        context.close()
    assert not errors
    (request,) = FormSubmission.objects.filter(page=booking)
    assert request.form_data["name"] == name and request.form_data["how_should_we_contact_you"] == contact
    (notification,) = mail.outbox
    assert not any(answer in notification.message().as_string() for answer in (name, contact, times))

    # A coordinator sees the request in the admin.
    coordinator = new_page()
    log_in(coordinator, site, COORDINATOR)
    coordinator.goto(site.url + "/admin/forms/")
    coordinator.get_by_role("link", name="Book a consultation").click()
    expect(coordinator.locator("table.listing")).to_contain_text(name)
    expect(coordinator.locator("table.listing")).to_contain_text(contact)


def test_the_form_and_confirmation_have_no_axe_violation_on_a_phone(site, booking, browser):
    """axe-core with JavaScript on the form page, its errors shown, and the confirmation."""
    context, page = phone_page(browser, javascript=True)
    try:
        page.goto(site.url + booking.url)
        assert axe_violations(page) == []
        page.get_by_role("button", name="Send request").tap()
        # The browser's own check stops an empty required field: send one that only the server refuses.
        page.get_by_label("Name").fill("Riley Park")
        page.get_by_label("How should we contact you?").fill("not a contact")
        page.wait_for_timeout(2100)
        page.get_by_role("button", name="Send request").tap()
        expect(page.get_by_role("alert")).to_contain_text("Please check the answers marked below")
        assert axe_violations(page) == []
    finally:
        context.close()
