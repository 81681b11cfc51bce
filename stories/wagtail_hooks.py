from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import testimonial_chooser_viewset
from .models import Testimonial


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = "Testimonials"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["attribution", "__str__", "consent_date", "live"]
    search_fields = ["quote", "attribution"]


register_snippet(TestimonialViewSet)


@hooks.register("register_admin_viewset")
def register_testimonial_chooser():
    return testimonial_chooser_viewset
