"""The header and footer menus (clinic settings) as visitors see them: no link to a page they cannot see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import pytest

from home.models import ClinicSettings

from .factories import StandardPageFactory
from .support import soup


def menu_link(page=None, label=None, link_url=""):
    return {
        "type": "link",
        "value": {"label": label or page.title, "page": page and page.pk, "link_url": link_url},
    }


@pytest.fixture
def clinic(home_page):
    return ClinicSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def pages(home_page):
    """A public page, a password-restricted one, a login-restricted one, one under a restricted
    section, and a draft."""
    public = StandardPageFactory(parent=home_page, title="About us", slug="about")
    password = StandardPageFactory(parent=home_page, title="Partners area", slug="partners")
    login = StandardPageFactory(parent=home_page, title="Staff handbook", slug="staff")
    inside = StandardPageFactory(parent=login, title="Rota", slug="rota")
    draft = StandardPageFactory(parent=home_page, title="Coming soon", slug="soon", live=False)
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    return {"public": public, "password": password, "login": login, "inside": inside, "draft": draft}


def menu_texts(client, selector):
    html = soup(client.get("/").content)
    return [a.get_text() for a in html.select(f"{selector} a")]


@pytest.mark.parametrize(
    ("menu", "selector"), [("header_links", ".site-nav"), ("footer_links", ".site-footer__links")]
)
def test_a_menu_leaves_out_the_pages_visitors_cannot_see(client, clinic, pages, menu, selector):
    setattr(
        clinic,
        menu,
        [menu_link(page) for page in pages.values()] + [menu_link(None, "Blog", "https://example.com/")],
    )
    clinic.save()

    texts = menu_texts(client, selector)

    assert "About us" in texts and "Blog" in texts
    for hidden in ["Partners area", "Staff handbook", "Rota", "Coming soon"]:
        assert hidden not in texts


def test_a_menus_query_count_does_not_grow_with_its_links(client, clinic, home_page, pages):
    def queries_with(links):
        clinic.header_links = links
        clinic.footer_links = links
        clinic.save()
        client.get("/")  # warm-up: caches the site root paths
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    one = queries_with([menu_link(pages["public"])])
    seven = queries_with([menu_link(page) for page in pages.values()] + [menu_link(home_page, "Home")] * 2)

    assert seven == one
