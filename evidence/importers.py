"""Reading studies from reference-manager exports (RIS, BibTeX) and from the library's own
CSV/XLSX export, and planning an import that creates or updates studies without duplicates.

Nothing here writes to the database except `apply_plan`, which does all of it in one
transaction or none of it, and `apply_in_chunks`, which does it a chunk at a time (for a
background import, whose progress shows between chunks).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.text import capfirst

from wagtail.search.backends import get_search_backends

import bibtexparser
import openpyxl
import rispy

from home import page_cache
from home.exports import unescape_formula

from .models import Study, live_pages_citing

# The bibliographic fields an import may set or update. The clinic's own
# judgement (design, level, magnitude, effect, summary) is never overwritten
# by a reference manager's file.
BIBLIOGRAPHIC_FIELDS = ["title", "authors", "journal", "year", "volume_pages", "doi", "pmid", "url"]
CLASSIFICATION_FIELDS = ["design", "level_of_evidence", "magnitude_of_effect", "effect", "summary"]
EXPORT_FIELDS = BIBLIOGRAPHIC_FIELDS + CLASSIFICATION_FIELDS

# A reference file larger than this is refused before it is read.
MAX_IMPORT_BYTES = 5 * 1024 * 1024

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -( (.*))?$")
PMID_IN_TEXT = re.compile(r"(?:PMID:?\s*)([0-9]{1,10})", re.IGNORECASE)


class ReferenceFileError(ValueError):
    """A file that cannot be read; the message names the line or record at fault."""


@dataclass
class Record:
    """One study as read from a file, and where it came from (for messages)."""

    where: str
    fields: dict


# --- Reading files -----------------------------------------------------------------


def read_references(filename, data: bytes):
    """Records from an uploaded file, by its extension: .ris, .bib, .csv or .xlsx."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReferenceFileError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read). Export it again as UTF-8."
        ) from error
    readers = {"ris": read_ris, "bib": read_bibtex, "bibtex": read_bibtex, "csv": read_csv}
    if extension not in readers:
        raise ReferenceFileError("Upload a RIS (.ris), BibTeX (.bib), CSV (.csv) or Excel (.xlsx) file.")
    return readers[extension](text)


def read_ris(text):
    # rispy skips what it does not understand; check the structure first so a
    # damaged file is refused with the line at fault instead of half-read.
    in_record = False
    record_start = 0
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = RIS_LINE.match(line)
        if not match:
            if in_record and not line.startswith(("TY ", "ER ")):
                continue  # a continuation of the previous tag's text
            raise ReferenceFileError(
                f"Line {number} is not a RIS tag line (expected 'XX  - value'): {line[:60]!r}"
            )
        tag = match.group(1)
        if tag == "TY":
            if in_record:
                raise ReferenceFileError(
                    f"Line {number} starts a new record, but the record from line {record_start} has no 'ER' line."
                )
            in_record, record_start = True, number
            count += 1
        elif tag == "ER":
            if not in_record:
                raise ReferenceFileError(
                    f"Line {number} ends a record ('ER') that was never started with 'TY'."
                )
            in_record = False
        elif not in_record:
            raise ReferenceFileError(
                f"Line {number} is outside a record: each record starts with a 'TY' line."
            )
    if in_record:
        raise ReferenceFileError(
            f"The record from line {record_start} has no 'ER' line: the file may be cut short."
        )
    if not count:
        raise ReferenceFileError("The file has no RIS records (each starts with 'TY  - ').")

    records = []
    for index, entry in enumerate(rispy.loads(text), start=1):
        notes = " ".join(entry.get("notes", []) + [entry.get("note", "")])
        pmid_match = PMID_IN_TEXT.search(notes)
        pages = "-".join(p for p in [entry.get("start_page", ""), entry.get("end_page", "")] if p)
        urls = entry.get("urls") or []
        records.append(
            Record(
                where=f"record {index}",
                fields={
                    "title": entry.get("title") or entry.get("primary_title", ""),
                    "authors": format_authors(entry.get("authors") or entry.get("first_authors") or []),
                    "journal": entry.get("journal_name")
                    or entry.get("alternate_title2")
                    or entry.get("secondary_title", ""),
                    # RIS dates are "YYYY/MM/DD/other"; only the year is kept.
                    "year": (entry.get("year") or entry.get("publication_year") or "").split("/")[0],
                    "volume_pages": format_volume_pages(
                        entry.get("volume", ""), entry.get("number", ""), pages
                    ),
                    "doi": entry.get("doi", ""),
                    "pmid": pmid_match.group(1) if pmid_match else "",
                    "url": urls[0] if urls else "",
                },
            )
        )
    return records


def read_bibtex(text):
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        detail = str(getattr(block, "error", "") or "").strip()
        raise ReferenceFileError(
            f"The BibTeX entry starting on line {block.start_line + 1} cannot be read"
            + (f": {detail}" if detail else ".")
        )
    if not library.entries:
        raise ReferenceFileError("The file has no BibTeX entries (each starts with '@article{' or similar).")
    records = []
    for entry in library.entries:
        get = partial(bibtex_field, entry)
        authors = [name.strip() for name in get("author").split(" and ") if name.strip()]
        records.append(
            Record(
                where=f"entry '{entry.key}' (line {entry.start_line + 1})",
                fields={
                    "title": get("title").replace("{", "").replace("}", ""),
                    "authors": format_authors(authors),
                    "journal": get("journal"),
                    "year": get("year"),
                    "volume_pages": format_volume_pages(
                        get("volume"), get("number"), get("pages").replace("--", "-")
                    ),
                    "doi": get("doi"),
                    "pmid": get("pmid"),
                    "url": get("url"),
                },
            )
        )
    return records


def bibtex_field(entry, name):
    """A field's text with whitespace collapsed, or '' when the entry lacks it."""
    field_ = entry.fields_dict.get(name)
    return " ".join(str(field_.value).split()) if field_ else ""


def read_csv(text):
    # The library's CSV export escapes cells a spreadsheet would run as formulas; undo it.
    reader = csv.reader(io.StringIO(text))
    return rows_to_records([[unescape_formula(cell) for cell in row] for row in reader])


def read_xlsx(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ReferenceFileError("The file is not a readable Excel (.xlsx) workbook.") from error
    sheet = workbook.worksheets[0]
    rows = [[xlsx_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return rows_to_records(rows)


def xlsx_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a year typed into Excel may be stored as 2018.0
    return str(cell)


def rows_to_records(rows):
    """Rows of the library's own export: a heading row of field labels, then one study a row."""
    if not rows:
        raise ReferenceFileError("The file is empty.")
    labels = {str(Study._meta.get_field(name).verbose_name).lower(): name for name in EXPORT_FIELDS} | {
        name: name for name in EXPORT_FIELDS
    }
    headings = [labels.get(str(heading).strip().lower()) for heading in rows[0]]
    if "title" not in headings:
        raise ReferenceFileError("Row 1 must name the columns, and one of them must be 'Title'.")
    # A choice may be written as its label (as the export writes it) or its stored value.
    by_label = {
        name: {str(label).lower(): key for key, label in field.choices}
        for name in EXPORT_FIELDS
        if (field := Study._meta.get_field(name)).choices
    }
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        fields = {}
        for heading, cell in zip(headings, row, strict=False):
            if heading:
                value = str(cell).strip()
                if heading in by_label and value:
                    value = by_label[heading].get(value.lower(), value)
                fields[heading] = value
        records.append(Record(where=f"row {number}", fields=fields))
    return records


def format_authors(names):
    """['Krupitsky, Evgeny M.', 'Grinenko, A. Y.'] -> 'Krupitsky EM, Grinenko AY' (Vancouver)."""
    formatted = []
    for name in names:
        if "," in name:
            surname, given = (part.strip() for part in name.split(",", 1))
        else:
            parts = name.split()
            surname, given = (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (name, "")
        initials = "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part)
        formatted.append(f"{surname} {initials}".strip())
    return ", ".join(formatted)


def format_volume_pages(volume, issue, pages):
    text = volume + (f"({issue})" if issue else "")
    if pages:
        text += f":{pages}"
    return text


# --- Checking every cell ---------------------------------------------------------------

# Tab, line feed and carriage return are whitespace a summary may hold; any other control
# character is refused (NUL above all, which PostgreSQL cannot store).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ASCII digits: str.isdigit() also takes "²", which is no year.
YEAR = re.compile(r"[0-9]{4}")


def field_label(name):
    """A field's name as the library's export heads its column, e.g. 'PubMed ID'."""
    return capfirst(Study._meta.get_field(name).verbose_name)


def check_cells(record):
    """(values, errors): the record's values ready for a Study (the year as a number), and a
    message for each cell that cannot be stored, naming the record and the column.

    Runs before anything is looked up in the database, so no value the database would refuse
    reaches it. Nothing is cut to fit: a value too long is an error, like any other.
    """
    values, errors = {}, []
    for name, value in record.fields.items():
        if name not in EXPORT_FIELDS:
            continue
        value = str(value)
        label = field_label(name)
        if found := CONTROL_CHARACTER.search(value):
            errors.append(
                f"{record.where}: {label}: holds the control character U+{ord(found.group()):04X}, "
                "which cannot be stored; remove it from the file."
            )
            continue
        max_length = Study._meta.get_field(name).max_length
        if max_length and len(value) > max_length:
            errors.append(
                f"{record.where}: {label}: {len(value)} characters, more than the {max_length} "
                "it may have; shorten it in the file."
            )
            continue
        if name == "year" and value:
            if not YEAR.fullmatch(value):
                errors.append(
                    f"{record.where}: {label}: {value!r} is not a year; write four digits, e.g. 2018."
                )
                continue
            value = int(value)
        values[name] = value
    return values, errors


# --- Planning and applying -------------------------------------------------------------


@dataclass
class ImportPlan:
    to_create: list = field(default_factory=list)  # unsaved Study instances
    to_update: list = field(default_factory=list)  # (Study, {field: (old, new)})
    unchanged: list = field(default_factory=list)  # Study instances
    # What to save, in the file's order: (where in the file, Study, changes or None if new).
    operations: list = field(default_factory=list)
    # {study pk: [live pages]}, for the studies to update that live pages cite.
    cited_by: dict = field(default_factory=dict)

    @property
    def is_empty(self):
        return not (self.to_create or self.to_update)

    @property
    def updates_with_pages(self):
        """[(study, changes, live pages citing it)] for every update, in the file's order."""
        return [(study, changes, self.cited_by.get(study.pk, [])) for study, changes in self.to_update]

    @property
    def cited_updates(self):
        """[(study, changes, live pages)] for the updates that change live pages at once."""
        return [
            (study, changes, self.cited_by[study.pk])
            for study, changes in self.to_update
            if study.pk in self.cited_by
        ]


# Keys looked up in one query: SQLite allows a limited number of parameters in one statement.
LOOKUP_BATCH = 500


def existing_studies(keys):
    """{identity key: Study} for the library's studies that any of `keys` names."""
    existing, by_pk = {}, {}
    annotated = Study.objects.annotate(doi_key=Lower("doi"), pmid_key=F("pmid"), title_key=Lower("title"))
    for kind in ("doi", "pmid", "title"):
        values = sorted(value for key_kind, value in keys if key_kind == kind)
        for start in range(0, len(values), LOOKUP_BATCH):
            batch = values[start : start + LOOKUP_BATCH]
            for study in annotated.filter(**{f"{kind}_key__in": batch}):
                study = by_pk.setdefault(study.pk, study)  # one instance per study
                for key in identity_keys({"doi": study.doi, "pmid": study.pmid, "title": study.title}):
                    existing.setdefault(key, study)
    return existing


def plan_import(records, defaults):
    """What importing these records would do; nothing is saved.

    Records are matched to existing studies by DOI, then PMID (by title only when
    a record has neither, as untraced studies do). New studies take
    the classification in `defaults` unless the file carries its own. Raises
    ValidationError naming the record when one is invalid, so nothing is half-imported.
    """
    errors = []
    checked = []
    for record in records:
        values, cell_errors = check_cells(record)
        errors.extend(cell_errors)
        if not cell_errors:
            checked.append((record, values, identity_keys(values)))
    existing = existing_studies({key for _, _, keys in checked for key in keys})

    plan = ImportPlan()
    seen = {}
    for record, values, keys in checked:
        matches = list({existing[key].pk: existing[key] for key in keys if key in existing}.values())
        duplicate_of = next((seen[key] for key in keys if key in seen), None) or next(
            (seen[("study", study.pk)] for study in matches if ("study", study.pk) in seen), None
        )
        if duplicate_of:
            errors.append(f"{record.where}: the same study as {duplicate_of}.")
            continue
        seen.update(dict.fromkeys(keys + [("study", study.pk) for study in matches], record.where))
        if len(matches) > 1:
            errors.append(
                f"{record.where}: its DOI is that of '{matches[0]}' but its PubMed ID is that of "
                f"'{matches[1]}'; correct the one that is wrong."
            )
            continue
        if not matches:
            study = Study(**{**defaults, **{k: v for k, v in values.items() if v != ""}})
            study.year = study.year or None
            if problem := field_errors(study):
                errors.append(f"{record.where}: {problem}")
                continue
            plan.to_create.append(study)
            plan.operations.append((record.where, study, None))
            continue
        [match] = matches
        changes = {}
        for name in BIBLIOGRAPHIC_FIELDS:
            new, old = values.get(name, ""), getattr(match, name)
            if new not in ("", None) and new != old:
                changes[name] = (old, new)
        if not changes:
            plan.unchanged.append(match)
            continue
        for name, (_, new) in changes.items():
            setattr(match, name, new)
        if problem := field_errors(match):
            errors.append(f"{record.where}: {problem}")
            continue
        plan.to_update.append((match, changes))
        plan.operations.append((record.where, match, changes))
    if errors:
        raise ValidationError(errors)
    plan.cited_by = live_pages_citing([study for study, _ in plan.to_update])
    return plan


def field_errors(study):
    """What is wrong with the study's fields, as one message; '' if nothing.

    Study.clean()'s check for another study with the same DOI or PMID is left out: the plan
    matches every record against the library in one query instead of two queries a record.
    """
    try:
        study.clean_fields()
    except ValidationError as error:
        return describe(error)
    return ""


def identity_keys(fields):
    """How a study is recognised: its DOI (any case), its PMID, or, with neither, its title."""
    doi, pmid = (fields.get("doi") or "").lower(), fields.get("pmid") or ""
    keys = [("doi", doi)] if doi else []
    keys += [("pmid", pmid)] if pmid else []
    if not keys and fields.get("title"):
        # An untraced study (citation pending) has nothing better to go by.
        keys = [("title", fields["title"].lower())]
    return keys


def describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field_label(name) if name != '__all__' else 'Record'}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def may_change_cited_studies(user):
    return user is not None and user.has_perm("evidence.change_cited_study")


def refuse_cited_changes(plan, user):
    """Raise ValidationError, saying why, if the plan changes studies live pages cite and `user`
    may not; such a change shows on those pages at once, without their medical review."""
    cited = plan.cited_updates
    if cited and not may_change_cited_studies(user):
        names = "; ".join(
            f"{study.short_citation} (cited by {', '.join(page.title for page in pages)})"
            for study, _, pages in cited[:5]
        )
        more = f" and {len(cited) - 5} more" if len(cited) > 5 else ""
        raise ValidationError(
            f"This import changes {len(cited)} {'study' if len(cited) == 1 else 'studies'} that live "
            f"pages cite: {names}{more}. Those pages would change at once, so only a medical "
            "reviewer may apply it. Nothing was imported: ask a medical reviewer to import the file, "
            "or remove those studies from it."
        )


def save_operations(operations):
    """Save (where, study, changes) operations in a few statements, and index them for search.

    In bulk: one save() a study, with its search indexing, took 13 ms on SQLite, over six
    minutes for 30,000 studies. Study has no other save signals, and cites nothing, so it has
    no references of its own to index.
    """
    new = [study for _, study, changes in operations if changes is None]
    Study.objects.bulk_create(new)
    by_fields = {}
    for _, study, changes in operations:
        if changes is not None:
            by_fields.setdefault(tuple(sorted(changes)), []).append(study)
    for names, studies in by_fields.items():
        Study.objects.bulk_update(studies, names)
    saved = [study for _, study, _ in operations]
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Study, saved)
    # Bulk saves send no signals: pages citing these studies must not be served from the cache.
    page_cache.invalidate("studies imported")


@transaction.atomic
def apply_plan(plan):
    """Save the whole plan in one transaction: all of it or, on an error, none of it."""
    save_operations(plan.operations)
    return plan


def apply_in_chunks(plan, chunk_size, on_chunk_saved):
    """Save the plan a chunk at a time, each chunk in its own transaction, calling
    on_chunk_saved(number saved so far) after each. A chunk that fails is rolled back whole and
    raises ChunkFailed; the chunks before it stay saved."""
    operations = plan.operations
    for start in range(0, len(operations), chunk_size):
        chunk = operations[start : start + chunk_size]
        try:
            with transaction.atomic():
                save_operations(chunk)
        except DatabaseError as error:
            raise ChunkFailed(start, chunk[0][0], chunk[-1][0], error) from error
        on_chunk_saved(start + len(chunk))


class ChunkFailed(Exception):
    """A chunk of an import could not be saved; nothing of it was, the chunks before it were."""

    def __init__(self, saved, first, last, error):
        super().__init__(f"{first} to {last}: {error}")
        self.saved, self.first, self.last, self.error = saved, first, last, error
