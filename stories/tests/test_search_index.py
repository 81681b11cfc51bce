"""A page is found by the words of the testimonials it shows, and only while it shows them: once a
testimonial is unpublished, withdrawn, expired or deleted, its words no longer find its pages."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from stories.models import Testimonial

from .support import chosen_testimonial, soup

pytestmark = pytest.mark.django_db

WORDS = "wonderfully patient"


def found(query):
    """The titles of the live pages the site's search backend finds for `query`."""
    return sorted(page.title for page in Page.objects.live().search(query))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (the re-indexing), as a real request would."""

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    return committed


@pytest.fixture
def testimonial(make_testimonial, make_condition):
    """A testimonial on two live pages, next to a page whose own testimonial stays."""
    shown = make_testimonial(quote="The nurses were wonderfully patient with me.", attribution="Gone G")
    control = make_testimonial(quote="The front desk was kind.", attribution="Stays S")
    make_condition("Alcohol", slug="alcohol", body=[chosen_testimonial(shown), chosen_testimonial(control)])
    make_condition("Depression", slug="depression", body=[chosen_testimonial(shown)])
    return shown


def unpublish(t):
    t.unpublish()


def withdraw(t):
    t.withdraw_consent(timezone.localdate(), "Dr Lee")


def expire(t):
    # The date passes without any save; the daily command unpublishes it.
    Testimonial.objects.filter(pk=t.pk).update(consent_expires=timezone.localdate())
    call_command("unpublish_expired_testimonials", stdout=StringIO())


def delete(t):
    t.delete()


def test_the_words_of_a_shown_testimonial_find_its_pages(testimonial):
    assert found(WORDS) == ["Alcohol", "Depression"]


@pytest.mark.parametrize("stop_showing", [unpublish, withdraw, expire, delete])
def test_once_it_stops_being_shown_its_words_no_longer_find_its_pages(testimonial, committed, stop_showing):
    with committed():
        stop_showing(testimonial)

    assert found(WORDS) == []
    # The pages are still found by what they still show.
    assert found("front desk kind") == ["Alcohol"]


def result_links(client, query):
    """The links of the search page's results for `query`."""
    html = soup(client.get("/search/", {"q": query}))
    return [a["href"] for a in html.select(".search-result__title a")]


def test_the_search_page_no_longer_finds_the_words_of_a_withdrawn_testimonial(client, testimonial, committed):
    assert sorted(result_links(client, WORDS)) == ["/conditions/alcohol/", "/conditions/depression/"]

    with committed():
        withdraw(testimonial)

    assert result_links(client, WORDS) == []


def test_withdrawing_through_the_admin_updates_the_search(editor_client, testimonial, committed):
    data = {
        "quote": testimonial.quote,
        "attribution": testimonial.attribution,
        "consent_date": testimonial.consent_date.isoformat(),
        "consent_recorded_by": testimonial.consent_recorded_by,
        "consent_scope": testimonial.consent_scope,
        "consent_expires": "",
        "consent_revoked_on": timezone.localdate().isoformat(),
        "consent_revoked_by": "Dr Lee",
    }

    with committed():
        response = editor_client.post(f"/admin/snippets/stories/testimonial/edit/{testimonial.pk}/", data)

    assert response.status_code == 302
    assert found(WORDS) == []


def test_a_new_consent_makes_the_pages_findable_again(testimonial, committed):
    with committed():
        testimonial.withdraw_consent(timezone.localdate() - datetime.timedelta(days=3), "Dr Lee")
    assert found(WORDS) == []
    revised = Testimonial.objects.get(pk=testimonial.pk)
    revised.consent_date = timezone.localdate()

    with committed():
        revised.save_revision().publish()

    assert found(WORDS) == ["Alcohol", "Depression"]


def test_edited_words_replace_the_old_ones(testimonial, committed):
    testimonial.quote = "The staff listened to every question."

    with committed():
        testimonial.save_revision().publish()

    assert found(WORDS) == []
    assert found("listened every question") == ["Alcohol", "Depression"]


def test_saving_a_draft_leaves_the_published_words_findable(testimonial, committed):
    testimonial.quote = "Draft words nobody sees yet."

    with committed():
        testimonial.save_revision()

    assert found(WORDS) == ["Alcohol", "Depression"]
    assert found("nobody sees") == []
