"""The demo content command: the seed page rebuilt in order, and idempotent."""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision

import pytest
from bs4 import BeautifulSoup

from conditions.models import ConditionPage
from evidence.models import Study
from home.models import HomePage
from site_config.demo_images import COLLECTION_NAME, DEMO_IMAGES, IMAGES_DIR, file_hash
from stories.models import ArticlePage, Person, Testimonial

pytestmark = pytest.mark.django_db

SUD_URL = "/conditions/substance-use-disorder/"

# Every part of shared/seed/000_c0a9739990dd75f5.txt, in the seed's order.
SEED_ORDER = [
    "Ketamine for Substance Use Disorder",
    "Reduce Cravings",
    "is considered \u201coff-label use\u201d by the FDA",
    "While still experimental",
    "Avoid Relapse",
    "How ketamine works to treat addictions",
    "Ketamine blocks the NMDA receptor",
    "Ketamine regrows and strengthens neurons",
    "65.8%",
    "One-year alcohol abstinence rates",
    "50%",
    "One-year heroin abstinence rates",
    "Substance Use Disorder research",
    "Seven studies were reviewed",
    "Ketamine reduced benzodiazepine requirements",
    "management of opioid withdrawal in a woman with chronic pain",
    "as a bridge to successful initiation of buprenorphine",
    "This place saved my life",
    "Adelle P",
    "Treatment options for substance abuse",
    "Ketamine + Therapy",
    "Related articles",
    "Mental Health Awareness Month: Breaking Barriers with Compassion",
    "Who is a Good Candidate for Ketamine Treatment?",
]


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "studies": Study.objects.count(),
        "testimonials": Testimonial.objects.count(),
        "images": get_image_model().objects.count(),
        "collections": Collection.objects.count(),
    }


def main_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_builds_the_demo_site(client, demo):

    for url in ["/", "/conditions/", SUD_URL, "/treatments/ketamine-therapy/", "/articles/", "/contact/"]:
        assert client.get(url).status_code == 200, url
    assert ConditionPage.objects.live().get(slug="substance-use-disorder").url == SUD_URL
    assert ArticlePage.objects.live().count() == 5
    assert ConditionPage.objects.live().count() == 3


def test_sud_page_shows_every_seed_part_in_order(client, demo):
    text = main_text(client, SUD_URL).get_text(" ", strip=True)

    positions = []
    for part in SEED_ORDER:
        assert part in text, part
        positions.append(text.index(part, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "DB+" not in text  # page-builder debris from the copy


def test_each_stat_shows_its_source(client, demo):
    main = main_text(client, SUD_URL)

    stats = main.select(".stat")
    assert len(stats) == 2
    sources = [" ".join(stat.select_one(".stat__source").get_text().split()) for stat in stats]
    assert sources == ["Source: Krupitsky et al., 1997 [1]", "Source: Krupitsky et al., 2007 [2]"]
    assert stats[0].select_one(".stat__source a")["href"] == "https://doi.org/10.1080/02791072.1997.10400185"


def test_unknown_citations_are_marked_pending_not_invented(client, demo):
    rows = main_text(client, SUD_URL).select(".evidence-table tbody tr")

    assert len(rows) == 4
    assert "citation pending" not in rows[0].get_text()
    assert rows[0].select_one("a")["href"] == "https://doi.org/10.3389/fpsyt.2018.00277"
    for row in rows[1:]:
        assert "citation pending" in row.get_text()
        # No link to a source that is not known; only the link to the reference list.
        assert [a["href"] for a in row.select("a")] == [a["href"] for a in row.select("a.reference-link")]


def test_running_twice_changes_nothing():
    call_command("load_demo_content")
    first = counts()
    sud_revision = ConditionPage.objects.get(slug="substance-use-disorder").latest_revision_id

    call_command("load_demo_content")

    assert counts() == first
    assert ConditionPage.objects.get(slug="substance-use-disorder").latest_revision_id == sud_revision


def test_keeps_an_editors_changes():
    call_command("load_demo_content")
    page = ConditionPage.objects.get(slug="substance-use-disorder")
    page.title = "Ketamine for addiction"
    page.save()  # as approval would publish it

    call_command("load_demo_content")

    assert ConditionPage.objects.get(slug="substance-use-disorder").title == "Ketamine for addiction"


def test_demo_admin_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_content", "--demo-admin")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_admin_can_log_in_in_development(settings, client):
    settings.DEBUG = True
    call_command("load_demo_content", "--demo-admin")
    call_command("load_demo_content", "--demo-admin")

    assert client.login(username="admin", password="demo-admin-dev-only")
    assert client.get("/admin/").status_code == 200
    # The other demo logins have their real roles, not an administrator's.
    users = get_user_model().objects.filter(username__in=["editor", "reviewer"])
    assert {
        (user.username, user.is_superuser, *user.groups.values_list("name", flat=True)) for user in users
    } == {
        ("editor", False, "Editors"),
        ("reviewer", False, "Medical reviewers"),
    }


def test_articles_have_topics_an_author_and_related_reading(client, demo):
    candidate = ArticlePage.objects.get(slug="who-is-a-good-candidate-for-ketamine-treatment")

    assert set(candidate.conditions.values_list("slug", flat=True)) == {
        "substance-use-disorder",
        "depression",
        "ptsd",
    }
    assert candidate.author.name == "Clinic editorial team"
    related = main_text(client, candidate.url).select(".related-articles li h3")
    assert len(related) == 3 and candidate.title not in [h.get_text(strip=True) for h in related]


def test_testimonial_is_live_with_complete_consent(demo):
    testimonial = Testimonial.objects.get(attribution="Adelle P")
    assert testimonial.live and testimonial.has_consent
    assert testimonial.consent_scope == "website"
    assert testimonial.consent_expires is not None and not testimonial.consent_expired
    assert testimonial.condition.slug == "substance-use-disorder"


def test_the_home_page_is_composed_of_the_home_blocks(client, demo):
    main = main_text(client, "/")

    assert [block.block_type for block in HomePage.objects.get().body] == [
        "hero",
        "page_cards",
        "steps",
        "testimonial",
        "team",
        "page_cards",
        # The booking call to action, written once for every page that shows it.
        "reusable_content",
    ]
    assert main.select_one(".hero picture img")["loading"] == "eager"
    conditions, articles = main.select(".page-cards")
    # The condition pages, as their index lists them; the latest three articles, newest first.
    assert [a.get_text() for a in conditions.select(".card__title a")] == [
        page.title for page in ConditionPage.objects.live().order_by("path")
    ]
    assert [a.get_text() for a in articles.select(".card__title a")] == [
        page.title for page in ArticlePage.objects.live().order_by("-date")[:3]
    ]
    assert len(articles.select(".card picture")) == 3
    assert [li.find("h3").get_text() for li in main.select(".steps li")] == [
        "A free consultation",
        "A medical assessment",
        "Treatment sessions",
        "Therapy and follow-up",
    ]
    assert main.select_one(".testimonial__attribution").get_text() == "Adelle P, patient"
    assert [h.get_text() for h in main.select(".team .person__name")] == [
        "Jordan Avery, MD",
        "Riley Chen, PMHNP-BC",
        "Clinic editorial team",
    ]
    assert "names the clinician who reviewed it" in main.select_one(".team__statement").get_text()
    assert len(main.select(".team .person picture")) == 3
    assert main.select_one(".cta a")["href"] == "/book/"


# The demo's pictures (site_config/demo_images.py, drawn by scripts/make_demo_images.py).
LICENCE = IMAGES_DIR.parent / "LICENSE"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_demo_images.py"
# Demo pages that show pictures -> what must hold one (a CSS selector), and how many at least.
PICTURED_PAGES = {
    "/": {".hero--with-image": 1},
    SUD_URL: {".hero--with-image": 1, ".image-text--with-image": 1, ".related-articles": 1},
    "/conditions/depression/": {".hero--with-image": 1},
    "/conditions/ptsd/": {".hero--with-image": 1},
    "/treatments/ketamine-therapy/": {".hero--with-image": 1, "figure.figure": 1},
    "/contact/": {".card-grid li": 3},
    "/articles/": {".card": 5},
    **{
        f"/articles/{slug}/": {".article__hero": 1}
        for slug in [
            "mental-health-awareness-month",
            "who-is-a-good-candidate-for-ketamine-treatment",
            "what-to-expect-at-your-first-appointment",
            "talking-with-family-about-trauma-and-treatment",
            "recovery-is-not-a-straight-line",
        ]
    },
}


def image_urls(soup):
    """Every address an image is fetched from: img src and srcset, source srcset, preloads, og:image."""
    for img in soup.select("img[src]"):
        yield img["src"]
    for tag in soup.select("img[srcset], source[srcset]"):
        yield from (candidate.split()[0] for candidate in tag["srcset"].split(","))
    for link in soup.select("link[rel~=preload][as=image]"):
        yield from (
            candidate.split()[0] for candidate in link.get("imagesrcset", link.get("href", "")).split(",")
        )
    for meta in soup.select('meta[property="og:image"], meta[name="twitter:image"]'):
        yield meta["content"]


def test_every_demo_image_file_is_in_the_library(demo):
    Image = get_image_model()

    files = sorted(path.name for path in IMAGES_DIR.iterdir())
    assert files == sorted(demo.file for demo in DEMO_IMAGES.values())
    collection = Collection.objects.get(name=COLLECTION_NAME)
    for name in files:
        image = Image.objects.get(file_hash=file_hash(IMAGES_DIR / name))
        assert image.collection == collection
        assert image.title and image.description, name
    # A hero is cropped to 4:3: its focal point keeps the subject (the sun, the path) in the crop.
    home_hero = Image.objects.get(title=DEMO_IMAGES["hero_home"].title)
    assert (home_hero.width, home_hero.height) == (2400, 1200)
    assert home_hero.has_focal_point() and home_hero.focal_point_x > 1200
    # The people have photos: the articles' author (and the demo reviewer, below).
    assert ArticlePage.objects.first().author.photo.title == DEMO_IMAGES["portrait_editorial_team"].title


def test_demo_pages_show_responsive_pictures_from_the_sites_media(client, demo):

    for url, expected in PICTURED_PAGES.items():
        main = main_text(client, url)
        for selector, count in expected.items():
            assert len(main.select(f"{selector} picture")) >= count, (url, selector)
        for picture in main.select("picture"):
            types = {source.get("type") for source in picture.select("source")}
            assert {"image/avif", "image/webp"} <= types, url
            img = picture.find("img")
            assert img["width"].isdigit() and img["height"].isdigit(), url
            assert img.has_attr("alt"), url
        # A hero opens the page: its image is fetched at once, never lazily.
        assert all(img["loading"] == "eager" for img in main.select(".hero img")), url
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for address in image_urls(soup):
            parts = urlsplit(address)
            # On this site (its own host, or no host), from its media or its static files.
            assert parts.netloc in ("", "localhost", "testserver"), (url, address)
            assert parts.path.startswith((settings.MEDIA_URL, settings.STATIC_URL)), (url, address)


def test_sud_hero_image_is_fetched_first_and_the_others_lazily(client, demo):
    main = main_text(client, SUD_URL)

    hero, *others = main.select("picture img")
    assert main.select_one(".hero--with-image img") is hero
    assert hero["loading"] == "eager" and hero["fetchpriority"] == "high"
    assert hero["alt"] == ""  # decorative: the heading beside it says what the page is about
    assert others and all(img["loading"] == "lazy" for img in others)
    beside_text = main.select_one(".image-text--with-image img")
    assert beside_text["alt"].startswith("A quiet room with a large window")


def test_the_demo_reviewer_has_a_photo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", "--demo-admin")

    reviewer = Person.objects.get(user__username="reviewer")
    assert reviewer.photo.title == DEMO_IMAGES["portrait_reviewer"].title


def test_the_licence_names_every_demo_image_file():
    licence = LICENCE.read_text()
    images_section = licence[licence.index("Images\n------") :]

    named = set(re.findall(r"images/([\w.-]+\.(?:jpg|png|webp))", images_section))
    assert named == {path.name for path in IMAGES_DIR.iterdir()}
    assert "CC0 1.0" in licence and "scripts/make_demo_images.py" in images_section


def test_the_demo_images_are_small():
    total = sum(path.stat().st_size for path in IMAGES_DIR.iterdir())
    assert total < 1_500_000
    assert max(path.stat().st_size for path in IMAGES_DIR.iterdir()) < 150_000


def test_the_script_draws_the_committed_images(tmp_path):
    """The licence's command makes these very files (one scene, to keep the test quick)."""
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), "portrait-clinician-1"],
        check=True,
        capture_output=True,
    )
    drawn = tmp_path / "portrait-clinician-1.jpg"
    assert drawn.read_bytes() == (IMAGES_DIR / "portrait-clinician-1.jpg").read_bytes()


@pytest.mark.parametrize(
    ("url", "condition_words", "cited"),
    [
        ("/conditions/depression/", "depression", ["Zarate et al., 2006"]),
        ("/conditions/ptsd/", "PTSD", ["Feder et al., 2014", "Feder et al., 2021"]),
    ],
)
def test_each_condition_page_s_claims_rest_on_its_own_studies_and_its_own_disclaimer(
    client, url, condition_words, cited, demo
):
    main = main_text(client, url)
    # The off-label notice speaks of this condition, not of addictions (the SUD page's notice).
    (notice,) = main.select("aside.notice--disclaimer")
    assert condition_words in notice.get_text() and "addiction" not in notice.get_text()
    # Every study the text names is in the page's evidence table, with its citation.
    table = main.select_one(".evidence-table").get_text(" ", strip=True)
    for citation in cited:
        assert citation in table
    assert "Citation pending" not in table
