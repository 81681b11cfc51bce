"""The study chooser as an editor uses it from a block: found by DOI, PubMed ID, year,
"Author year" and the effect studied, with year, design and level of evidence shown
(issue 11, item 18)."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from evidence.choosers import study_chooser_viewset
from evidence.models import LevelOfEvidence, StudyDesign

RESULTS_URL = study_chooser_viewset.get_url_name("choose_results")


@pytest.fixture
def library(make_study):
    return {
        "jones": make_study(
            title="Efficacy of ketamine in substance use disorders",
            authors="Jones JL, Mateus CF",
            year=2018,
            doi="10.3389/fpsyt.2018.00277",
            pmid="30057463",
            design=StudyDesign.SYSTEMATIC_REVIEW,
            level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
            effect="Alcohol withdrawal",
        ),
        "krupitsky": make_study(
            title="Ketamine psychotherapy for heroin addiction",
            authors="Krupitsky EM, Burakov AM",
            year=2002,
            doi="10.1016/s0740-5472(02)00275-1",
            pmid="12504563",
            design=StudyDesign.RCT,
            level_of_evidence=LevelOfEvidence.RCT,
            effect="Heroin dependence",
        ),
        "jones_later": make_study(
            title="Ketamine infusions and craving",
            authors="Jones JL, Back SE",
            year=2021,
            doi="10.1111/acer.13704",
            pmid="",
            design=StudyDesign.OBSERVATIONAL,
            level_of_evidence=LevelOfEvidence.COHORT,
            effect="Cocaine use disorder",
        ),
    }


def found(client, library, query):
    response = client.get(reverse(RESULTS_URL), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return {key for key, study in library.items() if study.title in html}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("10.3389/fpsyt.2018.00277", {"jones"}),
        ("10.3389/FPSYT.2018.00277", {"jones"}),
        ("https://doi.org/10.1111/acer.13704", {"jones_later"}),
        ("doi:10.1016/s0740-5472(02)00275-1", {"krupitsky"}),
        ("10.1111", {"jones_later"}),
        ("30057463", {"jones"}),
        ("PMID: 12504563", {"krupitsky"}),
        ("2002", {"krupitsky"}),
        ("Jones 2018", {"jones"}),
        ("Jones 2021", {"jones_later"}),
        ("jones", {"jones", "jones_later"}),
        ("Krupitsky 2018", set()),
        ("heroin dependence", {"krupitsky"}),
        ("cocaine", {"jones_later"}),
        ("alcohol withdrawal", {"jones"}),
        ("99999999", set()),
    ],
)
def test_finds_a_study_by_what_an_editor_knows_of_it(editor_client, library, query, expected):
    assert found(editor_client, library, query) == expected


def test_the_search_keeps_the_filters(reviewer_client, library):
    response = reviewer_client.get(
        reverse(RESULTS_URL), {"q": "Jones", "level_of_evidence": LevelOfEvidence.COHORT}
    )
    html = response.content.decode()
    assert library["jones_later"].title in html
    assert library["jones"].title not in html


def test_results_show_year_design_and_level(editor_client, library):
    response = editor_client.get(reverse(RESULTS_URL))

    table = BeautifulSoup(response.content, "html.parser").find("table")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headings[1:] == ["Year", "Design", "Level of evidence"]
    rows = {
        tuple(td.get_text(" ", strip=True) for td in row.find_all("td"))[1:]
        for row in table.select("tbody tr")
    }
    assert ("2002", "Randomised controlled trial", "Randomised controlled trial") in rows
    assert ("2021", "Observational study", "Cohort or observational study") in rows


def test_the_modal_shows_the_columns_too(editor_client, library):
    html = editor_client.get(reverse(study_chooser_viewset.get_url_name("choose"))).json()["html"]
    table = BeautifulSoup(html, "html.parser").find("table")
    assert [th.get_text(" ", strip=True) for th in table.select("thead th")][1:] == [
        "Year",
        "Design",
        "Level of evidence",
    ]
