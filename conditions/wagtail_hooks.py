from django.contrib import messages
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .checks import content_warnings
from .models import MedicalReviewMixin
from .reviews import pages_needing_review
from .views import ReviewsDueView


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("reports/reviews-due/", ReviewsDueView.as_view(), name="conditions_reviews_due")]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return MenuItem("Medical reviews due", reverse("conditions_reviews_due"), icon_name="date", order=50)


class ReviewsDuePanel(Component):
    """Dashboard panel: how many pages need a medical review, with a link to the report."""

    name = "reviews_due"
    order = 90
    template_name = "conditions/reviews_due_panel.html"

    def get_context_data(self, parent_context):
        statuses = pages_needing_review()
        return {
            "count": len(statuses),
            "overdue": sum(1 for status in statuses if status.label != "Due soon"),
            "report_url": reverse("conditions_reviews_due"),
        }


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    panels.append(ReviewsDuePanel())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_content(request, page):
    """After each save, the content checks' warnings, as the editor is about to submit for review.

    Not after an autosave (a JSON request): its messages would pile up unseen until the next page.
    """
    if not request.accepts("text/html"):
        return
    page = page.specific
    if isinstance(page, MedicalReviewMixin):
        for warning in content_warnings(page):
            messages.warning(request, warning)
