from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.views import DeleteView

from .forms import ConfirmImportForm, StudyImportForm
from .importers import ReferenceFileError, apply_plan, plan_import, read_references


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
            plan = plan_import(read_references(upload.name, data), form.defaults())
        except (ReferenceFileError, ValidationError) as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error_messages(error)))
        confirm_form = ConfirmImportForm(initial={"payload": form.payload(data)})
        return self.render_to_response(self.get_context_data(plan=plan, confirm_form=confirm_form))


class StudyImportConfirmView(StudyImportView):
    def get(self, request):
        return redirect("evidence_import_studies")

    def post(self, request):
        form = ConfirmImportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=StudyImportForm(), errors=form.errors["payload"])
            )
        payload = form.cleaned_data["payload"]
        try:
            # Planned again: the library may have changed since the preview.
            plan = apply_plan(
                plan_import(read_references(payload["filename"], payload["data"]), payload["defaults"])
            )
        except (ReferenceFileError, ValidationError) as error:
            return self.render_to_response(
                self.get_context_data(form=StudyImportForm(), errors=error_messages(error))
            )
        messages.success(
            request,
            f"Imported {len(plan.to_create)} new and updated {len(plan.to_update)} studies "
            f"({len(plan.unchanged)} already in the library).",
        )
        return redirect("evidence_study_modeladmin_index")


def error_messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]
