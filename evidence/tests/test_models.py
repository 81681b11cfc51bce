"""The study library: validation of identifiers, citations, links, and the scales a study is rated on."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, evidence_scales

from .factories import StudyFactory

pytestmark = pytest.mark.django_db


def unsaved_study(**fields):
    return StudyFactory.build(**fields)


def error_fields(study):
    with pytest.raises(ValidationError) as excinfo:
        study.full_clean()
    return excinfo.value.message_dict


class TestValidation:
    def test_complete_study_is_valid(self):
        unsaved_study().full_clean()

    def test_study_with_no_identifier_at_all_is_valid(self):
        # A study whose citation is still being traced may be kept in the library.
        unsaved_study(doi="", pmid="", url="", journal="", year=None, authors="").full_clean()

    @pytest.mark.parametrize(
        "doi",
        [
            "https://doi.org/10.3389/fpsyt.2018.00277",
            "doi:10.3389/fpsyt.2018.00277",
            "10.33/short-registrant",
            "10.3389/",
            "10.3389/with space",
        ],
    )
    def test_malformed_doi_is_rejected(self, doi):
        errors = error_fields(unsaved_study(doi=doi))
        assert list(errors) == ["doi"]
        assert "without https://doi.org/" in errors["doi"][0]

    @pytest.mark.parametrize("doi", ["10.3389/fpsyt.2018.00277", "10.1080/02791072.1997.10400185"])
    def test_well_formed_doi_is_accepted(self, doi):
        unsaved_study(doi=doi).full_clean()

    @pytest.mark.parametrize("pmid", ["PMID30057463", "3005-7463", "12345678901", " 30057463"])
    def test_pmid_must_be_up_to_ten_digits(self, pmid):
        errors = error_fields(unsaved_study(pmid=pmid))
        assert "pmid" in errors

    def test_pmid_of_digits_is_accepted(self):
        unsaved_study(pmid="30057463").full_clean()

    def test_future_year_is_rejected(self):
        next_year = datetime.date.today().year + 1
        errors = error_fields(unsaved_study(year=next_year))
        assert errors["year"] == ["The year cannot be in the future."]

    def test_this_year_is_accepted(self):
        unsaved_study(year=datetime.date.today().year).full_clean()

    def test_year_before_1900_is_rejected(self):
        assert "year" in error_fields(unsaved_study(year=1899))


class TestUniqueIdentifiers:
    def test_duplicate_doi_fails_full_clean(self, make_study):
        make_study(doi="10.1000/same")
        errors = error_fields(unsaved_study(doi="10.1000/SAME"))  # DOIs ignore case
        assert set(errors) == {"doi"}

    def test_duplicate_doi_is_refused_by_the_database(self, make_study):
        make_study(doi="10.1000/same")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_study(doi="10.1000/same")

    def test_duplicate_pmid_is_refused_by_the_database(self, make_study):
        make_study(doi="", pmid="123456")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_study(doi="", pmid="123456")

    def test_duplicate_pmid_fails_full_clean(self, make_study):
        make_study(doi="", pmid="123456")
        errors = error_fields(unsaved_study(doi="", pmid="123456"))
        assert set(errors) == {"pmid"}

    def test_a_study_keeps_its_own_doi_when_edited(self, make_study):
        study = make_study(doi="10.1000/same")
        study.title = "Edited"
        study.full_clean()

    def test_many_studies_may_lack_a_doi_and_pmid(self, make_study):
        make_study(doi="", pmid="")
        make_study(doi="", pmid="")
        unsaved_study(doi="", pmid="").full_clean()
        assert Study.objects.filter(doi="", pmid="").count() == 2


class TestCitation:
    @pytest.mark.parametrize(
        ("authors", "year", "expected"),
        [
            ("Jones JL, Mateus CF, Malcolm RJ", 2018, "Jones et al., 2018"),
            ("Krupitsky EM", 1997, "Krupitsky, 1997"),
            ("Krupitsky EM", None, "Krupitsky"),
            ("", 2001, "2001"),
        ],
    )
    def test_short_citation(self, authors, year, expected):
        assert unsaved_study(authors=authors, year=year).short_citation == expected

    @pytest.mark.parametrize(
        "identifier",
        [
            {"doi": "10.1000/x"},
            {"pmid": "123"},
            {"url": "https://example.org/study"},
            {"journal": "Lancet"},
        ],
    )
    def test_any_identifier_means_the_citation_is_not_pending(self, identifier):
        fields = {"doi": "", "pmid": "", "url": "", "journal": "", **identifier}
        study = unsaved_study(**fields)
        assert not study.citation_pending
        assert study.short_citation != "Citation pending"

    def test_study_without_any_identifier_is_pending(self):
        study = unsaved_study(doi="", pmid="", url="", journal="")
        assert study.citation_pending
        assert study.short_citation == "Citation pending"
        assert study.link == ""

    def test_str_names_the_citation_and_title(self):
        assert str(unsaved_study(authors="Roe R", year=2001, title="A trial")) == "Roe, 2001: A trial"


class TestLink:
    def test_doi_comes_first(self):
        study = unsaved_study(doi="10.1000/x", pmid="123", url="https://example.org/")
        assert study.link == "https://doi.org/10.1000/x"

    def test_pubmed_without_doi(self):
        study = unsaved_study(doi="", pmid="123", url="https://example.org/")
        assert study.link == "https://pubmed.ncbi.nlm.nih.gov/123/"

    def test_url_without_doi_or_pmid(self):
        study = unsaved_study(doi="", pmid="", url="https://example.org/study")
        assert study.link == "https://example.org/study"


class TestIdentifiers:
    def test_doi_then_pubmed_when_both_exist(self):
        study = unsaved_study(doi="10.1000/x", pmid="123", url="https://example.org/")
        assert study.identifiers == [
            ("doi:", "10.1000/x", "https://doi.org/10.1000/x"),
            ("PMID: ", "123", "https://pubmed.ncbi.nlm.nih.gov/123/"),
        ]

    def test_url_only_when_there_is_neither(self):
        assert unsaved_study(doi="", pmid="", url="https://example.org/study").identifiers == [
            ("", "https://example.org/study", "https://example.org/study")
        ]

    def test_none_for_an_untraced_study(self):
        assert unsaved_study(doi="", pmid="", url="").identifiers == []


class TestEvidenceScales:
    def test_lists_every_level_of_evidence_strongest_first(self):
        scales = evidence_scales()
        assert [label for label, _ in scales["levels"]] == LevelOfEvidence.labels
        # As many bars as the strongest level shows in the table.
        assert scales["level_bars"] == unsaved_study(level_of_evidence=LevelOfEvidence.values[0]).level_rank

    def test_lists_every_magnitude_of_effect_with_the_bars_the_table_shows(self):
        assert evidence_scales()["magnitudes"] == [
            (magnitude.label, unsaved_study(magnitude_of_effect=magnitude).magnitude_rank)
            for magnitude in MagnitudeOfEffect
        ]
