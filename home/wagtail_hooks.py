from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.tables import UpdatedAtColumn, UsageCountColumn
from wagtail.models import ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .documents import serve_byte_range
from .models import ClinicSettings, Condition, ReusableContent


class ConditionViewSet(SnippetViewSet):
    """The conditions the clinic treats, that condition pages, articles and testimonials are about."""

    model = Condition
    icon = "tag"
    menu_label = "Conditions treated"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ConditionViewSet)


class ReviewedContentPermissionPolicy(ModelPermissionPolicy):
    """While a workflow covers the model (the Medical review, from setup_editorial_roles), no one
    publishes, unpublishes or schedules an item directly, superusers included: the reviewer's
    approval publishes it (conditions/review/workflow.py), as for a medical page."""

    def user_has_permission(self, user, action):
        if action == "publish" and self.model.get_default_workflow() is not None:
            return False
        return super().user_has_permission(user, action)


# Before the viewset is registered, which would make a policy of its own.
register_permission_policy(ReusableContent, ReviewedContentPermissionPolicy(ReusableContent))


class PagesUsingColumn(UsageCountColumn):
    """How many pages show the item, linked to Wagtail's usage report that lists them."""

    def get_cell_context_data(self, instance, parent_context):
        instance.usage_url = reverse(instance.snippet_viewset.get_url_name("usage"), args=[instance.pk])
        return super().get_cell_context_data(instance, parent_context)


class ReusableContentViewSet(SnippetViewSet):
    """Content written once and chosen on many pages (the "Reusable content" block)."""

    model = ReusableContent
    icon = "copy"
    menu_label = "Reusable content"
    list_display = [
        "name",
        PagesUsingColumn("usage_count", label="Usage", sort_key="usage_count"),
        UpdatedAtColumn(),
    ]
    list_filter = ["live"]
    search_fields = ["name"]
    # Searched in the database: the search backend cannot count a queryset carrying the usage count.
    search_backend_name = None

    def get_queryset(self, request):
        # The usage count in the listing's one query, from Wagtail's reference index.
        return ReusableContent.objects.annotate(
            usage_count=ReferenceIndex.usage_count_subquery(ReusableContent)
        )


register_snippet(ReusableContentViewSet)


@hooks.register("construct_snippet_action_menu")
def hide_publishing_that_needs_approval(menu_items, request, context):
    """Wagtail shows Publish and Unpublish to anyone with the model permission (superusers); where
    the permission policy refuses them, the buttons are left out rather than shown to fail."""
    model = context.get("model")
    if model is not ReusableContent:
        return
    if not policy_registry.get_by_type(model).user_has_permission(request.user, "publish"):
        menu_items[:] = [
            item for item in menu_items if item.name not in ("action-publish", "action-unpublish")
        ]


# After Wagtail's own hook, which refuses a private document to a visitor who may not see it.
hooks.register("before_serve_document", serve_byte_range, order=100)


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
