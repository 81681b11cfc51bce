"""A large study import runs in the task worker, not in the request that confirms it, with its
progress on a status page; a chunk that fails leaves nothing of itself saved (issue 11, item 12)."""

import csv
import io
import random
import string
import time
from io import StringIO
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from django.db.models.signals import post_save
from django.test import override_settings
from django.urls import reverse

import pytest
from django_tasks_db.models import DBTaskResult

from evidence import tasks
from evidence.importers import MAX_IMPORT_BYTES
from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign, StudyImport
from evidence.views import BACKGROUND_IMPORT_ABOVE

from .support import evidence_table, page_text

pytestmark = pytest.mark.django_db

# The site's settings: Wagtail's own tasks at once, imports queued in the database for the worker.
WITH_WORKER = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def studies_csv(count, start=0, **overrides):
    """The library's CSV export of `count` studies; `overrides` maps a row index to its cells."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Title", "Authors", "Year", "DOI", "PubMed ID"])
    for n in range(start, start + count):
        row = [f"Ketamine study {n}", "Doe J, Roe R", "2018", f"10.1000/bulk.{n}", str(10_000_000 + n)]
        writer.writerow(overrides.get(n, row))
    return out.getvalue().encode()


def preview(client, data, name="studies.csv"):
    response = client.post(
        reverse("evidence_import_studies"),
        {
            "file": SimpleUploadedFile(name, data),
            "design": StudyDesign.RCT,
            "level_of_evidence": LevelOfEvidence.RCT,
            "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
            "effect": "Depression",
        },
    )
    assert response.status_code == 200
    return response


def confirm_fields(preview_response):
    """What the preview's confirm form posts (its fields as rendered, whichever they are)."""
    return {field.html_name: field.value() for field in preview_response.context["confirm_form"]}


def confirm(client, preview_response):
    return client.post(reverse("evidence_import_studies_confirm"), confirm_fields(preview_response))


def run_worker():
    call_command(
        "db_worker",
        "--backend",
        "background",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
    )


# The worker takes its own transactions, as it does in its own process.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=WITH_WORKER)
def test_thirty_thousand_rows_are_queued_not_imported_in_the_request(reviewer_client):
    shown = preview(reviewer_client, studies_csv(30_000))
    assert "30000 new, 0 updated" in page_text(shown)
    assert "run in the background" in page_text(shown)

    started = time.monotonic()
    response = confirm(reviewer_client, shown)
    elapsed = time.monotonic() - started

    job = StudyImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("evidence_import_status", args=[job.pk])
    assert job.status == StudyImport.Status.QUEUED and job.started_by.username == "reviewer"
    assert DBTaskResult.objects.filter(backend_name="background", status="READY").count() == 1
    assert not Study.objects.exists()  # nothing was imported in the request
    assert elapsed < 10

    status = reviewer_client.get(response.url)
    assert "Waiting for the task worker" in page_text(status)
    assert status["Refresh"] == "3"  # the page reloads itself

    run_worker()

    job.refresh_from_db()
    assert job.status == StudyImport.Status.DONE
    assert (job.done, job.total, job.created_count) == (30_000, 30_000, 30_000)
    assert Study.objects.count() == 30_000
    done = reviewer_client.get(response.url)
    assert "Imported 30000 new and updated 0 studies" in page_text(done)
    assert not done.has_header("Refresh")


def test_the_confirm_form_of_thirty_thousand_rows_posts_a_few_bytes_not_the_file(editor_client):
    shown = preview(editor_client, studies_csv(30_000))

    # The file stays on the server: the form carries which preview it confirms, nothing more.
    assert len(urlencode(confirm_fields(shown))) < 10_000


def incompressible_csv(size):
    """A valid CSV export of about `size` bytes whose cells are random letters (they compress badly)."""
    rng = random.Random(12)

    def letters(count):
        return "".join(rng.choices(string.ascii_letters, k=count))

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Title", "Authors", "Journal", "Year", "DOI"])
    n = 0
    while out.tell() < size:
        writer.writerow([letters(480), letters(480), letters(250), "2018", f"10.1000/random.{n}"])
        n += 1
    return out.getvalue().encode()


def test_a_file_that_compresses_badly_is_confirmed_not_refused_as_too_big(editor_client):
    data = incompressible_csv(MAX_IMPORT_BYTES - 64 * 1024)
    shown = preview(editor_client, data)
    rows = data.count(b"\n") - 1
    assert f"{rows} new, 0 updated" in page_text(shown)

    # When the form carried the file, signed and compressed, this post was over 2.5 MB: a bare 400.
    response = confirm(editor_client, shown)

    job = StudyImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("evidence_import_status", args=[job.pk])
    assert job.status == StudyImport.Status.DONE and job.created_count == rows
    assert Study.objects.count() == rows


@override_settings(TASKS=WITH_WORKER)
def test_a_large_import_confirmed_twice_is_queued_once(editor_client):
    shown = preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 1))

    first = confirm(editor_client, shown)
    again = confirm(editor_client, shown)  # a double click, or the back button

    job = StudyImport.objects.get()
    assert first.status_code == 302 and first.url == reverse("evidence_import_status", args=[job.pk])
    assert again.status_code == 200
    assert "This preview has expired or was already confirmed: upload the file again." in page_text(again)
    assert job.status == StudyImport.Status.QUEUED
    assert DBTaskResult.objects.filter(backend_name="background").count() == 1


@pytest.fixture
def progress():
    """The StudyImport's `done` count at each save, as the status page would see it."""
    seen = []

    def record(instance, **kwargs):
        seen.append((instance.status, instance.done))

    post_save.connect(record, sender=StudyImport, weak=False)
    yield seen
    post_save.disconnect(record, sender=StudyImport)


def test_progress_is_recorded_after_each_chunk(editor_client, monkeypatch, progress):
    monkeypatch.setattr(tasks, "CHUNK_SIZE", 250)
    confirm(editor_client, preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 100)))

    job = StudyImport.objects.get()
    assert job.status == StudyImport.Status.DONE
    running = [done for status, done in progress if status == StudyImport.Status.RUNNING]
    assert running == [0, 250, 500, 600]
    assert Study.objects.count() == 600
    # Imported studies are in the search index, as saved ones are.
    chooser = editor_client.get(reverse("study_chooser:choose_results"), {"q": "Ketamine study 599"})
    assert "Ketamine study 599" in page_text(chooser)


def test_a_chunk_that_fails_is_saved_not_at_all_and_the_status_says_what_was(editor_client, monkeypatch):
    monkeypatch.setattr(tasks, "CHUNK_SIZE", 250)
    shown = preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 100))
    real_bulk_create = Study.objects.bulk_create.__func__

    def failing_bulk_create(manager, objs, *args, **kwargs):
        if any(study.title == "Ketamine study 300" for study in objs):
            raise IntegrityError("UNIQUE constraint failed: evidence_study.doi")
        return real_bulk_create(manager, objs, *args, **kwargs)

    monkeypatch.setattr(type(Study.objects), "bulk_create", failing_bulk_create)
    response = confirm(editor_client, shown)

    job = StudyImport.objects.get()
    assert job.status == StudyImport.Status.FAILED
    assert sorted(Study.objects.values_list("title", flat=True)) == sorted(
        f"Ketamine study {n}" for n in range(250)
    )
    assert job.done == 250
    [message] = job.errors
    assert message.startswith("Saving row 252 to row 501 failed")
    assert "The 250 studies before them were imported" in message
    assert message in page_text(editor_client.get(response.url))


def test_a_row_gone_bad_since_the_preview_imports_nothing(editor_client, make_study):
    shown = preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 100))
    # The file cannot change between preview and confirm (it is kept on the server), but the library can:
    # now row 402's DOI is one study's and its PubMed ID another's.
    make_study(title="One", doi="10.1000/bulk.400", pmid="")
    make_study(title="Another", doi="10.1000/other", pmid="10000400")

    confirm(editor_client, shown)

    job = StudyImport.objects.get()
    assert job.status == StudyImport.Status.FAILED
    assert job.errors[0].startswith("row 402: its DOI is that of")
    assert sorted(Study.objects.values_list("title", flat=True)) == ["Another", "One"]


def test_only_those_who_may_import_see_the_status(client, django_user_model, editor_client):
    confirm(editor_client, preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 1)))
    job = StudyImport.objects.get()
    viewer = django_user_model.objects.create_user("viewer", password="x")
    client.force_login(viewer)

    assert editor_client.get(reverse("evidence_import_status", args=[job.pk])).status_code == 200
    assert client.get(reverse("evidence_import_status", args=[job.pk])).status_code == 302


@pytest.fixture
def cited(make_study, make_condition):
    study = make_study(title="Old title", doi="10.1000/bulk.5", pmid="")
    page = make_condition(title="Ketamine for depression", slug="depression", body=[evidence_table(study)])
    page.save()
    return study, page


def test_a_large_import_changing_cited_studies_is_refused_to_an_editor_in_the_worker(editor_client, cited):
    study, page = cited
    shown = preview(editor_client, studies_csv(BACKGROUND_IMPORT_ABOVE + 100))
    assert "confirm_form" in shown.context and "only a medical reviewer may apply it" in page_text(shown)

    confirm(editor_client, shown)  # posted by hand: the preview offers no button

    job = StudyImport.objects.get()
    assert job.status == StudyImport.Status.FAILED
    assert "Ketamine for depression" in job.errors[0] and "only a medical reviewer" in job.errors[0]
    study.refresh_from_db()
    assert study.title == "Old title" and Study.objects.count() == 1


def test_a_finished_import_keeps_its_outcome_not_the_file(superuser):
    job = StudyImport.objects.create(filename="x.csv", data=b"title\nA study\n", started_by=superuser)

    tasks.finish(job, StudyImport.Status.DONE)

    job.refresh_from_db()
    assert bytes(job.data) == b""
    assert job.status == StudyImport.Status.DONE and job.finished_at is not None
