"""The study library in the Wagtail admin as an editor uses it: list, search, filter, inspect,
create, and the chooser."""

import json

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from wagtail.test.utils.wagtail_tests import WagtailTestUtils

import factory
import pytest

from evidence.choosers import study_chooser_viewset
from evidence.models import LevelOfEvidence, Study

from .factories import StudyFactory

INDEX_URL = "evidence_study_modeladmin_index"


@pytest.fixture
def library(make_study):
    """Three studies that differ in title, DOI and level of evidence."""
    return {
        "review": make_study(
            title="Ketamine in addiction: a systematic review",
            doi="10.3389/fpsyt.2018.00277",
            level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
        ),
        "trial": make_study(
            title="Ketamine-assisted psychotherapy for heroin addiction",
            doi="10.1016/s0740-5472(02)00275-1",
            level_of_evidence=LevelOfEvidence.RCT,
        ),
        "cohort": make_study(
            title="Alcohol withdrawal outcomes after ketamine",
            doi="10.1111/acer.13704",
            level_of_evidence=LevelOfEvidence.COHORT,
        ),
    }


def listed_studies(response):
    return set(response.context["object_list"])


def test_studies_are_in_the_evidence_menu(editor_client):
    soup = WagtailTestUtils.get_soup(editor_client.get(reverse("wagtailadmin_home")).content)
    menu = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    main_menu = next(m for m in menu["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    groups = {item["_args"][0]["label"]: item for item in main_menu["_args"][0]}

    evidence = groups["Evidence"]
    assert evidence["_type"] == "wagtail.sidebar.SubMenuItem"
    studies, import_studies = evidence["_args"][1]
    assert studies["_args"][0]["label"] == "Studies"
    assert studies["_args"][0]["url"] == reverse(INDEX_URL)
    assert import_studies["_args"][0]["label"] == "Import studies"
    assert import_studies["_args"][0]["url"] == reverse("evidence_import_studies")


def evidence_menu_labels(client):
    soup = WagtailTestUtils.get_soup(client.get(reverse("wagtailadmin_home")).content)
    menu = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    main_menu = next(m for m in menu["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    evidence = next(item for item in main_menu["_args"][0] if item["_args"][0]["label"] == "Evidence")
    return [item["_args"][0]["label"] for item in evidence["_args"][1]]


def test_import_is_offered_only_to_those_who_may_import(django_user_model):
    viewer = django_user_model.objects.create_user("viewer", "viewer@example.com", "x")
    viewer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_study"],
            content_type__app_label__in=["wagtailadmin", "evidence"],
        )
    )
    client = Client()
    client.force_login(viewer)

    assert evidence_menu_labels(client) == ["Studies"]
    assert client.get(reverse("evidence_import_studies")).status_code in (302, 403)


def test_study_list_shows_every_study_with_its_rating(editor_client, library):
    response = editor_client.get(reverse(INDEX_URL))

    assert response.status_code == 200
    assert listed_studies(response) == set(library.values())
    rows = [
        row.get_text(" ", strip=True)
        for row in WagtailTestUtils.get_soup(response.content).select("tbody tr")
    ]
    [review] = [row for row in rows if "Ketamine in addiction: a systematic review" in row]
    assert "Systematic review or meta-analysis" in review and "Moderate" in review


@pytest.mark.parametrize(
    "query, expected",
    [
        ("heroin", {"trial"}),
        ("ketamine", {"review", "trial", "cohort"}),
        ("10.1111/acer.13704", {"cohort"}),
        ("fpsyt.2018", {"review"}),
        ("no such study", set()),
    ],
)
def test_study_list_searches_title_and_doi(editor_client, library, query, expected):
    response = editor_client.get(reverse(INDEX_URL), {"q": query})

    assert response.status_code == 200
    assert listed_studies(response) == {library[key] for key in expected}


def test_inspect_view_shows_the_study(editor_client, library):
    study = library["trial"]

    response = editor_client.get(reverse("evidence_study_modeladmin_inspect", args=[study.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ketamine-assisted psychotherapy for heroin addiction" in html
    assert "10.1016/s0740-5472(02)00275-1" in html
    assert "Randomised controlled trial" in html


def study_form_data(**fields):
    """What the create form posts, as an editor fills it in."""
    return {**factory.build(dict, FACTORY_CLASS=StudyFactory), **fields}


def test_editor_creates_a_study(editor_client):
    response = editor_client.post(
        reverse("evidence_study_modeladmin_create"),
        study_form_data(title="Ketamine for cocaine use disorder", doi="10.1176/appi.ajp.2018.18101123"),
    )

    assert response.status_code == 302
    study = Study.objects.get()
    assert study.title == "Ketamine for cocaine use disorder"
    assert study.link == "https://doi.org/10.1176/appi.ajp.2018.18101123"


@pytest.mark.parametrize(
    "doi", ["https://doi.org/10.1176/appi.ajp", "appi.ajp.2018", "10.12/x", "10.1176/has space"]
)
def test_create_with_a_bad_doi_shows_the_doi_error(editor_client, doi):
    response = editor_client.post(reverse("evidence_study_modeladmin_create"), study_form_data(doi=doi))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["doi"]
    assert "Enter a DOI such as 10.3389/fpsyt.2018.00277" in response.content.decode()
    assert not Study.objects.exists()


def test_create_with_a_duplicate_doi_is_refused_on_the_doi_field(editor_client, library):
    # DOIs ignore case: the same DOI in capitals is the same study.
    response = editor_client.post(
        reverse("evidence_study_modeladmin_create"), study_form_data(doi="10.1111/ACER.13704")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["doi"]
    assert errors["doi"] == [f"The library already has a study with this DOI: {library['cohort']}."]
    assert Study.objects.count() == 3


def test_study_chooser_lists_studies(editor_client, library):
    url = reverse(study_chooser_viewset.get_url_name("choose"))

    response = editor_client.get(url)

    assert response.status_code == 200
    modal = response.json()
    assert modal["step"] == "choose"
    html = modal["html"]
    assert "Choose a study" in html

    for study in library.values():
        assert study.title in html


def test_study_chooser_search(editor_client, library):
    url = reverse(study_chooser_viewset.get_url_name("choose_results"))

    response = editor_client.get(url, {"q": "heroin"})

    assert response.status_code == 200
    html = response.content.decode()  # the results alone, as HTML, for the open modal to swap in

    assert "Ketamine-assisted psychotherapy for heroin addiction" in html
    assert "Alcohol withdrawal outcomes after ketamine" not in html
