from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.views import DeleteView, EditView

from .forms import PREVIEW_GONE, ConfirmImportForm, StudyImportForm
from .importers import (
    ReferenceFileError,
    apply_plan,
    may_change_cited_studies,
    plan_import,
    read_references,
    refuse_cited_changes,
)
from .models import StudyImport
from .tasks import enqueue_import, finish

# An import of more records than this runs in the task worker, with a status page.
BACKGROUND_IMPORT_ABOVE = 500
# The preview lists this many new and updated studies, then says how many more.
PREVIEW_ROWS = 100


class StudyDeleteView(DeleteView):
    """Names the live pages that cite a study, instead of offering to delete it.

    Study.delete() is what refuses (ProtectedError, which this view's parent
    catches on POST); this view only says which pages stand in the way.
    """

    def get_context_data(self, **kwargs):
        live_pages = list(self.instance.citing_pages().live())
        if live_pages:
            kwargs.update(protected_error=True, linked_objects=live_pages)
        return super().get_context_data(**kwargs)


class StudyEditView(EditView):
    """Editing a study that live pages cite changes them at once, without their medical review:
    only those who may change cited studies (the medical reviewers) may save such a change."""

    def form_valid(self, form):
        if form.has_changed() and not may_change_cited_studies(self.request.user):
            live_pages = list(self.instance.citing_pages().live())
            if live_pages:
                titles = ", ".join(f"'{page.title}'" for page in live_pages)
                form.add_error(
                    None,
                    f"Live pages cite this study ({titles}), and a change to it shows on them at once: "
                    "only a medical reviewer may change it. Nothing was saved.",
                )
                return self.form_invalid(form)
        return super().form_valid(form)


def can_import_studies(user):
    """Importing creates and updates studies: it needs both permissions."""
    return user.has_perm("evidence.add_study") and user.has_perm("evidence.change_study")


class StudyImportView(WagtailAdminTemplateMixin, TemplateView):
    """Import studies from a reference manager's export: upload, preview, confirm."""

    template_name = "evidence/import_studies.html"
    page_title = "Import studies"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import_studies(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("evidence_study_modeladmin_index"), "label": "Studies"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            import_url=reverse("evidence_import_studies"),
            confirm_url=reverse("evidence_import_studies_confirm"),
            index_url=reverse("evidence_study_modeladmin_index"),
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=StudyImportForm()))

    def post(self, request):
        form = StudyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            records = read_references(upload.name, data)
            plan = plan_import(records, form.defaults())
        except (ReferenceFileError, ValidationError) as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error_messages(error)))
        try:
            refuse_cited_changes(plan, request.user)
            refusal = None
        except ValidationError as error:
            refusal = error.messages[0]
        confirm_form = None
        if not plan.is_empty:
            # The file waits here for its confirmation, which names only this record.
            StudyImport.delete_old_previews()
            preview = StudyImport.objects.create(
                filename=upload.name,
                data=data,
                defaults=form.defaults(),
                started_by=request.user,
                status=StudyImport.Status.PREVIEWED,
            )
            confirm_form = ConfirmImportForm(initial={"preview": preview.pk})
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                confirm_form=confirm_form,
                refusal=refusal,
                may_change_cited=may_change_cited_studies(request.user),
                in_background=len(records) > BACKGROUND_IMPORT_ABOVE,
                preview_rows=PREVIEW_ROWS,
                more_new=max(0, len(plan.to_create) - PREVIEW_ROWS),
                more_updated=max(0, len(plan.to_update) - PREVIEW_ROWS),
            )
        )


class StudyImportConfirmView(StudyImportView):
    """Applies the user's own preview, once: a second confirmation (a double click, the back
    button) finds it confirmed already, and imports nothing."""

    def get(self, request):
        return redirect("evidence_import_studies")

    def post(self, request):
        form = ConfirmImportForm(request.POST)
        if not form.is_valid():
            return self.refuse(form.errors["preview"])
        job = StudyImport.confirm_preview(
            form.cleaned_data["preview"], request.user, StudyImport.Status.CHECKING
        )
        if job is None:
            return self.refuse([PREVIEW_GONE])
        try:
            records = read_references(job.filename, bytes(job.data))
        except ReferenceFileError as error:
            return self.refuse(error_messages(error), job)
        if len(records) > BACKGROUND_IMPORT_ABOVE:
            # The task worker checks it again and runs it; the status page shows how far it got.
            job.status = StudyImport.Status.QUEUED
            job.save(update_fields=["status"])
            enqueue_import(job)
            return redirect("evidence_import_status", job.pk)
        return self.apply_now(job, records)

    def apply_now(self, job, records):
        """A small import, saved in this request, all in one transaction."""
        try:
            # Planned again: the library may have changed since the preview.
            plan = plan_import(records, job.defaults)
            refuse_cited_changes(plan, self.request.user)
            apply_plan(plan)
        except (ReferenceFileError, ValidationError) as error:
            return self.refuse(error_messages(error), job)
        except IntegrityError:
            # Another change to the library took a DOI or PMID between the check and the save.
            return self.refuse(
                ["The library changed while the studies were saved; upload the file again."], job
            )
        except Exception:
            finish(job, StudyImport.Status.FAILED, ["The import stopped on an unexpected error."])
            raise
        job.total = job.done = len(plan.operations)
        job.created_count = len(plan.to_create)
        job.updated_count = len(plan.to_update)
        job.unchanged_count = len(plan.unchanged)
        finish(job, StudyImport.Status.DONE)
        messages.success(
            self.request,
            f"Imported {len(plan.to_create)} new and updated {len(plan.to_update)} studies "
            f"({len(plan.unchanged)} already in the library).",
        )
        return redirect("evidence_study_modeladmin_index")

    def refuse(self, errors, job=None):
        """The upload form again, with why nothing was imported (recorded on the import, if any)."""
        if job is not None:
            finish(job, StudyImport.Status.FAILED, errors)
        return self.render_to_response(self.get_context_data(form=StudyImportForm(), errors=list(errors)))


class StudyImportStatusView(StudyImportView):
    """How far a background import has got; the page reloads itself until the import ends."""

    template_name = "evidence/import_status.html"
    page_title = "Import status"
    # Seconds between reloads while the import runs (the Refresh header; no script needed).
    REFRESH_SECONDS = 3

    def get(self, request, pk):
        study_import = get_object_or_404(StudyImport, pk=pk)
        response = self.render_to_response(
            self.get_context_data(
                study_import=study_import,
                status_url=reverse("evidence_import_status", args=[pk]),
                refresh_seconds=self.REFRESH_SECONDS,
            )
        )
        if study_import.is_under_way:
            response["Refresh"] = str(self.REFRESH_SECONDS)
        return response

    def post(self, request, pk):
        return redirect("evidence_import_status", pk)


def error_messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]
