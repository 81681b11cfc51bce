from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.usage import UsageView
from wagtail.models import ReferenceIndex
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from home.exports import FormulaSafeExportMixin

from .choosers import study_chooser_viewset
from .importers import EXPORT_FIELDS
from .models import Study
from .views import (
    StudyDeleteView,
    StudyEditView,
    StudyImportConfirmView,
    StudyImportStatusView,
    StudyImportView,
    can_import_studies,
)


class StudyIndexView(FormulaSafeExportMixin, IndexView):
    """The study list; its CSV/XLSX export never holds a cell a spreadsheet runs as a formula."""


class StudyAdmin(ModelAdmin):
    """The study library's admin: list, search, filter, inspect, export, edit."""

    model = Study
    menu_label = "Studies"
    menu_icon = "doc-full"
    list_display = (
        "short_citation",
        "title",
        "year",
        "design",
        "level_of_evidence",
        "magnitude_of_effect",
        "used_on",
    )
    list_filter = ("level_of_evidence", "magnitude_of_effect", "design", "effect", "year")
    search_fields = ("title", "authors", "doi", "pmid", "effect")
    # The export's columns are the ones the importer reads back: exporting and
    # importing again matches every study by DOI/PMID and duplicates nothing.
    list_export = tuple(EXPORT_FIELDS)
    export_filename = "studies"
    # Empty cells stay empty (not "-") so an exported file imports cleanly.
    empty_value_display = ""
    inspect_view_enabled = True
    index_view_class = StudyIndexView
    edit_view_class = StudyEditView
    delete_view_class = StudyDeleteView
    ordering = ("effect", "-year")

    def get_queryset(self, request):
        # One subquery counts every row's citing pages: no query per row.
        return super().get_queryset(request).annotate(usage_count=ReferenceIndex.usage_count_subquery(Study))

    def used_on(self, obj):
        label = f"{obj.usage_count} page{'s' if obj.usage_count != 1 else ''}"
        return format_html('<a href="{}">{}</a>', reverse("evidence_study_usage", args=[obj.pk]), label)

    used_on.short_description = "Used on"


class ImportStudiesMenuItem(MenuItem):
    """Shown only to those the import view lets in."""

    def is_shown(self, request):
        return can_import_studies(request.user)


class EvidenceGroup(ModelAdminGroup):
    menu_label = "Evidence"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (StudyAdmin,)

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            ImportStudiesMenuItem(
                "Import studies", reverse("evidence_import_studies"), icon_name="upload", order=100
            )
        ]


modeladmin_register(EvidenceGroup)


@hooks.register("register_admin_viewset")
def register_study_chooser():
    return study_chooser_viewset


@hooks.register("register_admin_urls")
def register_evidence_urls():
    return [
        path("evidence/import/", StudyImportView.as_view(), name="evidence_import_studies"),
        path(
            "evidence/import/confirm/",
            StudyImportConfirmView.as_view(),
            name="evidence_import_studies_confirm",
        ),
        path("evidence/import/<int:pk>/", StudyImportStatusView.as_view(), name="evidence_import_status"),
        path(
            "evidence/study/usage/<str:pk>/",
            UsageView.as_view(
                model=Study,
                index_url_name="evidence_study_modeladmin_index",
                edit_url_name="evidence_study_modeladmin_edit",
                usage_url_name="evidence_study_usage",
            ),
            name="evidence_study_usage",
        ),
    ]
