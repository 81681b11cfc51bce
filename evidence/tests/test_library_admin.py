"""The library's deeper admin tools: import with preview, usage, who may delete a study (and
the protection of cited ones), and filters in the chooser.

The export's round trip through the importer is in test_importers.py."""

from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from evidence import views
from evidence.choosers import study_chooser_viewset
from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign, StudyImport

from .support import evidence_table, page_text

FILES = Path(__file__).parent / "files"
IMPORT_URL = "evidence_import_studies"
CONFIRM_URL = "evidence_import_studies_confirm"
INDEX_URL = "evidence_study_modeladmin_index"

pytestmark = pytest.mark.django_db


def upload(client, name, content=None):
    data = content if content is not None else (FILES / name).read_bytes()
    return client.post(
        reverse(IMPORT_URL),
        {
            "file": SimpleUploadedFile(name, data),
            "design": StudyDesign.CASE_REPORT,
            "level_of_evidence": LevelOfEvidence.CASE_REPORT,
            "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
            "effect": "Opioid withdrawal",
        },
    )


def confirm_fields(preview):
    """What the preview's confirm form posts."""
    return {field.html_name: field.value() for field in preview.context["confirm_form"]}


def confirm(client, preview):
    return client.post(reverse(CONFIRM_URL), confirm_fields(preview))


GONE = "This preview has expired or was already confirmed: upload the file again."


def cite(make_condition, study, live=True):
    page = make_condition(
        title=f"Condition citing {study.pk}" + ("" if live else " (draft)"),
        slug=f"condition-{study.pk}-{int(live)}",
        live=live,
        body=[evidence_table(study)],
    )
    page.save()  # the reference index is updated on save
    return page


class TestImport:
    def test_preview_then_confirm_creates_the_studies(self, editor_client):
        preview = upload(editor_client, "references.ris")

        assert preview.status_code == 200
        assert "2 new, 0 updated, 0 already in the library" in page_text(preview)
        assert not Study.objects.exists()  # a preview saves nothing

        response = confirm(editor_client, preview)

        assert response.status_code == 302 and response.url == reverse(INDEX_URL)
        assert Study.objects.count() == 2
        assert set(Study.objects.values_list("level_of_evidence", flat=True)) == {LevelOfEvidence.CASE_REPORT}

    def test_preview_shows_updates_to_existing_studies(self, editor_client, make_study):
        make_study(doi="10.3389/fpsyt.2018.00277", title="An old title")

        preview = upload(editor_client, "references.ris")

        assert "1 new, 1 updated, 0 already in the library" in page_text(preview)
        assert "An old title" in page_text(preview)

    def test_importing_twice_duplicates_nothing(self, editor_client):
        confirm(editor_client, upload(editor_client, "references.bib"))
        second = upload(editor_client, "references.bib")

        assert "0 new, 0 updated, 2 already in the library" in page_text(second)
        assert "Back to the studies" in page_text(second)  # nothing to confirm
        assert Study.objects.count() == 2

    @pytest.mark.parametrize(
        "name, message",
        [
            ("truncated.ris", "has no 'ER' line"),
            ("broken.bib", "entry starting on line 6"),
            ("bad_doi.bib", "entry 'baddoi2002'"),
        ],
    )
    def test_a_malformed_file_is_refused_with_the_place_named(self, editor_client, name, message):
        response = upload(editor_client, name)

        assert response.status_code == 200
        assert "Nothing was imported" in page_text(response)
        assert message in page_text(response)
        assert not Study.objects.exists()

    def test_an_unsupported_file_type_is_refused(self, editor_client):
        response = upload(editor_client, "notes.docx", b"PK\x03\x04")
        assert "Upload a RIS (.ris), BibTeX (.bib)" in page_text(response)

    def test_the_file_stays_on_the_server_and_the_form_names_its_preview(self, editor, editor_client):
        preview = upload(editor_client, "references.ris")

        stored = StudyImport.objects.get()
        assert stored.status == StudyImport.Status.PREVIEWED and stored.started_by == editor
        assert bytes(stored.data) == (FILES / "references.ris").read_bytes()
        assert confirm_fields(preview) == {"preview": stored.pk}

    def test_a_small_import_is_marked_done_with_its_counts(self, editor_client):
        confirm(editor_client, upload(editor_client, "references.ris"))

        job = StudyImport.objects.get()
        assert job.status == StudyImport.Status.DONE and job.finished_at
        assert (job.created_count, job.updated_count, job.unchanged_count) == (2, 0, 0)
        status = editor_client.get(reverse("evidence_import_status", args=[job.pk]))
        assert "Imported 2 new and updated 0 studies" in page_text(status)
        assert not status.has_header("Refresh")

    def test_confirming_twice_imports_once(self, editor_client, monkeypatch):
        preview = upload(editor_client, "references.ris")
        applied = []
        real_apply_plan = views.apply_plan
        monkeypatch.setattr(views, "apply_plan", lambda plan: applied.append(plan) or real_apply_plan(plan))

        first = confirm(editor_client, preview)
        again = confirm(editor_client, preview)  # a double click, or the back button

        assert first.status_code == 302 and first.url == reverse(INDEX_URL)
        assert again.status_code == 200 and GONE in page_text(again)
        assert len(applied) == 1
        assert Study.objects.count() == 2

    def test_an_expired_preview_imports_nothing(self, editor_client):
        preview = upload(editor_client, "references.ris")
        StudyImport.objects.update(created_at=timezone.now() - timedelta(hours=1, minutes=1))

        response = confirm(editor_client, preview)

        assert response.status_code == 200 and GONE in page_text(response)
        assert not Study.objects.exists()
        assert StudyImport.objects.get().status == StudyImport.Status.PREVIEWED

    def test_another_users_preview_imports_nothing(self, editor_client, reviewer_client):
        preview = upload(editor_client, "references.ris")

        response = confirm(reviewer_client, preview)

        assert response.status_code == 200 and GONE in page_text(response)
        assert not Study.objects.exists()
        # The one who previewed it may still confirm it.
        assert confirm(editor_client, preview).status_code == 302 and Study.objects.count() == 2

    def test_a_preview_that_does_not_exist_imports_nothing(self, editor_client):
        upload(editor_client, "references.ris")
        missing = StudyImport.objects.get().pk + 1

        response = editor_client.post(reverse(CONFIRM_URL), {"preview": missing})

        assert response.status_code == 200 and GONE in page_text(response)
        assert not Study.objects.exists()

    @pytest.mark.parametrize("forged", ["abc", "", "1; DROP TABLE evidence_study", "-1", "9" * 30, "1.5"])
    def test_a_forged_preview_id_is_a_message_never_a_400_or_500(self, editor_client, forged):
        upload(editor_client, "references.ris")

        response = editor_client.post(reverse(CONFIRM_URL), {"preview": forged})

        assert response.status_code == 200
        assert "Nothing was imported" in page_text(response) and GONE in page_text(response)
        assert not Study.objects.exists()

    def test_old_unconfirmed_previews_are_deleted_at_the_next_preview(self, editor_client, reviewer):
        now = timezone.now()
        old = StudyImport.objects.create(
            filename="old.ris", data=b"", status=StudyImport.Status.PREVIEWED, started_by=reviewer
        )
        recent = StudyImport.objects.create(
            filename="recent.ris", data=b"", status=StudyImport.Status.PREVIEWED, started_by=reviewer
        )
        finished = StudyImport.objects.create(
            filename="done.ris", data=b"", status=StudyImport.Status.DONE, started_by=reviewer
        )
        StudyImport.objects.filter(pk__in=[old.pk, finished.pk]).update(created_at=now - timedelta(days=2))
        StudyImport.objects.filter(pk=recent.pk).update(created_at=now - timedelta(hours=23))

        upload(editor_client, "references.ris")

        assert set(StudyImport.objects.values_list("filename", flat=True)) == {
            "recent.ris",
            "done.ris",
            "references.ris",
        }

    def test_needs_permission_to_add_studies(self, client, django_user_model):
        user = django_user_model.objects.create_user("viewer", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)

        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        refused = client.get(reverse(IMPORT_URL))
        # Wagtail's admin answers PermissionDenied by sending the user home with a message.
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")


class TestUsageAndDeletion:
    def test_list_counts_the_pages_citing_each_study(self, editor_client, make_study, make_condition):
        cited, uncited = make_study(), make_study()
        cite(make_condition, cited)

        response = editor_client.get(reverse(INDEX_URL))

        rows = {
            row.get_text(" ", strip=True)
            for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
        }
        assert any(cited.title in row and "1 page" in row for row in rows)
        assert any(uncited.title in row and "0 pages" in row for row in rows)

    def test_usage_report_lists_the_citing_pages(self, editor_client, make_study, make_condition):
        study = make_study()
        page = cite(make_condition, study)

        response = editor_client.get(reverse("evidence_study_usage", args=[study.pk]))

        assert response.status_code == 200
        assert page.title in page_text(response)

    def test_an_editor_cannot_delete_a_study(self, editor_client, make_study):
        study = make_study()
        url = reverse("evidence_study_modeladmin_delete", args=[study.pk])

        shown = editor_client.get(url)
        response = editor_client.post(url)

        # Wagtail's admin answers PermissionDenied by sending the user home with a message.
        assert shown.status_code == 302 and shown.url == reverse("wagtailadmin_home")
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        assert Study.objects.filter(pk=study.pk).exists()
        listing = page_text(editor_client.get(reverse(INDEX_URL)))
        assert study.title in listing and "Delete" not in listing

    def test_a_reviewer_cannot_delete_a_study_cited_by_a_live_page(
        self, reviewer_client, make_study, make_condition
    ):
        study = make_study()
        page = cite(make_condition, study)
        url = reverse("evidence_study_modeladmin_delete", args=[study.pk])

        shown = reviewer_client.get(url)
        response = reviewer_client.post(url)

        assert "could not be deleted" in page_text(shown) and page.title in page_text(shown)
        assert response.status_code == 200
        assert page.title in page_text(response)
        assert Study.objects.filter(pk=study.pk).exists()

    def test_model_refuses_too(self, make_study, make_condition):
        study = make_study()
        cite(make_condition, study)
        with pytest.raises(ProtectedError, match="Condition citing"):
            study.delete()

    def test_a_reviewer_deletes_a_study_cited_only_by_a_draft(
        self, reviewer_client, make_study, make_condition
    ):
        study = make_study()
        cite(make_condition, study, live=False)

        response = reviewer_client.post(reverse("evidence_study_modeladmin_delete", args=[study.pk]))

        assert response.status_code == 302
        assert not Study.objects.filter(pk=study.pk).exists()


class TestChooserFilters:
    def test_filter_by_level_of_evidence(self, editor_client, make_study):
        review = make_study(title="A review", level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW)
        report = make_study(title="A report", level_of_evidence=LevelOfEvidence.CASE_REPORT)

        response = editor_client.get(
            reverse(study_chooser_viewset.get_url_name("choose_results")),
            {"level_of_evidence": LevelOfEvidence.CASE_REPORT},
        )

        assert report.title in page_text(response)
        assert review.title not in page_text(response)

    def test_search_by_author_and_filter_by_design(self, editor_client, make_study):
        make_study(title="Trial one", authors="Krupitsky EM", design=StudyDesign.RCT)
        make_study(title="Review two", authors="Krupitsky EM", design=StudyDesign.SYSTEMATIC_REVIEW)
        make_study(title="Other", authors="Jones JL", design=StudyDesign.RCT)

        response = editor_client.get(
            reverse(study_chooser_viewset.get_url_name("choose_results")),
            {"q": "Krupitsky", "design": StudyDesign.RCT},
        )

        assert "Trial one" in page_text(response)
        assert "Review two" not in page_text(response)
        assert "Other" not in page_text(response)

    def test_modal_offers_the_filters(self, editor_client):
        html = editor_client.get(reverse(study_chooser_viewset.get_url_name("choose"))).json()["html"]
        assert 'name="level_of_evidence"' in html and 'name="design"' in html and 'name="q"' in html


class TestImportChangingCitedStudies:
    """An update to a study that live pages cite changes those pages at once: the preview names
    them, and only a medical reviewer may apply it (issue 11, item 7)."""

    @pytest.fixture
    def cited(self, make_study, make_condition):
        study = make_study(doi="10.3389/fpsyt.2018.00277", title="An old title")
        live = cite(make_condition, study)
        draft = cite(make_condition, study, live=False)
        return study, live, draft

    def test_the_preview_names_the_live_pages_each_update_changes(self, reviewer_client, cited):
        study, live, draft = cited

        preview = upload(reviewer_client, "references.ris")

        rows = [
            row.get_text(" ", strip=True)
            for row in BeautifulSoup(preview.content, "html.parser").select("tbody tr")
            if "Jones" in row.get_text()
        ]
        assert len(rows) == 1 and live.title in rows[0] and draft.title not in rows[0]
        assert "1 of the updated studies is cited by live pages, which will change at once" in page_text(
            preview
        )

    def test_only_reviewers_may_change_cited_studies(self, editor, reviewer):
        assert reviewer.has_perm("evidence.change_cited_study")
        assert not editor.has_perm("evidence.change_cited_study")

    def test_an_editor_is_refused_and_nothing_is_applied(self, editor_client, cited):
        study, live, _ = cited

        preview = upload(editor_client, "references.ris")
        assert "only a medical reviewer may apply it" in page_text(preview)
        assert "Import 1 new and 1 updated" not in page_text(preview)  # no button to confirm

        response = confirm(editor_client, preview)  # posted all the same

        assert response.status_code == 200
        assert "Nothing was imported" in page_text(response) and live.title in page_text(response)
        study.refresh_from_db()
        assert study.title == "An old title"
        assert Study.objects.count() == 1  # not even the new study

    def test_a_reviewer_applies_it(self, reviewer_client, cited):
        study, _, _ = cited

        response = confirm(reviewer_client, upload(reviewer_client, "references.ris"))

        assert response.status_code == 302
        study.refresh_from_db()
        assert study.title.startswith("Efficacy of ketamine")

    def test_an_editor_may_update_a_study_only_drafts_cite(self, editor_client, make_study, make_condition):
        study = make_study(doi="10.3389/fpsyt.2018.00277", title="An old title")
        cite(make_condition, study, live=False)

        preview = upload(editor_client, "references.ris")
        response = confirm(editor_client, preview)

        assert "cited by live pages" not in page_text(preview)
        assert response.status_code == 302
        study.refresh_from_db()
        assert study.title.startswith("Efficacy of ketamine")


class TestImportValidationThroughTheAdmin:
    @pytest.mark.parametrize(
        "cells, message",
        [
            ("A study,²", "row 2: Year: '²' is not a year"),
            ("A\x00study,2018", "row 2: Title: holds the control character U+0000"),
            ("x" * 501 + ",2018", "row 2: Title: 501 characters, more than the 500 it may have"),
        ],
    )
    def test_a_bad_cell_is_a_message_naming_the_row_never_a_500(self, editor_client, cells, message):
        response = upload(editor_client, "studies.csv", f"Title,Year\n{cells}\n".encode())

        assert response.status_code == 200
        assert "Nothing was imported" in page_text(response) and message in page_text(response)
        assert not Study.objects.exists()


class TestEditingACitedStudyByHand:
    def edit(self, client, study, **changes):
        data = {
            name: getattr(study, name) or ""
            for name in ["title", "authors", "journal", "year", "volume_pages", "doi", "pmid", "url"]
            + ["design", "level_of_evidence", "magnitude_of_effect", "effect", "summary"]
        }
        return client.post(reverse("evidence_study_modeladmin_edit", args=[study.pk]), {**data, **changes})

    def test_an_editor_cannot_change_a_study_live_pages_cite(self, editor_client, make_study, make_condition):
        study = make_study(title="As cited")
        page = cite(make_condition, study)

        response = self.edit(editor_client, study, title="Changed")

        assert response.status_code == 200
        assert "only a medical reviewer may change it" in page_text(response) and page.title in page_text(
            response
        )
        study.refresh_from_db()
        assert study.title == "As cited"

    def test_an_editor_changes_a_study_only_drafts_cite(self, editor_client, make_study, make_condition):
        study = make_study(title="As cited")
        cite(make_condition, study, live=False)

        assert self.edit(editor_client, study, title="Changed").status_code == 302
        study.refresh_from_db()
        assert study.title == "Changed"

    def test_a_reviewer_changes_a_cited_study(self, reviewer_client, make_study, make_condition):
        study = make_study(title="As cited")
        cite(make_condition, study)

        assert self.edit(reviewer_client, study, title="Changed").status_code == 302
        study.refresh_from_db()
        assert study.title == "Changed"

    def test_a_clash_at_saving_is_a_message_and_saves_nothing(self, editor_client, monkeypatch):
        preview = upload(editor_client, "references.ris")

        def clash(*args, **kwargs):
            raise IntegrityError("UNIQUE constraint failed: evidence_study.doi")

        monkeypatch.setattr(type(Study.objects), "bulk_create", clash)
        response = confirm(editor_client, preview)

        assert response.status_code == 200
        assert "The library changed while the studies were saved" in page_text(response)
        assert not Study.objects.exists()
