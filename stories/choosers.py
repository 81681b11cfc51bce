from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .models import Testimonial


class TestimonialChooserViewSet(SnippetChooserViewSet):
    """Lists only testimonials that may appear on a page: published, with consent recorded.

    It is the Testimonial snippet's chooser (TestimonialViewSet.chooser_viewset_class), so every
    chooser of a testimonial uses it, the testimonial block's included (home/people_blocks.py).
    """

    choose_one_text = "Choose a testimonial"
    choose_another_text = "Choose another testimonial"
    edit_item_text = "Edit this testimonial"

    def get_object_list(self):
        return Testimonial.objects.shown()
