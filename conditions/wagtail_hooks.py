from django.contrib import messages
from django.urls import path, reverse

from wagtail import hooks

from .review.models import MedicalReviewMixin
from .review.report import ReviewsDueMenuItem, ReviewsDuePanel, ReviewsDueView, user_can_see_reviews_due


@hooks.register("register_admin_urls")
def register_review_urls():
    # The results/ URL serves the listing alone, as Wagtail's own reports do, for in-place refreshes.
    return [
        path("reports/reviews-due/", ReviewsDueView.as_view(), name="conditions_reviews_due"),
        path(
            "reports/reviews-due/results/",
            ReviewsDueView.as_view(results_only=True),
            name="conditions_reviews_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ReviewsDueMenuItem(
        "Medical reviews due",
        reverse("conditions_reviews_due"),
        name="reviews-due",
        icon_name="date",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    if user_can_see_reviews_due(request.user):
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
        for warning in page.content_warnings():
            messages.warning(request, warning)
