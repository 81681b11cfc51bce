"""Reading RIS, BibTeX and the library's own CSV/XLSX export (as the admin downloads it), and
importing all-or-nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from evidence.importers import (
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
def test_import_is_idempotent_and_matches_across_formats():
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


# Every field an editor fills in, so the round trip below checks each one.
STUDY_FIELDS = [field.name for field in Study._meta.concrete_fields if not field.primary_key]


def library_export(client, export_format):
    """The study library as the admin's "Download CSV/XLSX" button gives it: (filename, bytes)."""
    response = client.get(reverse("evidence_study_modeladmin_index"), {"export": export_format})
    assert response.status_code == 200
    return f"studies.{export_format}", b"".join(response.streaming_content)


def library_contents():
    """Every study's fields, by title: a duplicated study shows as a second entry."""
    return sorted(
        ({name: getattr(study, name) for name in STUDY_FIELDS} for study in Study.objects.all()),
        key=lambda study: study["title"],
    )


@pytest.fixture
def library(make_study):
    """A complete study, one known by its PubMed ID alone, and an untraced one (citation pending)."""
    make_study(
        title="Efficacy of ketamine in the treatment of substance use disorders: a systematic review",
        authors="Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE",
        journal="Front Psychiatry",
        year=2018,
        volume_pages="9:277",
        doi="10.3389/fpsyt.2018.00277",
        pmid="30057463",
        url="https://www.frontiersin.org/articles/10.3389/fpsyt.2018.00277/full",
        design=StudyDesign.SYSTEMATIC_REVIEW,
        level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
        magnitude_of_effect=MagnitudeOfEffect.LARGE,
        effect="Alcohol withdrawal",
        # Commas, quotes, a line break and non-ASCII text, as a summary may hold them.
        summary='Craving fell, "markedly" in some \u2013 see the\nsecond table (Kr\u00f6ger).',
    )
    make_study(
        title="Ketamine-assisted psychotherapy for heroin dependence",
        authors="Krupitsky EM, et al.",
        doi="",
        pmid="12504563",
        design=StudyDesign.OBSERVATIONAL,
        level_of_evidence=LevelOfEvidence.COHORT,
        magnitude_of_effect=MagnitudeOfEffect.UNCLEAR,
        effect="Heroin use",
    )
    make_study(
        title="Ketamine for opioid withdrawal in a woman with chronic pain",
        authors="",
        journal="",
        year=None,
        doi="",
        design=StudyDesign.CASE_REPORT,
        level_of_evidence=LevelOfEvidence.CASE_REPORT,
        magnitude_of_effect=MagnitudeOfEffect.NOT_RATED,
        effect="Opioid withdrawal",
        summary="",
    )
    contents = library_contents()
    # Each field is filled in for some study, so a column the export loses shows below.
    assert all(any(study[name] not in ("", None) for study in contents) for name in STUDY_FIELDS)
    return contents


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_library_export_imports_again_without_duplicates(editor_client, library, export_format):
    filename, data = library_export(editor_client, export_format)

    plan = plan_import(read_references(filename, data), DEFAULTS)

    assert plan.to_create == [] and plan.to_update == []
    assert sorted(study.title for study in plan.unchanged) == [study["title"] for study in library]
    apply_plan(plan)
    assert library_contents() == library


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_library_export_restores_every_field_into_an_empty_library(editor_client, library, export_format):
    filename, data = library_export(editor_client, export_format)
    Study.objects.all().delete()

    apply_plan(plan_import(read_references(filename, data), DEFAULTS))

    # The file's classification, not the import's defaults; nothing lost, nothing added.
    assert library_contents() == library


def test_format_authors():
    assert format_authors(["Jane Q Public", "Doe, John"]) == "Public JQ, Doe J"
    assert format_authors([]) == ""
