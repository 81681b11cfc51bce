"""The condition page's reference list, its links from stats and table rows, and its JSON-LD."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study

from .support import evidence_table_block, heading_block, json_ld, soup, stats_block, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def studies(make_study):
    return {
        "jones": make_study(
            title="Efficacy of ketamine in the treatment of substance use disorders: a systematic review",
            authors="Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE",
            journal="Front Psychiatry",
            year=2018,
            volume_pages="9:277",
            doi="10.3389/fpsyt.2018.00277",
            level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
            magnitude_of_effect=MagnitudeOfEffect.MODERATE,
        ),
        "krupitsky": make_study(
            title="Single versus repeated sessions of ketamine-assisted psychotherapy",
            authors="Krupitsky EM, et al.",
            journal="J Psychoactive Drugs",
            year=2007,
            volume_pages="39(1):13-19",
            doi="",
            pmid="17523581",
        ),
        "pending": make_study(
            title="Observational study of ketamine in alcohol withdrawal", doi="", journal="", authors=""
        ),
    }


def test_references_are_numbered_in_order_of_first_citation(client, make_condition, studies):
    page = make_condition(
        body=[
            stats_block(studies["krupitsky"]),
            evidence_table_block(studies["jones"], studies["krupitsky"], studies["pending"]),
        ]
    )
    html = visit(client, page)

    items = html.select(".references ol > li")
    assert [item["id"] for item in items] == ["ref-1", "ref-2", "ref-3"]
    texts = [" ".join(item.get_text().split()) for item in items]
    assert texts[0] == (
        "Krupitsky EM, et al. Single versus repeated sessions of ketamine-assisted psychotherapy. "
        "J Psychoactive Drugs. 2007;39(1):13-19. PMID: 17523581"
    )
    assert texts[1] == (
        "Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE. Efficacy of ketamine in the treatment of "
        "substance use disorders: a systematic review. Front Psychiatry. 2018;9:277. "
        "doi:10.3389/fpsyt.2018.00277"
    )
    assert texts[2] == "Observational study of ketamine in alcohol withdrawal. Citation pending."
    assert items[0].a["href"] == "https://pubmed.ncbi.nlm.nih.gov/17523581/"
    assert items[1].a["href"] == "https://doi.org/10.3389/fpsyt.2018.00277"
    assert items[2].a is None


def test_stats_and_rows_link_to_their_reference(client, make_condition, studies):
    page = make_condition(
        body=[stats_block(studies["jones"]), evidence_table_block(studies["krupitsky"], studies["jones"])]
    )
    html = visit(client, page)

    assert html.select_one(".stat .reference-link")["href"] == "#ref-1"
    row_links = [a["href"] for a in html.select(".evidence-table .reference-link")]
    assert row_links == ["#ref-2", "#ref-1"]
    assert html.select_one(".stat .reference-link")["aria-label"] == "Reference 1"


def test_no_reference_list_without_studies(client, make_condition):
    page = make_condition(body=[heading_block("Hello")])
    html = visit(client, page)
    assert html.select_one(".references") is None
    assert json_ld(html)["citation"] == []


def test_levels_and_magnitudes_are_words_with_a_legend(client, make_condition, studies):
    page = make_condition(body=[evidence_table_block(studies["jones"])])
    html = visit(client, page)

    level, magnitude = html.select(".evidence-table tbody td")[1:3]
    assert "Systematic review or meta-analysis" in level.get_text()
    assert "Moderate" in magnitude.get_text()
    # The bars repeat the words for sighted readers; screen readers skip them.
    assert level.select_one(".rating")["aria-hidden"] == "true"
    assert len(level.select(".rating__step--on")) == 6
    assert len(magnitude.select(".rating__step--on")) == 2
    legend = html.select_one("details.evidence-legend")
    assert "Randomised controlled trial" in legend.get_text()


def test_json_ld_describes_the_page_and_its_citations(client, make_condition, studies):
    page = make_condition(
        body=[stats_block(studies["jones"]), evidence_table_block(studies["krupitsky"], studies["pending"])]
    )
    data = json_ld(visit(client, page))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == page.title
    assert data["url"].endswith(page.url)
    # A study whose citation is pending is not claimed to search engines.
    assert [c["name"] for c in data["citation"]] == [studies["jones"].title, studies["krupitsky"].title]
    jones = data["citation"][0]
    assert jones["@type"] == "ScholarlyArticle"
    assert jones["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "DOI",
        "value": "10.3389/fpsyt.2018.00277",
    }
    assert jones["author"][0] == {"@type": "Person", "name": "Jones JL"}
    assert jones["isPartOf"] == {"@type": "Periodical", "name": "Front Psychiatry"}
    assert data["citation"][1]["author"] == [{"@type": "Person", "name": "Krupitsky EM"}]


def test_json_ld_cannot_close_its_script(client, make_condition, make_study):
    study = make_study(title="A </script><script>alert(1)</script> study")
    page = make_condition(body=[evidence_table_block(study)])
    response = client.get(page.url)

    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(soup(response.content))["citation"][0]["name"] == study.title


def query_count(client, url):
    client.get(url)  # warm the site-root cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_fifty_studies_cost_no_more_queries_than_one(client, make_condition, make_study):
    one = make_study()
    many = [make_study() for _ in range(50)]
    small = make_condition(title="One study", slug="one", body=[stats_block(one), evidence_table_block(one)])
    big = make_condition(
        title="Fifty studies", slug="fifty", body=[stats_block(*many[:4]), evidence_table_block(*many)]
    )

    assert len(visit(client, big).select(".references li")) == 50
    assert query_count(client, big.url) == query_count(client, small.url)


class TestVancouverCitation:
    def test_more_than_six_authors_ends_with_et_al(self):
        study = Study(
            title="A trial.",
            authors="A A, B B, C C, D D, E E, F F, G G",
            journal="J Test",
            year=2020,
            volume_pages="1(2):3-4",
            doi="10.1000/x",
        )
        assert (
            study.vancouver_citation == "A A, B B, C C, D D, E E, F F, et al. A trial. J Test. 2020;1(2):3-4."
        )

    def test_without_year_or_pages(self):
        study = Study(title="Letter", authors="Doe J", journal="Lancet", doi="10.1000/y")
        assert study.vancouver_citation == "Doe J. Letter. Lancet."
