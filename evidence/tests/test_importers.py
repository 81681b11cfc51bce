"""Reading RIS, BibTeX and the library's own CSV/XLSX export, and importing all-or-nothing."""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError

import openpyxl
import pytest

from evidence.importers import (
    EXPORT_FIELDS,
    ReferenceFileError,
    apply_plan,
    format_authors,
    plan_import,
    read_references,
)
from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign

FILES = Path(__file__).parent / "files"
DEFAULTS = {
    "design": StudyDesign.RCT,
    "level_of_evidence": LevelOfEvidence.RCT,
    "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
    "effect": "Substance use disorders",
}


def read(name):
    return read_references(name, (FILES / name).read_bytes())


def import_file(name):
    return apply_plan(plan_import(read(name), DEFAULTS))


def test_reads_ris():
    jones, krupitsky = (record.fields for record in read("references.ris"))
    assert jones["title"].startswith("Efficacy of ketamine")
    assert jones["authors"] == "Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE"
    assert jones["journal"] == "Front Psychiatry"
    assert jones["doi"] == "10.3389/fpsyt.2018.00277"
    assert jones["volume_pages"] == "9:277"
    assert krupitsky["volume_pages"] == "29(2):165-183"
    assert krupitsky["authors"] == "Krupitsky EM, Grinenko AY"


def test_reads_bibtex():
    jones, krupitsky = (record.fields for record in read("references.bib"))
    assert jones["authors"] == "Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE"
    assert jones["year"] == "2018"
    assert krupitsky["volume_pages"] == "39(1):13-19"
    assert krupitsky["doi"] == ""


@pytest.mark.parametrize(
    "name, message",
    [
        ("truncated.ris", "record from line 6 has no 'ER' line"),
        ("garbage.ris", "Line 4 is not a RIS tag line"),
        ("broken.bib", "entry starting on line 6"),
    ],
)
def test_malformed_files_are_refused_naming_the_place(name, message):
    with pytest.raises(ReferenceFileError, match=message):
        read(name)


def test_unknown_extension_and_non_utf8_are_refused():
    with pytest.raises(ReferenceFileError, match="RIS"):
        read_references("notes.txt", b"TY  - JOUR\nER  - \n")
    with pytest.raises(ReferenceFileError, match="not UTF-8"):
        read_references("refs.ris", b"TY  - JOUR\nTI  - \xff\xfe\nER  - \n")


@pytest.mark.django_db
def test_import_creates_studies_with_the_chosen_classification():
    plan = import_file("references.ris")
    assert len(plan.to_create) == 2
    jones = Study.objects.get(doi="10.3389/fpsyt.2018.00277")
    assert jones.level_of_evidence == LevelOfEvidence.RCT
    assert jones.effect == "Substance use disorders"
    assert jones.year == 2018


@pytest.mark.django_db
def test_import_is_idempotent_and_matches_across_formats(make_study):
    import_file("references.ris")
    assert Study.objects.count() == 2

    again = plan_import(read("references.ris"), DEFAULTS)
    assert again.is_empty and len(again.unchanged) == 2

    # The BibTeX file holds Jones again (matched by DOI) and one new study.
    plan = import_file("references.bib")
    assert [study.title for study in plan.to_create] == [
        "Single versus repeated sessions of ketamine-assisted psychotherapy for people with heroin dependence"
    ]
    assert Study.objects.count() == 3


@pytest.mark.django_db
def test_update_keeps_the_clinics_classification(make_study):
    study = make_study(
        doi="10.3389/fpsyt.2018.00277",
        title="Old title",
        level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
        summary="The clinic's own summary.",
    )
    plan = import_file("references.ris")

    study.refresh_from_db()
    assert [s.pk for s, _ in plan.to_update] == [study.pk]
    assert study.title.startswith("Efficacy of ketamine")
    assert study.level_of_evidence == LevelOfEvidence.SYSTEMATIC_REVIEW
    assert study.summary == "The clinic's own summary."


@pytest.mark.django_db
def test_an_invalid_record_imports_nothing():
    with pytest.raises(ValidationError) as error:
        import_file("bad_doi.bib")
    assert "entry 'baddoi2002'" in error.value.messages[0]
    assert "DOI" in error.value.messages[0]
    assert not Study.objects.exists()


@pytest.mark.django_db
def test_a_record_twice_in_one_file_is_refused():
    text = (FILES / "references.ris").read_text() * 2
    with pytest.raises(ValidationError, match="the same study as record 1"):
        plan_import(read_references("twice.ris", text.encode()), DEFAULTS)


def export_rows(studies):
    headings = [str(Study._meta.get_field(name).verbose_name).capitalize() for name in EXPORT_FIELDS]
    return [headings] + [[str(getattr(s, name) or "") for name in EXPORT_FIELDS] for s in studies]


@pytest.mark.django_db
def test_csv_export_round_trips(make_study):
    studies = [make_study(), make_study(pmid="123456", doi="")]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export_rows(studies))

    plan = plan_import(read_references("studies.csv", buffer.getvalue().encode()), DEFAULTS)

    assert plan.is_empty
    assert sorted(s.pk for s in plan.unchanged) == sorted(s.pk for s in studies)


@pytest.mark.django_db
def test_xlsx_export_round_trips_into_an_empty_library(make_study):
    studies = [make_study(level_of_evidence=LevelOfEvidence.CASE_REPORT)]
    workbook = openpyxl.Workbook()
    for row in export_rows(studies):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    Study.objects.all().delete()

    apply_plan(plan_import(read_references("studies.xlsx", buffer.getvalue()), DEFAULTS))

    restored = Study.objects.get()
    assert restored.doi == studies[0].doi
    assert restored.level_of_evidence == LevelOfEvidence.CASE_REPORT  # from the file, not the defaults


def test_format_authors():
    assert format_authors(["Jane Q Public", "Doe, John"]) == "Public JQ, Doe J"
    assert format_authors([]) == ""
