"""Which pages' medical content needs a review: the admin report, its menu item and the dashboard panel.

The status of a page's review is decided in one place, `review_status()`, which the report,
its spreadsheet export and the dashboard panel all use.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from home.exports import FormulaSafeExportMixin

from .models import MedicalReviewMixin

DUE_SOON_DAYS = 30


class ReviewStatus(models.IntegerChoices):
    """Why a page's review needs attention, most urgent first."""

    NEVER_REVIEWED = 0, "Never reviewed"
    # A review dated after today was mistyped: until it is corrected, nobody knows when it is due.
    FUTURE_DATE = 1, "Review date in the future"
    OVERDUE = 2, "Overdue"
    DUE_SOON = 3, "Due soon"


def reviewed_page_models():
    """Every page type with medical review fields."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and issubclass(model, MedicalReviewMixin)
    ]


def review_status(page, today):
    """The ReviewStatus of `page` on `today`; None if its review is not due within DUE_SOON_DAYS."""
    if page.last_reviewed is None:
        return ReviewStatus.NEVER_REVIEWED
    if page.last_reviewed > today:
        return ReviewStatus.FUTURE_DATE
    due = page.review_due
    if due < today:
        return ReviewStatus.OVERDUE
    if due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return ReviewStatus.DUE_SOON
    return None


@dataclass(frozen=True)
class PageReview:
    """One row of the report: a page whose review needs attention, and why."""

    page: Page
    status: ReviewStatus

    @cached_property
    def due(self):
        return self.page.review_due

    @property
    def page_type(self):
        return capfirst(self.page._meta.verbose_name)

    @property
    def publication(self):
        return "Live" if self.page.live else "Draft only"

    def sort_key(self):
        return (
            self.status,
            self.due or datetime.date.min,
            self.page.get_admin_display_title().lower(),
            self.page.pk,
        )


def user_can_see_reviews_due(user):
    """Whoever may edit pages may see which ones need a review."""
    return policy_registry.get_by_type(Page).user_has_permission(user, "change")


def pages_needing_review(user):
    """PageReviews of the pages `user` may edit whose review is never done, overdue, mistyped or
    due within DUE_SOON_DAYS, most urgent first (never reviewed, then by due date).

    One query per reviewed page type, whatever the number of pages.
    """
    today = timezone.localdate()
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    reviews = []
    for model in reviewed_page_models():
        pages = model.objects.filter(pk__in=editable.values("pk")).select_related("reviewed_by")
        for page in pages:
            status = review_status(page, today)
            if status is not None:
                reviews.append(PageReview(page, status))
    return sorted(reviews, key=PageReview.sort_key)


class ReviewsDueView(FormulaSafeExportMixin, ReportView):
    """Report: condition and treatment pages whose medical review needs attention, with exports."""

    template_name = "conditions/review/reviews_due.html"
    results_template_name = "conditions/review/reviews_due_results.html"
    page_title = "Medical reviews due"
    header_icon = "date"
    index_url_name = "conditions_reviews_due"
    index_results_url_name = "conditions_reviews_due_results"
    permission_required = "change"
    list_export = [
        "page.get_admin_display_title",
        "page_type",
        "status.label",
        "due",
        "page.last_reviewed",
        "page.reviewed_by",
        "publication",
    ]
    export_headings = {
        "page.get_admin_display_title": "Page",
        "page_type": "Type",
        "status.label": "Status",
        "due": "Review due",
        "page.last_reviewed": "Last reviewed",
        "page.reviewed_by": "Reviewed by",
        "publication": "Live",
    }

    @cached_property
    def permission_policy(self):
        # The rows are PageReviews, not model instances: check the permission on pages.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        return pages_needing_review(self.request.user)

    def get_filename(self):
        return f"medical-reviews-due-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(due_soon_days=DUE_SOON_DAYS, **kwargs)


class ReviewsDueMenuItem(MenuItem):
    """The report's entry in the Reports menu, shown to those who may see the report."""

    def is_shown(self, request):
        return user_can_see_reviews_due(request.user)


class ReviewsDuePanel(Component):
    """Dashboard panel: how many pages need a medical review, with a link to the report."""

    name = "reviews_due"
    order = 90
    template_name = "conditions/review/reviews_due_panel.html"

    def get_context_data(self, parent_context):
        reviews = pages_needing_review(parent_context["request"].user)
        return {
            "count": len(reviews),
            "urgent": sum(1 for review in reviews if review.status != ReviewStatus.DUE_SOON),
            "due_soon_days": DUE_SOON_DAYS,
            "report_url": reverse("conditions_reviews_due"),
        }
