"""The demo's reusable content (site_config/demo_reusable.py): the off-label disclaimer and the
booking call to action, published, shown on a page, and made once however often the demo runs."""

import pytest
from bs4 import BeautifulSoup

from home.models import ReusableContent
from home.tests.factories import StandardPageFactory
from site_config.demo_reusable import add_reusable_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking_page(home_page):
    return StandardPageFactory(parent=home_page, title="Book a consultation", slug="book-a-consultation")


def test_both_items_are_published_with_the_clinics_words(client, home_page, booking_page):
    disclaimer, booking = add_reusable_content(booking_page)
    page = StandardPageFactory(
        parent=home_page,
        title="Fees",
        body=[{"type": "reusable_content", "value": item.pk} for item in (disclaimer, booking)],
    )

    assert (disclaimer.live, booking.live) == (True, True)
    main = BeautifulSoup(client.get(page.url).content.decode(), "html.parser").select_one("main")
    notice = main.select_one("aside.notice--disclaimer")
    assert "is considered \u201coff-label use\u201d by the FDA" in notice.get_text()
    button = main.select_one(".cta a.button")
    assert (button.get_text(strip=True), button["href"]) == ("Book a consultation", booking_page.url)


def test_running_twice_makes_nothing_new_and_keeps_an_editors_changes(booking_page):
    disclaimer, _ = add_reusable_content(booking_page)
    disclaimer.body = [{"type": "text", "value": "<p>The editor's own words.</p>"}]
    disclaimer.save_revision().publish()

    again, _ = add_reusable_content(booking_page)

    assert ReusableContent.objects.count() == 2
    assert again.pk == disclaimer.pk
    assert "The editor's own words." in str(again.body[0].value)
