"""Which pages' medical content is due for review: for the admin report and the dashboard."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

DUE_SOON_DAYS = 30


@dataclass
class ReviewStatus:
    page: object
    due: datetime.date | None

    @property
    def label(self):
        if self.due is None:
            return "Never reviewed"
        if self.due < timezone.localdate():
            return "Overdue"
        return "Due soon"


def pages_needing_review(due_within_days=DUE_SOON_DAYS):
    """Condition and treatment pages never reviewed, overdue, or due within `due_within_days`,
    most urgent first (never reviewed, then by due date)."""
    from .models import ConditionPage, TreatmentPage

    horizon = timezone.localdate() + datetime.timedelta(days=due_within_days)
    statuses = []
    for model in (ConditionPage, TreatmentPage):
        for page in model.objects.select_related("reviewed_by").order_by("title"):
            due = page.review_due
            if due is None or due <= horizon:
                statuses.append(ReviewStatus(page, due))
    return sorted(statuses, key=lambda status: (status.due is not None, status.due or datetime.date.min))
