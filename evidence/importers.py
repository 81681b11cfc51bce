"""Reading studies from reference-manager exports (RIS, BibTeX) and from the library's own
CSV/XLSX export, and planning an import that creates or updates studies without duplicates.

Nothing here writes to the database except `apply_plan`, which does all of it in one
transaction or none of it.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower

import bibtexparser
import openpyxl
import rispy

from .models import Study

# The bibliographic fields an import may set or update. The clinic's own
# judgement (design, level, magnitude, effect, summary) is never overwritten
# by a reference manager's file.
BIBLIOGRAPHIC_FIELDS = ["title", "authors", "journal", "year", "volume_pages", "doi", "pmid", "url"]
CLASSIFICATION_FIELDS = ["design", "level_of_evidence", "magnitude_of_effect", "effect", "summary"]
EXPORT_FIELDS = BIBLIOGRAPHIC_FIELDS + CLASSIFICATION_FIELDS

# A reference file larger than this is refused before it is read.
MAX_IMPORT_BYTES = 5 * 1024 * 1024

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -( (.*))?$")
PMID_IN_TEXT = re.compile(r"(?:PMID:?\s*)(\d{1,10})", re.IGNORECASE)


class ReferenceFileError(ValueError):
    """A file that cannot be read; the message names the line or record at fault."""


@dataclass
class Record:
    """One study as read from a file, and where it came from (for messages)."""

    where: str
    fields: dict


@dataclass
class ImportPlan:
    to_create: list = field(default_factory=list)  # unsaved Study instances
    to_update: list = field(default_factory=list)  # (Study, {field: (old, new)})
    unchanged: list = field(default_factory=list)  # Study instances

    @property
    def is_empty(self):
        return not (self.to_create or self.to_update)


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
                    "year": (entry.get("year") or entry.get("publication_year") or "")[:4],
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
    reader = csv.reader(io.StringIO(text))
    return rows_to_records(list(reader))


def read_xlsx(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ReferenceFileError("The file is not a readable Excel (.xlsx) workbook.") from error
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return rows_to_records(rows)


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


# --- Planning and applying -------------------------------------------------------------


def plan_import(records, defaults):
    """What importing these records would do; nothing is saved.

    Records are matched to existing studies by DOI, then PMID (by title only when
    a record has neither, as untraced studies do). New studies take
    the classification in `defaults` unless the file carries its own. Raises
    ValidationError naming the record when one is invalid, so nothing is half-imported.
    """
    keyed = [(record, identity_keys(record.fields)) for record in records]
    wanted = {key for _, keys in keyed for key in keys}
    lookups = Q()
    for kind in ("doi", "pmid", "title"):
        values = {value for key_kind, value in wanted if key_kind == kind}
        if values:
            lookups |= Q(**{f"{kind}_key__in": values})
    existing = {}
    if lookups:
        for study in Study.objects.annotate(
            doi_key=Lower("doi"), pmid_key=F("pmid"), title_key=Lower("title")
        ).filter(lookups):
            for key in identity_keys({"doi": study.doi, "pmid": study.pmid, "title": study.title}):
                existing.setdefault(key, study)

    plan = ImportPlan()
    seen = {}
    errors = []
    for record, keys in keyed:
        values = {name: value for name, value in record.fields.items() if name in EXPORT_FIELDS}
        duplicate_of = next((seen[key] for key in keys if key in seen), None)
        if duplicate_of:
            errors.append(f"{record.where}: the same study as {duplicate_of}.")
            continue
        seen.update(dict.fromkeys(keys, record.where))
        match = next((existing[key] for key in keys if key in existing), None)
        if match is None:
            study = Study(**{**defaults, **{k: v for k, v in values.items() if v != ""}})
            study.year = study.year or None
            try:
                study.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                errors.append(f"{record.where}: {describe(error)}")
                continue
            plan.to_create.append(study)
        else:
            changes = {}
            for name in BIBLIOGRAPHIC_FIELDS:
                new = values.get(name, "")
                if name == "year":
                    new = int(new) if str(new).isdigit() else None
                old = getattr(match, name)
                if new not in ("", None) and new != old:
                    changes[name] = (old, new)
            if changes:
                for name, (_, new) in changes.items():
                    setattr(match, name, new)
                try:
                    match.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as error:
                    errors.append(f"{record.where}: {describe(error)}")
                    continue
                plan.to_update.append((match, changes))
            else:
                plan.unchanged.append(match)
    if errors:
        raise ValidationError(errors)
    return plan


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
            f"{Study._meta.get_field(name).verbose_name if name != '__all__' else 'record'}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


@transaction.atomic
def apply_plan(plan):
    for study in plan.to_create:
        study.save()
    for study, changes in plan.to_update:
        study.save(update_fields=list(changes))
    return plan
