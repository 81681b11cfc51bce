from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Condition


class ConditionViewSet(SnippetViewSet):
    """The conditions the clinic treats, that condition pages, articles and testimonials are about."""

    model = Condition
    icon = "tag"
    menu_label = "Conditions treated"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ConditionViewSet)
