"""The "Search terms" report's export: visitors type the terms, so a term that a spreadsheet
would run as a formula is written as text."""

import csv
import html
import io

from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query

import openpyxl
import pytest

HOSTILE = "=cmd|' /c calc'!a0"  # as the search log stores it (lower case)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_term():
    Query.get(HOSTILE).add_hit()
    Query.get("ketamine").add_hit()


def download(client, export_format):
    response = client.get(reverse("wagtailsearchpromotions:search_terms"), {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_report_is_the_formula_safe_one(superuser_client, hostile_term):
    response = superuser_client.get(reverse("wagtailsearchpromotions:search_terms"))

    assert response.status_code == 200
    assert type(response.context["view"]).__name__ == "FormulaSafeSearchTermsReportView"
    assert HOSTILE in html.unescape(response.content.decode())  # the screen shows it as typed


def test_csv_escapes_a_formula(superuser_client, hostile_term):
    rows = list(csv.reader(io.StringIO(download(superuser_client, "csv").decode("utf-8-sig"))))

    terms = [row[0] for row in rows[1:]]
    assert sorted(terms) == sorted([f"'{HOSTILE}", "ketamine"])


def test_xlsx_keeps_a_formula_as_quoted_text(superuser_client, hostile_term):
    sheet = openpyxl.load_workbook(io.BytesIO(download(superuser_client, "xlsx"))).worksheets[0]
    [cell] = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == HOSTILE]

    assert cell.data_type == "s" and cell.quotePrefix


def test_still_only_for_superusers(editor_client):
    response = editor_client.get(reverse("wagtailsearchpromotions:search_terms"), {"export": "csv"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
