from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ClinicSettings, Condition


class ConditionViewSet(SnippetViewSet):
    """The conditions the clinic treats, that condition pages, articles and testimonials are about."""

    model = Condition
    icon = "tag"
    menu_label = "Conditions treated"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ConditionViewSet)


@hooks.register("insert_editor_js")
def character_count_js():
    """Every editing form (pages, snippets, settings): a count under each text box with a limit,
    and no silent cut of pasted text at the limit (static/admin/js/character-count.js)."""
    return format_html('<script src="{}" defer></script>', static("admin/js/character-count.js"))


@hooks.register("after_edit_setting")
def warn_about_hidden_menu_links(request, instance):
    """A menu link visitors do not see is saved, and the editor is told so."""
    if isinstance(instance, ClinicSettings):
        for warning in instance.menu_warnings():
            messages.warning(request, warning)
