"""The requests in the admin: Wagtail's submissions listing, with a CSV export that no
spreadsheet reads as a formula."""

from wagtail.contrib.forms.views import SubmissionsListView

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value, with a leading apostrophe if a spreadsheet would read it as a formula (OWASP
    "CSV injection"): the apostrophe makes the cell text, and spreadsheets do not show it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class AppointmentRequestsView(SubmissionsListView):
    """Wagtail's XLSX export already stores every cell as text (SpreadsheetExportMixin
    .generate_xlsx_row); its CSV export writes values as they are, so this neutralises them."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise_formula(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
