from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Study
from .views import study_chooser_viewset


class StudyAdmin(ModelAdmin):
    """The study library's admin: list, search, filter, inspect, edit."""

    model = Study
    menu_label = "Studies"
    menu_icon = "doc-full"
    list_display = ("short_citation", "title", "year", "design", "level_of_evidence", "magnitude_of_effect")
    list_filter = ("level_of_evidence", "magnitude_of_effect", "design", "year")
    search_fields = ("title", "authors", "doi", "pmid", "effect")
    inspect_view_enabled = True
    ordering = ("effect", "-year")


class EvidenceGroup(ModelAdminGroup):
    menu_label = "Evidence"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (StudyAdmin,)


modeladmin_register(EvidenceGroup)


@hooks.register("register_admin_viewset")
def register_study_chooser():
    return study_chooser_viewset
