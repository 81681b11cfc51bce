"""The team page and the clinicians' public profiles, served from People at /team/<slug>/, and
the links to a profile from the review byline, the article's author and the team block."""

import datetime
import json
from types import SimpleNamespace

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.tests.factories import StandardPageFactory
from home.tests.support import html_errors, queries_to_serve
from stories.models import Person, TeamIndexPage

from .factories import PersonFactory
from .support import make_private, soup

LICENCE = "Oregon Medical Board, MD 204518"


@pytest.fixture
def team_page(home_page):
    page = TeamIndexPage(title="Our clinicians", slug="team", intro="The people who care for you.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_photo(make_image):
    def make(title="Portrait"):
        return make_image(title=title, size=(800, 800))

    return make


def clinician(**fields):
    data = {
        "name": "Jordan Avery",
        "credentials": "MD",
        "role": "Medical director",
        "public_profile": True,
        "specialties": "Psychiatry, Addiction psychiatry",
        "languages": "English, Spanish",
        "licensure": [{"type": "licence", "value": LICENCE}],
        "biography": "<p>Dr Avery leads the <b>medical team</b>.</p>",
        "bio": "Leads the clinic's medical team.",
        **fields,
    }
    return PersonFactory(**data)


def json_ld(response):
    """Every JSON-LD object of the page, the @graph ones flattened in."""
    found = []
    for script in soup(response).select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        found += data.get("@graph", [data])
    return found


def of_type(objects, name):
    return [o for o in objects if name in ([o["@type"]] if isinstance(o["@type"], str) else o["@type"])]


# The record


def test_the_slug_is_made_from_the_name_and_kept_unique(db):
    first = Person.objects.create(name="Zoë O'Brien")
    second = Person.objects.create(name="Zoë O'Brien")
    assert (first.slug, second.slug) == ("zoe-obrien", "zoe-obrien-2")
    second.name = "Someone Else"
    second.save()
    assert second.slug == "zoe-obrien-2", "an existing address stays when the name changes"


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Jordan\x00Avery"),
        ("specialties", "Psychiatry\x00"),
        ("languages", "English\x00"),
        ("biography", "<p>Bio\x00</p>"),
        ("name", "x" * 121),
        ("specialties", "x" * 251),
        ("bio", "x" * 601),
        ("slug", "not a slug!"),
    ],
)
def test_a_nul_byte_or_an_overlong_value_is_a_field_error(db, field, value):
    person = Person(**{"name": "Jordan Avery", field: value})
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert field in error.value.message_dict


def test_an_overlong_licence_is_an_error_on_the_licence(db):
    person = Person(name="Jordan Avery", licensure=[{"type": "licence", "value": "x" * 201}])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "licensure" in error.value.message_dict


def test_the_people_admin_saves_a_public_profile(superuser_client):
    """The fields are on the People form: an editor fills a profile in the admin."""
    url = reverse("wagtailsnippets_stories_person:add")
    form = superuser_client.get(url).content.decode()
    for name in ("public_profile", "slug", "specialties", "languages", "biography"):
        assert f'name="{name}"' in form, name
    assert 'id="licensure"' in form
    response = superuser_client.post(
        url,
        {
            "name": "Riley Chen",
            "credentials": "PMHNP-BC",
            "role": "Nurse practitioner",
            "bio": "",
            "public_profile": "on",
            "slug": "",
            "specialties": "Psychiatric nursing",
            "languages": "English\x00",
            "licensure-count": "0",
            "biography": "null",
        },
    )
    assert response.status_code == 200, "a NUL byte must keep the form open with an error"
    assert "Null characters are not allowed" in response.content.decode()
    assert not Person.objects.exists()

    data = nested_form_data(
        {
            "name": "Riley Chen",
            "credentials": "PMHNP-BC",
            "role": "Nurse practitioner",
            "bio": "",
            "public_profile": "on",
            "slug": "",
            "specialties": "Psychiatric nursing",
            "languages": "English, Mandarin",
            "licensure": streamfield([("licence", "Oregon State Board of Nursing, NP 201804562")]),
            "biography": rich_text("<p>Twelve years in psychiatric nursing.</p>"),
        }
    )
    assert superuser_client.post(url, data).status_code == 302
    riley = Person.objects.get()
    assert (riley.slug, riley.licences) == ("riley-chen", ["Oregon State Board of Nursing, NP 201804562"])
    assert riley.language_list == ["English", "Mandarin"]
    assert "Twelve years" in riley.biography


# The team page and the profiles


def test_the_team_page_lists_the_people_with_a_public_profile(client, team_page, make_photo):
    avery = clinician(photo=make_photo())
    PersonFactory(name="Clinic editorial team", credentials="", public_profile=False)
    html = soup(client.get(team_page.url))
    people = html.select("main .person")
    assert [p.select_one(".person__name").get_text() for p in people] == ["Jordan Avery, MD"]
    assert people[0].select_one(".person__name a")["href"] == "/team/jordan-avery/"
    assert people[0].select_one(".person__role").get_text() == "Medical director"
    assert people[0].select_one("picture img")["alt"] == ""
    assert avery.get_profile_url() == "/team/jordan-avery/"


def test_a_profile_shows_the_person_from_people(client, team_page, make_photo, make_article):
    avery = clinician(photo=make_photo())
    make_article(title="Ketamine and the brain", author=avery)
    hidden = make_article(title="An unpublished article", author=avery)
    hidden.unpublish()
    response = client.get("/team/jordan-avery/")
    html = soup(response)
    main = html.select_one("main")
    assert main.find("h1").get_text() == "Jordan Avery, MD"
    assert main.select_one(".lead").get_text() == "Medical director"
    facts = {dt.get_text(): [dd.get_text() for dd in dt.find_next_siblings("dd")] for dt in main.select("dt")}
    assert facts["Specialties"][0] == "Psychiatry, Addiction psychiatry"
    assert facts["Languages"][0] == "English, Spanish"
    assert facts["Licensure"] == [LICENCE]
    assert main.select_one(".profile__biography b").get_text() == "medical team"
    assert main.select_one(".profile__photo") is not None
    assert [a.get_text() for a in main.select("#profile-articles ~ ul a")] == ["Ketamine and the brain"]
    # The document is the profile: its title, description and canonical address.
    assert html.title.get_text().startswith("Jordan Avery, MD | ")
    assert html.select_one('meta[name="description"]')["content"] == "Leads the clinic's medical team."
    assert html.select_one('link[rel="canonical"]')["href"] == "http://localhost/team/jordan-avery/"
    assert html.select_one('meta[property="og:url"]')["content"] == "http://localhost/team/jordan-avery/"
    # A change in People shows at once: the profile is not a copy.
    Person.objects.filter(pk=avery.pk).update(role="Chief medical officer")
    assert "Chief medical officer" in client.get("/team/jordan-avery/").content.decode()


def test_a_profile_lists_the_live_pages_the_person_reviewed(
    client, team_page, make_condition, make_treatment
):
    avery = clinician()
    other = PersonFactory(name="Other Reviewer")
    reviewed = {"reviewed_by": avery, "last_reviewed": datetime.date(2026, 3, 1)}
    make_condition(title="Ketamine for Depression", slug="depression", **reviewed)
    make_treatment(title="Ketamine + Therapy", **reviewed)
    make_condition(title="Reviewed by another", slug="other", reviewed_by=other)
    draft = make_condition(title="Taken down", slug="down", **reviewed)
    draft.unpublish()
    html = soup(client.get("/team/jordan-avery/"))
    assert [a.get_text() for a in html.select("#profile-reviewed ~ ul a")] == [
        "Ketamine + Therapy",
        "Ketamine for Depression",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/team/nobody/",
        "/team/clinic-editorial-team/",  # a person without a public profile
        "/team/jordan-avery/extra/",
        "/team/%00/",
        "/team/jordan-avery%00/",
        "/team/..%2F..%2Fadmin/",
        "/team/%3Cscript%3E/",
        "/team/" + "a" * 5000 + "/",
        "/team/jördan/",
        "/team/JORDAN-AVERY'--/",
    ],
)
def test_an_unknown_or_hostile_slug_is_not_found(client, team_page, path):
    clinician()
    PersonFactory(name="Clinic editorial team", public_profile=False)
    assert client.get(path).status_code == 404


def test_no_profile_is_served_or_linked_while_the_team_page_is_not_live(client, team_page, make_article):
    avery = clinician()
    article = make_article(author=avery)
    team_page.unpublish()
    assert client.get("/team/jordan-avery/").status_code == 404
    assert avery.get_profile_url() == ""
    assert "/team/" not in client.get(article.url).content.decode()


def test_no_profile_is_linked_while_the_team_page_is_private(client, team_page, make_article):
    avery = clinician()
    article = make_article(author=avery)
    make_private(team_page)
    assert "/team/" not in client.get(article.url).content.decode()


# JSON-LD


def test_a_physicians_profile_is_a_physician_for_search_engines(client, team_page, make_photo):
    clinician(photo=make_photo())
    (data,) = of_type(json_ld(client.get("/team/jordan-avery/")), "Physician")
    assert data["@type"] == ["Physician", "Person"]
    assert data["name"] == "Jordan Avery"
    assert data["honorificSuffix"] == "MD"
    assert data["jobTitle"] == "Medical director"
    assert data["url"] == "http://localhost/team/jordan-avery/"
    assert data["knowsLanguage"] == ["English", "Spanish"]
    assert data["medicalSpecialty"] == ["https://schema.org/Psychiatric"]
    assert data["worksFor"] == {"@id": "http://localhost/#clinic"}
    assert data["image"].startswith("http://localhost/") and data["image"].endswith(".jpg")
    clinic = of_type(json_ld(client.get("/team/jordan-avery/")), "MedicalClinic")
    assert clinic[0]["@id"] == data["worksFor"]["@id"]


def test_a_nurse_practitioners_profile_is_a_person(client, team_page):
    clinician(name="Riley Chen", credentials="PMHNP-BC", role="Nurse practitioner", specialties="Psychiatry")
    objects = json_ld(client.get("/team/riley-chen/"))
    assert not of_type(objects, "Physician")
    (data,) = [o for o in of_type(objects, "Person") if o.get("name") == "Riley Chen"]
    assert data["honorificSuffix"] == "PMHNP-BC"
    assert "medicalSpecialty" not in data, "schema.org gives a medical specialty to physicians only"


def test_the_team_page_is_a_list_of_its_people(client, team_page):
    clinician(name="Jordan Avery")
    clinician(name="Riley Chen", credentials="PMHNP-BC")
    PersonFactory(name="Clinic editorial team", public_profile=False)
    (data,) = of_type(json_ld(client.get(team_page.url)), "ItemList")
    assert [(i["position"], i["item"]["name"], i["item"]["url"]) for i in data["itemListElement"]] == [
        (1, "Jordan Avery", "http://localhost/team/jordan-avery/"),
        (2, "Riley Chen", "http://localhost/team/riley-chen/"),
    ]


# Links to the profile


def test_the_article_author_links_to_the_profile(client, team_page, make_article):
    article = make_article(author=clinician())
    html = soup(client.get(article.url))
    assert html.select_one(".page-header .card__meta a")["href"] == "/team/jordan-avery/"
    assert html.select_one("aside.author a")["href"] == "/team/jordan-avery/"


def test_an_author_without_a_public_profile_is_not_linked(client, team_page, make_article):
    article = make_article(
        author=PersonFactory(name="Clinic editorial team", bio="The team.", public_profile=False)
    )
    html = soup(client.get(article.url))
    assert "By Clinic editorial team" in html.select_one(".page-header .card__meta").get_text(" ", strip=True)
    assert html.select("main a[href^='/team/']") == []


def test_the_review_byline_links_to_the_reviewers_profile(client, team_page, make_condition):
    page = make_condition(reviewed_by=clinician(), last_reviewed=datetime.date(2026, 3, 1))
    link = soup(client.get(page.url)).select_one(".review-byline a")
    assert link["href"] == "/team/jordan-avery/"
    assert link.get_text() == "Jordan Avery, MD"


def team_block(*people):
    return {
        "type": "team",
        "value": {"heading": "Our clinicians", "statement": "", "people": [p.pk for p in people]},
    }


def test_the_team_block_links_each_person_with_a_profile(client, team_page, home_page):
    editorial = PersonFactory(name="Clinic editorial team", credentials="", public_profile=False)
    page = StandardPageFactory(parent=home_page, title="About", body=[team_block(clinician(), editorial)])
    names = soup(client.get(page.url)).select(".team .person__name")
    assert [n.find("a")["href"] if n.find("a") else None for n in names] == ["/team/jordan-avery/", None]


# Query counts


def test_the_team_pages_query_count_does_not_grow_with_its_people(
    client, team_page, make_photo, django_assert_num_queries
):
    clinician(name="Person 0", photo=make_photo())
    client.get(team_page.url)  # the photos' renditions are made on the first visit
    _response, count = queries_to_serve(client, team_page)
    for i in range(1, 8):
        clinician(name=f"Person {i}", photo=make_photo())
    client.get(team_page.url)
    response, more = queries_to_serve(client, team_page)
    assert len(soup(response).select("main .person")) == 8
    assert more == count


def test_a_profiles_query_count_does_not_grow_with_its_articles_and_reviews(
    client, team_page, make_article, make_condition
):
    avery = clinician()
    make_article(title="First", author=avery)
    make_condition(title="First condition", slug="first", reviewed_by=avery)
    profile = SimpleNamespace(url="/team/jordan-avery/")
    client.get(profile.url)  # the first visit makes the clinic's settings row
    _response, count = queries_to_serve(client, profile)
    for i in range(8):
        make_article(title=f"Article {i}", author=avery)
        make_condition(title=f"Condition {i}", slug=f"condition-{i}", reviewed_by=avery)
    response, more = queries_to_serve(client, profile)
    assert len(soup(response).select("#profile-articles ~ ul li")) == 9
    assert more == count


def test_the_links_to_profiles_cost_one_query_however_many_people(client, team_page, home_page):
    one = StandardPageFactory(parent=home_page, title="One", body=[team_block(clinician(name="Person 0"))])
    six = StandardPageFactory(
        parent=home_page,
        title="Six",
        body=[team_block(*[clinician(name=f"Person {i}") for i in range(1, 7)])],
    )
    client.get(one.url)  # the first visit makes the clinic's settings row
    _response, count_one = queries_to_serve(client, one)
    response, count_six = queries_to_serve(client, six)
    assert len(soup(response).select(".team .person__name a")) == 6
    assert count_six == count_one


# The page cache


def commit_pending():
    """Runs what waits for the test's transaction to commit, as a real request's commit would."""
    connection = transaction.get_connection()
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


def test_a_change_in_people_drops_the_cached_profile(settings, team_page, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    avery = clinician()
    # The first render saves the site's settings row, made on first use.
    Client().get("/team/jordan-avery/")
    commit_pending()
    assert Client().get("/team/jordan-avery/")["X-Page-Cache"] == "miss"
    assert Client().get("/team/jordan-avery/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        avery.role = "Chief medical officer"
        avery.save()
    response = Client().get("/team/jordan-avery/")
    assert response["X-Page-Cache"] == "miss"
    assert "Chief medical officer" in response.content.decode()


def test_the_sitemap_lists_every_profile(client, team_page):
    clinician()
    PersonFactory(name="Clinic editorial team", public_profile=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/team/</loc>" in sitemap
    assert "<loc>http://localhost/team/jordan-avery/</loc>" in sitemap
    assert "clinic-editorial-team" not in sitemap


def test_a_cdn_purge_reaches_every_profile(team_page):
    clinician()
    PersonFactory(name="Clinic editorial team", public_profile=False)
    assert team_page.specific.get_cached_paths() == ["/", "/jordan-avery/"]


# Valid HTML


@pytest.mark.parametrize("path", ["/team/", "/team/jordan-avery/"])
def test_the_team_page_and_a_profile_are_valid_html(
    client, team_page, make_photo, make_article, tmp_path, path
):
    make_article(title="Ketamine and the brain", author=clinician(photo=make_photo()))
    response = client.get(path)
    assert response.status_code == 200
    assert html_errors(response.content, tmp_path) == []
