"""The demo content command: the seed page rebuilt in order, and idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest
from bs4 import BeautifulSoup

from conditions.models import ConditionPage
from evidence.models import Study
from stories.models import ArticlePage, Testimonial

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
    }


def main_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_builds_the_demo_site(client):
    call_command("load_demo_content")

    for url in ["/", "/conditions/", SUD_URL, "/treatments/ketamine-therapy/", "/articles/", "/contact/"]:
        assert client.get(url).status_code == 200, url
    assert ConditionPage.objects.live().get(slug="substance-use-disorder").url == SUD_URL
    assert ArticlePage.objects.live().count() == 5
    assert ConditionPage.objects.live().count() == 3


def test_sud_page_shows_every_seed_part_in_order(client):
    call_command("load_demo_content")
    text = main_text(client, SUD_URL).get_text(" ", strip=True)

    positions = []
    for part in SEED_ORDER:
        assert part in text, part
        positions.append(text.index(part, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "DB+" not in text  # page-builder debris from the copy


def test_each_stat_shows_its_source(client):
    call_command("load_demo_content")
    main = main_text(client, SUD_URL)

    stats = main.select(".stat")
    assert len(stats) == 2
    sources = [" ".join(stat.select_one(".stat__source").get_text().split()) for stat in stats]
    assert sources == ["Source: Krupitsky et al., 1997 [1]", "Source: Krupitsky et al., 2007 [2]"]
    assert stats[0].select_one(".stat__source a")["href"] == "https://doi.org/10.1080/02791072.1997.10400185"


def test_unknown_citations_are_marked_pending_not_invented(client):
    call_command("load_demo_content")
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


def test_articles_have_topics_an_author_and_related_reading(client):
    call_command("load_demo_content")
    candidate = ArticlePage.objects.get(slug="who-is-a-good-candidate-for-ketamine-treatment")

    assert set(candidate.conditions.values_list("slug", flat=True)) == {
        "substance-use-disorder",
        "depression",
        "ptsd",
    }
    assert candidate.author.name == "Clinic editorial team"
    related = main_text(client, candidate.url).select(".related-articles li h3")
    assert len(related) == 3 and candidate.title not in [h.get_text(strip=True) for h in related]


def test_testimonial_is_live_with_complete_consent():
    call_command("load_demo_content")
    testimonial = Testimonial.objects.get(attribution="Adelle P")
    assert testimonial.live and testimonial.has_consent
    assert testimonial.consent_scope == "website"
    assert testimonial.consent_expires is not None and not testimonial.consent_expired
    assert testimonial.condition.slug == "substance-use-disorder"
