"""The trust layer every page carries: the crisis notice, the legal links in the footer, the
demonstration banner (clinic settings), and the demo's questions and legal pages."""

import json

from django.urls import reverse

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest

from home.models import ClinicSettings, StandardPage
from home.tests.factories import StandardPageFactory
from home.tests.support import html_errors, soup
from site_config.demo_pages import DEMO_BANNER, LEGAL_PAGES, QUESTIONS, add_site_pages, link_site_pages

STREAMS = ["header_links", "footer_links", "social_links"]


@pytest.fixture
def clinic(home_page):
    return ClinicSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def every_page_type(home_page, make_condition, make_treatment, make_article):
    """One page of each type, by name, as a visitor's URL."""
    condition = make_condition()
    treatment = make_treatment()
    article = make_article()
    standard = StandardPageFactory(parent=home_page, title="About us", slug="about")
    return {
        "home": "/",
        "standard": standard.url,
        "condition index": condition.get_parent().url,
        "condition": condition.url,
        "treatment index": treatment.get_parent().url,
        "treatment": treatment.url,
        "article index": article.get_parent().url,
        "article": article.url,
        "search": "/search/?q=ketamine",
        "not found": "/no-such-page/",
    }


def page_html(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return soup(response.content.decode())


def settings_form(client, clinic):
    """The clinic settings form as the editor's browser posts it unchanged, and its URL."""
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", clinic.site_id])
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    for name, value in nested_form_data({name: streamfield([]) for name in STREAMS}).items():
        data[name] = value
    return url, data


class TestCrisisNotice:
    def test_the_footer_of_every_page_type_says_where_to_turn(self, client, clinic, every_page_type):
        for name, url in every_page_type.items():
            notice = page_html(client, url).select_one("footer .crisis-notice")
            assert notice is not None, name
            assert "thinking about suicide" in notice.get_text(), name
            links = {a["href"]: a.get_text() for a in notice.select("a")}
            assert links == {"tel:988": "call 988", "sms:988": "text 988", "tel:911": "911"}, name

    def test_a_condition_page_shows_it_near_the_top_as_a_labelled_aside(self, client, clinic, make_condition):
        condition = make_condition(body=[{"type": "text", "value": "<p>How ketamine may help.</p>"}])

        main = page_html(client, condition.url).select_one("main")

        aside = main.select_one('aside[aria-label="Crisis support"]')
        assert aside is not None
        assert "call 988" in aside.get_text()
        # After the title, before the page's own content.
        order = main.find_all(["h1", "aside", "div"])
        assert order.index(main.h1) < order.index(aside) < order.index(main.select_one(".block-text"))

    def test_other_pages_carry_it_only_in_the_footer(self, client, clinic, every_page_type):
        html = page_html(client, every_page_type["standard"])

        assert html.select("main .crisis-notice") == []

    @pytest.mark.parametrize("value", ["", "<p></p>", "<p> </p>"])
    def test_an_empty_notice_shows_nothing(self, client, clinic, make_condition, value):
        clinic.crisis_notice = value
        clinic.save()

        html = page_html(client, make_condition().url)

        assert html.select(".crisis-notice") == []
        assert html.select_one("footer") is not None

    def test_the_text_link_survives_the_settings_form(self, superuser_client, clinic):
        url, data = settings_form(superuser_client, clinic)

        response = superuser_client.post(url, data)

        assert response.status_code == 302
        clinic.refresh_from_db()
        assert 'href="sms:988"' in clinic.crisis_notice
        assert 'href="tel:988"' in clinic.crisis_notice

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("crisis_notice", rich_text("<p>Call 988\x00</p>"), "Null characters are not allowed."),
            ("crisis_notice", rich_text("<p>" + "Call 988. " * 60 + "</p>"), "at most 500 characters"),
            ("demo_banner", "A demonstration\x00", "Null characters are not allowed."),
            ("demo_banner", "A demonstration site. " * 20, "at most 300 characters"),
        ],
    )
    def test_nul_bytes_and_over_long_values_are_field_errors(
        self, superuser_client, clinic, field, value, error
    ):
        url, data = settings_form(superuser_client, clinic)
        data[field] = value

        response = superuser_client.post(url, data)

        assert response.status_code == 200
        assert any(error in message for message in response.context["form"].errors[field])


class TestLegalLinks:
    def make_legal_pages(self, home_page):
        return {
            name: StandardPageFactory(parent=home_page, title=title, slug=name)
            for name, title in [
                ("privacy", "Privacy notice"),
                ("terms", "Terms of use"),
                ("accessibility", "Accessibility statement"),
                ("nondiscrimination", "Non-discrimination notice"),
            ]
        }

    def footer_legal_links(self, client):
        nav = page_html(client, "/").select_one('footer nav[aria-labelledby="footer-legal"]')
        if nav is None:
            return None
        return [(a.get_text(), a["href"]) for a in nav.select("a")]

    def test_the_footer_lists_the_live_ones_in_order(self, client, clinic, home_page):
        pages = self.make_legal_pages(home_page)
        clinic.privacy_page = pages["privacy"]
        clinic.terms_page = pages["terms"]
        clinic.accessibility_page = pages["accessibility"]
        clinic.nondiscrimination_page = pages["nondiscrimination"]
        clinic.save()

        assert self.footer_legal_links(client) == [
            ("Privacy notice", "/privacy/"),
            ("Terms of use", "/terms/"),
            ("Accessibility statement", "/accessibility/"),
            ("Non-discrimination notice", "/nondiscrimination/"),
        ]

    def test_unpublished_private_and_deleted_pages_are_left_out(self, client, clinic, home_page):
        pages = self.make_legal_pages(home_page)
        pages["terms"].unpublish()
        PageViewRestriction.objects.create(
            page=pages["accessibility"], restriction_type=PageViewRestriction.LOGIN
        )
        clinic.privacy_page = pages["privacy"]
        clinic.terms_page = pages["terms"]
        clinic.accessibility_page = pages["accessibility"]
        clinic.nondiscrimination_page = pages["nondiscrimination"]
        clinic.save()
        Page.objects.get(pk=pages["nondiscrimination"].pk).delete()

        assert self.footer_legal_links(client) == [("Privacy notice", "/privacy/")]
        clinic.refresh_from_db()
        assert clinic.nondiscrimination_page is None

    def test_no_legal_list_without_links(self, client, clinic):
        assert self.footer_legal_links(client) is None

    def test_the_editor_is_warned_about_hidden_ones(self, clinic, home_page):
        pages = self.make_legal_pages(home_page)
        pages["terms"].unpublish()
        PageViewRestriction.objects.create(
            page=pages["accessibility"], restriction_type=PageViewRestriction.LOGIN
        )
        clinic.privacy_page = pages["privacy"]
        clinic.terms_page = pages["terms"]
        clinic.accessibility_page = pages["accessibility"]

        warnings = clinic.menu_warnings()

        assert len(warnings) == 2
        assert "terms of use \u201cTerms of use\u201d is not published or is private" in warnings[0]
        assert "accessibility statement \u201cAccessibility statement\u201d" in warnings[1]

    def test_the_settings_form_saves_them_with_a_warning(self, superuser_client, clinic, home_page):
        draft = StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy", live=False)
        url, data = settings_form(superuser_client, clinic)
        data["privacy_page"] = str(draft.pk)

        response = superuser_client.post(url, data, follow=True)

        messages = [str(message) for message in response.context["messages"]]
        assert any("privacy notice \u201cPrivacy notice\u201d is not published" in m for m in messages), (
            messages
        )
        clinic.refresh_from_db()
        assert clinic.privacy_page_id == draft.pk


class TestDemoBanner:
    def test_once_on_every_page_type_when_set(self, client, clinic, every_page_type):
        clinic.demo_banner = DEMO_BANNER
        clinic.save()

        for name, url in every_page_type.items():
            html = page_html(client, url)
            banners = html.select(".demo-banner")
            assert len(banners) == 1, name
            assert banners[0].get_text(strip=True) == DEMO_BANNER, name
            # Just below the header (a menu opening under the header never covers it), outside the
            # page's main content.
            assert banners[0].find_parent("main") is None
            assert banners[0].find_previous_sibling("header", class_="site-header") is not None, name
            assert banners[0].find_next("main") is not None, name

    @pytest.mark.parametrize("value", ["", "   "])
    def test_absent_when_blank(self, client, clinic, every_page_type, value):
        clinic.demo_banner = value
        clinic.save()

        for name, url in every_page_type.items():
            assert page_html(client, url).select(".demo-banner") == [], name


def test_reading_a_page_sets_no_cookie_as_the_privacy_notice_says(client, clinic, every_page_type):
    for name, url in every_page_type.items():
        response = client.get(url)
        assert dict(response.cookies) == {}, name
        assert "Set-Cookie" not in response.headers, name


class TestDemoPages:
    def test_made_once_and_left_as_they_are(self, home_page):
        created = []
        pages = add_site_pages(home_page, created)
        count = Page.objects.count()
        pages["privacy"].title = "Our privacy notice"
        pages["privacy"].save_revision().publish()

        created_again = []
        again = add_site_pages(home_page, created_again)

        assert {slug: page.pk for slug, page in again.items()} == {
            slug: page.pk for slug, page in pages.items()
        }
        assert Page.objects.count() == count
        assert created_again == []
        assert StandardPage.objects.get(slug="privacy").title == "Our privacy notice"
        assert len(created) == 1 + len(QUESTIONS["children"]) + len(LEGAL_PAGES)

    def test_the_questions_page_leads_to_each_faq_page(self, client, home_page):
        add_site_pages(home_page)

        html = page_html(client, "/questions/")

        links = {a["href"] for a in html.select("main a")}
        assert {f"/questions/{slug}/" for slug in QUESTIONS["children"]} <= links

    @pytest.mark.parametrize("slug", list(QUESTIONS["children"]))
    def test_each_faq_page_has_its_faqpage_json_ld(self, client, home_page, slug):
        add_site_pages(home_page)

        html = page_html(client, f"/questions/{slug}/")

        data = [json.loads(script.string) for script in html.select('script[type="application/ld+json"]')]
        faq = next(item for item in data if item.get("@type") == "FAQPage")
        questions = [item["name"] for item in faq["mainEntity"]]
        assert questions == [summary.get_text() for summary in html.select("summary.faq__question")]
        assert all(item["acceptedAnswer"]["text"] for item in faq["mainEntity"])

    def test_link_site_pages_fills_only_what_is_empty(self, clinic, home_page):
        pages = add_site_pages(home_page)
        chosen = StandardPageFactory(parent=home_page, title="Terms", slug="our-terms")
        clinic.terms_page = chosen
        clinic.crisis_notice = ""
        clinic.save()

        assert link_site_pages(clinic, pages) is True

        clinic.refresh_from_db()
        assert clinic.privacy_page_id == pages["privacy"].pk
        assert clinic.terms_page_id == chosen.pk
        assert clinic.accessibility_page_id == pages["accessibility"].pk
        assert clinic.nondiscrimination_page_id == pages["non-discrimination"].pk
        assert 'href="sms:988"' in clinic.crisis_notice
        assert clinic.demo_banner == DEMO_BANNER
        assert link_site_pages(clinic, pages) is False

    def test_an_editors_banner_and_notice_stay(self, clinic, home_page):
        clinic.demo_banner = "A demonstration of the clinic's new site."
        clinic.crisis_notice = "<p>Call 988.</p>"
        clinic.save()

        link_site_pages(clinic, add_site_pages(home_page))

        clinic.refresh_from_db()
        assert clinic.demo_banner == "A demonstration of the clinic's new site."
        assert clinic.crisis_notice == "<p>Call 988.</p>"

    def test_the_pages_are_valid_html(self, client, clinic, home_page, make_condition, tmp_path):
        link_site_pages(clinic, add_site_pages(home_page))
        condition = make_condition()

        for url in [
            "/privacy/",
            "/non-discrimination/",
            "/questions/",
            "/questions/safety-and-side-effects/",
        ]:
            assert html_errors(client.get(url).content, tmp_path) == [], url
        assert html_errors(client.get(condition.url).content, tmp_path) == [], condition.url
