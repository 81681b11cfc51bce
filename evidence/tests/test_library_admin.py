"""The library's deeper admin tools: import with preview, usage, who may delete a study (and
the protection of cited ones), and filters in the chooser.

The export's round trip through the importer is in test_importers.py."""

from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from evidence.choosers import study_chooser_viewset
from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign

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


def confirm(client, preview):
    return client.post(reverse(CONFIRM_URL), {"payload": preview.context["confirm_form"]["payload"].value()})


def cite(make_condition, study, live=True):
    page = make_condition(
        title=f"Condition citing {study.pk}",
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

    def test_a_tampered_confirmation_imports_nothing(self, editor_client):
        preview = upload(editor_client, "references.ris")
        payload = preview.context["confirm_form"]["payload"].value()

        response = editor_client.post(reverse(CONFIRM_URL), {"payload": payload[:-3] + "xyz"})

        assert response.status_code == 200
        assert "expired or was altered" in page_text(response)
        assert not Study.objects.exists()

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
