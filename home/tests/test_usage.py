"""Which pages use a record: the pages whose content chooses it, live or draft, and no others."""

import pytest

from home.usage import pages_using

from .factories import StandardPageFactory
from .support import call_to_action, heading

pytestmark = pytest.mark.django_db


def test_the_pages_whose_blocks_choose_it_live_or_draft(home_page):
    contact = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    live = StandardPageFactory(
        parent=home_page, title="About", body=[call_to_action(page=contact.pk)], slug="about"
    )
    draft = StandardPageFactory(
        parent=home_page, title="Team", body=[call_to_action(page=contact.pk)], slug="team", live=False
    )
    StandardPageFactory(parent=home_page, title="Other", body=[heading("Contact")], slug="other")

    assert {page.pk for page in pages_using(contact)} == {live.pk, draft.pk}
    assert {page.pk for page in pages_using(contact).live()} == {live.pk}


def test_none_for_a_record_nothing_uses(home_page):
    assert not pages_using(StandardPageFactory(parent=home_page, title="Lonely", slug="lonely")).exists()
