"""Spreadsheet exports that a spreadsheet program never runs as formulas.

A cell that starts with = + - @, a tab or a carriage return is a formula to Excel and
LibreOffice when they open a CSV file ("=HYPERLINK(...)", "=cmd|..."), whoever typed it:
a study's title, a visitor's search term. Following OWASP's advice on CSV injection, the
CSV export writes such a cell with a leading apostrophe, and the XLSX export stores it as
text with Excel's own "quote prefix" mark. `unescape_formula` undoes the CSV escape, so a
file the site exported imports back unchanged.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def needs_escape(value):
    # A cell already starting with apostrophes before a trigger is escaped once more, so
    # that unescaping always gives back exactly what was exported.
    return isinstance(value, str) and value.lstrip("'").startswith(FORMULA_TRIGGERS)


def escape_formula(value):
    """The cell as a CSV file may hold it: a leading apostrophe before a would-be formula."""
    return f"'{value}" if needs_escape(value) else value


def unescape_formula(value):
    """A CSV cell as the site exported it, before escape_formula."""
    if value.startswith("'") and needs_escape(value[1:]):
        return value[1:]
    return value


class FormulaSafeExportMixin:
    """Put before Wagtail's SpreadsheetExportMixin (or a view built on it, such as ReportView):
    its CSV and XLSX downloads then never hold a cell that runs as a formula."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: escape_formula(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            # Wagtail already stores a would-be formula as a string; the quote prefix keeps it
            # text when someone edits the cell in Excel, as typing an apostrophe would.
            if cell.data_type == "s" and needs_escape(cell.value):
                cell.quotePrefix = True
            yield cell
