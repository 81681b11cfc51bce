"""The evidence includes pages show: the reference list and the legend of the scales."""

from django.template.loader import render_to_string

from evidence.models import LevelOfEvidence, MagnitudeOfEffect

from .factories import StudyFactory
from .support import soup


class TestReferenceList:
    def render(self, *studies):
        return soup(render_to_string("evidence/includes/reference_list.html", {"references": studies}))

    def test_links_the_doi_and_pubmed_when_a_study_has_both(self):
        study = StudyFactory.build(
            doi="10.3389/fpsyt.2018.00277", pmid="30057463", url="https://example.org/"
        )

        item = self.render(study).select_one("#ref-1")

        assert [(a.get_text(), a["href"]) for a in item.find_all("a")] == [
            ("10.3389/fpsyt.2018.00277", "https://doi.org/10.3389/fpsyt.2018.00277"),
            ("30057463", "https://pubmed.ncbi.nlm.nih.gov/30057463/"),
        ]
        text = " ".join(item.get_text().split())
        assert text.startswith(study.vancouver_citation)
        assert text.endswith("doi:10.3389/fpsyt.2018.00277 PMID: 30057463")

    def test_links_the_url_only_when_there_is_neither(self):
        study = StudyFactory.build(doi="", pmid="", url="https://example.org/study")

        links = self.render(study).select("#ref-1 a")

        assert [(a.get_text(), a["href"]) for a in links] == [
            ("https://example.org/study", "https://example.org/study")
        ]

    def test_numbers_the_studies_in_the_order_given(self):
        first, second = StudyFactory.build(title="First"), StudyFactory.build(title="Second", doi="")

        items = self.render(first, second).select(".references ol > li")

        assert [item["id"] for item in items] == ["ref-1", "ref-2"]
        assert "First" in items[0].get_text() and "Second" in items[1].get_text()
        assert items[1].a is None  # no DOI, PubMed ID or URL: nothing to link

    def test_nothing_without_references(self):
        assert render_to_string("evidence/includes/reference_list.html", {"references": []}).strip() == ""


class TestScalesLegend:
    def render(self):
        return soup(render_to_string("evidence/includes/scales_legend.html"))

    def test_lists_every_level_of_evidence_strongest_first(self):
        levels = [item.get_text() for item in self.render().select(".evidence-legend ol > li")]

        assert [level.split(":")[0] for level in levels] == LevelOfEvidence.labels
        assert f"{LevelOfEvidence.CASE_REPORT.label}: a report on one patient" in levels

    def test_lists_every_magnitude_of_effect_with_its_bars(self):
        magnitudes = [item.get_text() for item in self.render().select(".evidence-legend ul > li")]

        assert [magnitude.split(" (")[0] for magnitude in magnitudes] == MagnitudeOfEffect.labels
        assert magnitudes[:3] == ["Large (3 bars)", "Moderate (2 bars)", "Small (1 bar)"]
