from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import testimonial_chooser_viewset
from .models import Person, Testimonial


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = "Testimonials"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["attribution", "__str__", "consent_date", "consent_expires", "live"]
    list_filter = ["live", "consent_scope", "condition"]
    search_fields = ["quote", "attribution"]


class PersonViewSet(SnippetViewSet):
    """Authors (and, later, medical reviewers): name, credentials, photo and biography."""

    model = Person
    icon = "user"
    menu_label = "People"
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["name", "credentials", "role"]
    search_fields = ["name"]


register_snippet(TestimonialViewSet)
register_snippet(PersonViewSet)


@hooks.register("register_admin_viewset")
def register_testimonial_chooser():
    return testimonial_chooser_viewset
