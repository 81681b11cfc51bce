"""The fragment cache (home/page_cache.py, "Fragments"): what every page repeats (the header's menu,
the footer's locations and links, the breadcrumb trail) costs no query once cached, and every
change to it is seen on the very next request.

The pages here are requests the full-page cache never answers (it is off), as an editor's visit,
a listing's later page or a booking form would be. Changes are made inside `committed()` (see
conftest.py): the cache learns of them when their transaction commits.
"""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from conditions.tests.factories import ConditionIndexPageFactory, ConditionPageFactory
from conditions.tests.support import json_ld, soup, stat, stats_block
from home.models import ClinicSettings, StandardPage
from home.tests.factories import LocationPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragment_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def nav_link(label, page=None, url=""):
    return ("link", {"label": label, "page": page, "link_url": url})


@pytest.fixture
def site_pages(home_page):
    """A page two levels down, with a header menu, footer links and a location in the footer."""
    section = StandardPageFactory(parent=home_page, title="Questions", slug="questions")
    page = StandardPageFactory(parent=section, title="Cost and insurance", slug="cost")
    team = StandardPageFactory(parent=home_page, title="Our team", slug="team")
    LocationPageFactory(parent=home_page, title="Portland clinic", slug="portland")
    clinic = ClinicSettings.for_site(home_page.get_site())
    clinic.header_links = [nav_link("Our team", team), nav_link("Questions", section)]
    clinic.footer_links = [nav_link("Press", url="https://example.com/press")]
    clinic.save()
    return {"page": page, "section": section, "team": team, "clinic": clinic}


@pytest.fixture
def bare_page(site_pages):
    """Wagtail's own page type, a title only, rendered by wagtailcore/page.html (which extends
    nothing), beside the site's page: the floor every page there pays to Wagtail's routing."""
    return site_pages["section"].add_child(instance=Page(title="Bare", slug="bare"))


def queries_of(path):
    """The queries of a second visit (the first fills the cache)."""
    Client().get(path)
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def html_of(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


class TestWhatItSaves:
    def test_a_site_page_costs_two_queries_more_than_a_bare_wagtail_page(self, site_pages, bare_page):
        """The two: the page's own fields (Wagtail's `specific`, which a bare Page has not) and the
        clinic's settings (the page's head: its name, its palette)."""
        bare, _ = queries_of(bare_page.url)
        site, html = queries_of(site_pages["page"].url)

        assert site == bare + 2
        # What the cache holds is really on the page: menu, footer link, location, breadcrumbs.
        for text in ("Our team", "Press", "Portland clinic", 'aria-label="Breadcrumb"', "Questions"):
            assert text in html

    def test_off_every_page_queries_for_them_again(self, settings, site_pages):
        on, _ = queries_of(site_pages["page"].url)
        settings.FRAGMENT_CACHE_SECONDS = 0
        off, html = queries_of(site_pages["page"].url)

        assert off > on
        assert "Our team" in html

    def test_fragments_are_per_site(self, site_pages, home_page):
        """Another site's header is never served here (its menu links hold its own pages)."""
        other_home = StandardPageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
        Site.objects.create(hostname="other.example", port=80, root_page=other_home)
        html_of(site_pages["page"].url)

        other = Client(HTTP_HOST="other.example").get("/").content.decode()
        assert "Our team" not in other


class TestEveryChangeIsSeenAtOnce:
    def test_a_menu_change(self, site_pages, committed):
        html_of(site_pages["page"].url)
        with committed():
            clinic = site_pages["clinic"]
            clinic.header_links = [nav_link("Meet the clinicians", site_pages["team"])]
            clinic.save()

        html = html_of(site_pages["page"].url)
        assert "Meet the clinicians" in html
        assert ">Our team<" not in html

    def test_a_linked_page_made_private_leaves_the_menu(self, site_pages, committed):
        assert 'href="/team/"' in html_of(site_pages["page"].url)
        with committed():
            PageViewRestriction.objects.create(page=site_pages["team"], restriction_type="login")

        assert 'href="/team/"' not in html_of(site_pages["page"].url)

    def test_a_new_location_in_the_footer(self, site_pages, home_page, committed):
        html_of(site_pages["page"].url)
        with committed():
            LocationPageFactory(parent=home_page, title="Beaverton clinic", slug="beaverton")

        assert "Beaverton clinic" in html_of(site_pages["page"].url)

    def test_an_ancestor_renamed_in_the_breadcrumbs(self, site_pages, committed):
        html_of(site_pages["page"].url)
        with committed():
            section = site_pages["section"]
            section.title = "Your questions"
            section.save_revision().publish()

        assert ">Your questions</a>" in html_of(site_pages["page"].url)

    def test_until_the_change_commits_the_cached_fragment_is_served(self, site_pages):
        """What proves the fragment comes from the cache: a change not yet committed renews nothing."""
        html_of(site_pages["page"].url)
        clinic = site_pages["clinic"]
        clinic.header_links = [nav_link("Uncommitted", site_pages["team"])]
        clinic.save()  # the test's transaction never commits, so its callback never runs

        assert "Uncommitted" not in html_of(site_pages["page"].url)


def text_body(words):
    return [{"type": "text", "value": f"<p>{words}</p>"}]


class TestAPagesBody:
    def test_is_rendered_once_per_change(self, home_page, committed):
        page = StandardPageFactory(
            parent=home_page, title="Aftercare", slug="aftercare", body=text_body("First words")
        )
        html_of(page.url)
        # Written without a commit, so without renewing the cache: the page still shows the body it
        # rendered, which proves it comes from the cache.
        StandardPage.objects.filter(pk=page.pk).update(body=text_body("Uncommitted words"))
        assert "First words" in html_of(page.url)

        with committed():
            page.body = text_body("Second words")
            page.save_revision().publish()

        html = html_of(page.url)
        assert "Second words" in html and "First words" not in html

    def test_a_preview_renders_the_draft_never_the_cached_body(self, home_page):
        page = StandardPageFactory(
            parent=home_page, title="Aftercare", slug="aftercare", body=text_body("Live words")
        )
        html_of(page.url)
        page.body = text_body("Draft words")

        preview = page.make_preview_request().content.decode()
        assert "Draft words" in preview and "Live words" not in preview


class TestAConditionPage:
    """The SUD page's kind: citations, a reference list, structured data citing the studies, FAQ
    data and a hero image in the head. Once its fragments are cached it loads none of them."""

    @pytest.fixture
    def condition(self, home_page, make_study, make_image):
        index = ConditionIndexPageFactory(parent=home_page)
        study = make_study(title="Ketamine for alcohol use disorder", year=2022)
        hero = {"type": "hero", "value": {"heading": "Another way forward", "image": make_image().pk}}
        faq = {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "items": [{"question": "Is it safe?", "answer": "<p>Yes.</p>"}],
            },
        }
        body = [hero, stats_block(stat(study=study)), faq]
        page = ConditionPageFactory(parent=index, slug="sud", body=body)
        bare = index.add_child(instance=Page(title="Bare", slug="bare"))
        return {"page": page, "bare": bare, "study": study}

    def test_it_costs_two_queries_more_than_a_bare_wagtail_page(self, condition):
        bare, _ = queries_of(condition["bare"].url)
        site, html = queries_of(condition["page"].url)

        assert "Ketamine for alcohol use disorder" in html  # the reference list
        assert '"FAQPage"' in html and '"MedicalWebPage"' in html
        assert 'rel="preload" as="image"' in html
        assert site == bare + 2

    def test_a_study_renamed_shows_in_its_references_and_structured_data(self, condition, committed):
        html_of(condition["page"].url)
        with committed():
            condition["study"].title = "Ketamine and alcohol: a trial"
            condition["study"].save()

        html = html_of(condition["page"].url)
        references = html.split('id="references-heading"')[1]
        assert "Ketamine and alcohol: a trial" in references
        assert json_ld(soup(html))["citation"][0]["name"] == "Ketamine and alcohol: a trial"
