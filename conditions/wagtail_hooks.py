from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.models import Page

from .review.models import APPROVER_NEEDS_PERSON, MedicalReviewMixin, MedicalReviewTask, reviewer_for
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


@hooks.register("before_edit_page")
def explain_why_approval_is_missing(request, page):
    """A reviewer whose account has no People entry sees why the page offers no "Approve"."""
    if request.method != "GET" or reviewer_for(request.user) is not None:
        return
    task = page.current_workflow_task
    if isinstance(task, MedicalReviewTask) and task.user_can_access_editor(page, request.user):
        messages.warning(request, APPROVER_NEEDS_PERSON)


@hooks.register("before_copy_page")
def copies_of_medical_pages_start_as_drafts(request, page):
    """Publishing copies would put medical pages live unreviewed: refuse it, and say what to do."""
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    copied = (
        page.get_descendants(inclusive=True)
        if request.POST.get("copy_subpages")
        else Page.objects.filter(pk=page.pk)
    )
    medical_types = [model for model in apps.get_models() if issubclass(model, MedicalReviewMixin)]
    if copied.live().type(*medical_types).exists():
        messages.error(
            request,
            "Copies of condition and treatment pages cannot be published as they are made: copy "
            "without 'Publish copies', then submit each for medical review.",
        )
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None
