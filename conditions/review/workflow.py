"""Approval in the "Medical review" workflow: what happens when a reviewer approves a page.

Wagtail calls `publish_workflow_state` when a workflow finishes (WAGTAIL_FINISH_WORKFLOW_ACTION).
For a medical page it records who approved the revision, credited as their People entry, and
today's date, then publishes that revision. Reusable content (a snippet shown on many pages) is
recorded the same way and published by the approval: no one may publish it directly (its
permission policy, home/wagtail_hooks.py), so Wagtail's own publishing, which asks the approver
for that permission, would refuse it. Other pages are published as Wagtail would.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone


@transaction.atomic
def publish_workflow_state(workflow_state, user=None):
    # Wagtail imports this module while it defines its own models, so the
    # imports that need the models wait until a workflow finishes.
    from wagtail.models import Page
    from wagtail.workflows import publish_workflow_state as publish_unreviewed_content

    from .models import MedicalReviewMixin, MedicalReviewTask

    revision = workflow_state.content_object.get_latest_revision()
    content = revision.content_object
    medical_page = isinstance(content, MedicalReviewMixin)
    if isinstance(content, Page) and not medical_page:
        return publish_unreviewed_content(workflow_state, user=user)
    # A medical page, or a snippet (reusable content) in the Medical review.
    in_medical_review = MedicalReviewTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow_id)
    if medical_page or in_medical_review.exists():
        reviewer, today = record_review(revision, user)
        if medical_page:
            # The page's byline: stamped on the revision that goes live.
            revision.content = {
                **revision.content,
                "reviewed_by": reviewer.pk,
                "last_reviewed": today.isoformat(),
            }
            revision.save(update_fields=["content"])
    # The reviewer approves; publishing is what approval does, not a permission of theirs.
    revision.publish(user=user, skip_permission_checks=True)


def record_review(revision, user):
    """Records who approved `revision`, credited as their People entry, and today's date."""
    from .models import APPROVER_NEEDS_PERSON, MedicalReview, reviewer_for

    reviewer = reviewer_for(user)
    if reviewer is None:
        # MedicalReviewTask offers approval only to those with a People entry; this guards
        # a workflow whose task is some other kind.
        raise PermissionDenied(APPROVER_NEEDS_PERSON)
    today = timezone.localdate()
    MedicalReview.objects.create(revision=revision, reviewer=reviewer, approved_by=user, reviewed_on=today)
    return reviewer, today
