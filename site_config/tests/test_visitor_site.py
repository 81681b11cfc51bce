"""What every visitor gets on every demo page type: findability, privacy, a small page, sound structure."""

import gzip
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

import pytest
from bs4 import BeautifulSoup

from site_config.demo_data import DEMO_PAGES

pytestmark = pytest.mark.django_db

SUD = DEMO_PAGES["condition"]
BUDGET_BYTES = 60 * 1024
PHONE_IMAGE_PX = 2 * 390


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, BeautifulSoup(response.content, "html.parser")


def ld_objects(html):
    objects = []
    for script in html.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        objects += data.get("@graph", [data])
    return {item["@type"]: item for item in objects}


class TestFindability:
    def test_titles_and_descriptions_are_unique_and_present(self, client, demo):
        titles, descriptions = {}, {}
        for name, url in DEMO_PAGES.items():
            if name == "search":
                continue
            _, html = get(client, url)
            titles[name] = html.title.get_text()
            description = html.select_one('meta[name="description"]')
            assert description and 20 <= len(description["content"]) <= 160, name
            descriptions[name] = description["content"]
        assert len(set(titles.values())) == len(titles)
        assert len(set(descriptions.values())) == len(descriptions)

    def test_the_editors_description_wins_over_the_fallback(self, client, demo):
        from conditions.models import ConditionPage

        page = ConditionPage.objects.get(slug="substance-use-disorder")
        page.search_description = "Written for search engines by the editor."
        page.save()  # as approval would publish it
        _, html = get(client, SUD)
        assert (
            html.select_one('meta[name="description"]')["content"]
            == "Written for search engines by the editor."
        )

    @pytest.mark.parametrize("name", [n for n in DEMO_PAGES if n != "search"])
    def test_canonical_and_social_tags(self, client, demo, name):
        _, html = get(client, DEMO_PAGES[name])
        canonical = html.select_one('link[rel="canonical"]')["href"]
        assert urlsplit(canonical).path == urlsplit(DEMO_PAGES[name]).path
        meta = {
            tag.get("property") or tag.get("name"): tag["content"] for tag in html.select("meta[content]")
        }
        assert meta["og:url"] == canonical
        assert meta["og:title"] and meta["og:description"] and meta["og:site_name"]
        assert meta["og:image"].startswith("http") and meta["og:image"].endswith((".png", ".jpg", ".jpeg"))
        assert meta["og:type"] == ("article" if name == "article" else "website")
        assert meta["twitter:card"] == "summary_large_image"

    def test_json_ld_types_and_fields(self, client, demo):
        _, home = get(client, "/")
        assert ld_objects(home)["MedicalClinic"]["telephone"] == "(503) 555-0100"
        assert "BreadcrumbList" not in ld_objects(home)

        _, condition = get(client, SUD)
        data = ld_objects(condition)
        assert data["MedicalWebPage"]["about"] == {
            "@type": "MedicalCondition",
            "name": "Substance use disorder",
        }
        assert len(data["MedicalWebPage"]["citation"]) == 3  # the three studies with a known citation
        crumbs = data["BreadcrumbList"]["itemListElement"]
        assert [c["name"] for c in crumbs] == [
            "Northwest Ketamine Clinics",
            "Conditions we treat",
            "Ketamine for Substance Use Disorder",
        ]
        assert [c["position"] for c in crumbs] == [1, 2, 3]

        _, article = get(client, DEMO_PAGES["article"])
        post = ld_objects(article)["BlogPosting"]
        assert post["headline"] == "Who is a Good Candidate for Ketamine Treatment?"
        assert post["datePublished"] == "2026-06-10"
        assert post["author"]["name"] == "Clinic editorial team"
        assert post["publisher"]["@id"] == ld_objects(article)["MedicalClinic"]["@id"]

    def test_sitemap_lists_live_public_pages_and_robots_points_to_it(self, client, demo):
        from conditions.models import ConditionPage

        ConditionPage.objects.get(slug="ptsd").unpublish()
        sitemap = client.get("/sitemap.xml").content.decode()
        assert "/conditions/substance-use-disorder/</loc>" in sitemap
        assert "/conditions/ptsd/" not in sitemap

        robots = client.get("/robots.txt")
        assert robots["Content-Type"].startswith("text/plain")
        assert "Disallow: /admin/" in robots.content.decode()
        assert re.search(r"^Sitemap: http://testserver/sitemap.xml$", robots.content.decode(), re.M)


class TestPrivacy:
    @pytest.mark.parametrize("name", list(DEMO_PAGES))
    def test_no_third_party_requests_and_a_strict_referrer_policy(self, client, demo, name):
        response, html = get(client, DEMO_PAGES[name])
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        loaded = [tag.get("src") for tag in html.select("[src]")]
        loaded += [tag["href"] for tag in html.select("link[href]") if tag.get("rel") != ["canonical"]]
        loaded += [url.split()[0] for tag in html.select("[srcset]") for url in tag["srcset"].split(",")]
        for url in loaded:
            assert urlsplit(url).netloc in ("", "testserver"), f"{name} loads {url}"
        assert not html.select("iframe")
        assert not re.search(
            r"google-analytics|googletagmanager|facebook\.net|hotjar|gtag\(", response.content.decode()
        )


class TestPerformanceBudget:
    @pytest.mark.parametrize("name", ["home", "condition", "article"])
    def test_the_page_is_small_and_blocks_on_one_stylesheet_only(self, client, demo, name):
        response, html = get(client, DEMO_PAGES[name])
        stylesheets = html.select('link[rel="stylesheet"]')
        assert len(stylesheets) == 1
        scripts = html.select("script[src]")
        assert all(script.has_attr("defer") or script.has_attr("async") for script in scripts)

        assets = [response.content]
        for url in [stylesheets[0]["href"]] + [script["src"] for script in scripts]:
            path = finders.find(url.removeprefix("/static/"))
            assert path, url
            assets.append(open(path, "rb").read())  # noqa: SIM115
        compressed = sum(len(gzip.compress(asset)) for asset in assets)
        print(f"{name} page, HTML+CSS+JS gzipped: {compressed} bytes")
        assert compressed < BUDGET_BYTES

    @pytest.mark.parametrize("name", ["home", "condition", "article"])
    def test_no_image_a_phone_loads_is_over_150_kb(self, client, demo, name):
        """At 390 px (up to 2x density, 780 px), a phone takes the narrowest rendition of each
        image that is at least that wide, or the widest there is."""
        _, html = get(client, DEMO_PAGES[name])
        chosen = []
        for tag in html.select("main source[srcset], main img[srcset]"):
            parts = [candidate.split() for candidate in tag["srcset"].split(",")]
            # A candidate without a width descriptor is one size: it counts as the narrowest.
            candidates = sorted((int(p[1][:-1]) if p[1:] and p[1].endswith("w") else 0, p[0]) for p in parts)
            chosen.append(next((c for c in candidates if c[0] >= PHONE_IMAGE_PX), candidates[-1])[1])
        assert chosen, f"the {name} page shows no picture"
        sizes = {url: default_storage.size(url.removeprefix(settings.MEDIA_URL)) for url in chosen}
        print(f"{name} page, largest image at 390 px: {max(sizes.values())} bytes")
        assert max(sizes.values()) < 150_000, sizes

    def test_content_needs_no_javascript(self, client, demo):
        _, html = get(client, SUD)
        for script in html.select("script"):
            script.decompose()
        text = html.get_text(" ")
        for part in [
            "Reduce Cravings",
            "65.8%",
            "Substance Use Disorder research",
            "This place saved my life",
            "References",
        ]:
            assert part in text


class TestStructure:
    @pytest.mark.parametrize("name", list(DEMO_PAGES))
    def test_one_h1_landmarks_and_no_skipped_heading_levels(self, client, demo, name):
        _, html = get(client, DEMO_PAGES[name])
        levels = [int(h.name[1]) for h in html.select("h1, h2, h3, h4, h5, h6")]
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        assert html.select_one("header") and html.select_one("main#main") and html.select_one("footer")
        assert html.select_one('a.skip-link[href="#main"]')
        assert html.html["lang"] == "en"

    def test_friendly_404(self, client, demo):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert (
            "Page not found" in response.content.decode() and 'href="/search/"' in response.content.decode()
        )
