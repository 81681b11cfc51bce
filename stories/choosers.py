from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import Testimonial


class TestimonialChooserViewSet(ChooserViewSet):
    """Lists only testimonials that may appear on a page: published, with consent recorded."""

    model = Testimonial
    icon = "openquote"
    choose_one_text = "Choose a testimonial"
    choose_another_text = "Choose another testimonial"
    edit_item_text = "Edit this testimonial"
    # The snippet viewset provides the widget for plain model forms.
    register_widget = False

    def get_object_list(self):
        return Testimonial.objects.shown()


testimonial_chooser_viewset = TestimonialChooserViewSet("testimonial_chooser")
