"""Approval in the "Medical review" workflow: what happens when a reviewer approves a page.

Wagtail calls `publish_workflow_state` when a workflow finishes (WAGTAIL_FINISH_WORKFLOW_ACTION).
For a medical page it records who approved the revision, credited as their People entry, and
today's date, then publishes that revision; other content is published as Wagtail would.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone


@transaction.atomic
def publish_workflow_state(workflow_state, user=None):
    # Wagtail imports this module while it defines its own models, so the
    # imports that need the models wait until a workflow finishes.
    from wagtail.workflows import publish_workflow_state as publish_unreviewed_content

    from .models import APPROVER_NEEDS_PERSON, MedicalReview, MedicalReviewMixin, reviewer_for

    revision = workflow_state.content_object.get_latest_revision()
    if not isinstance(revision.content_object, MedicalReviewMixin):
        return publish_unreviewed_content(workflow_state, user=user)
    reviewer = reviewer_for(user)
    if reviewer is None:
        # MedicalReviewTask offers approval only to those with a People entry; this guards
        # a workflow whose task is some other kind.
        raise PermissionDenied(APPROVER_NEEDS_PERSON)
    today = timezone.localdate()
    revision.content = {**revision.content, "reviewed_by": reviewer.pk, "last_reviewed": today.isoformat()}
    revision.save(update_fields=["content"])
    MedicalReview.objects.create(revision=revision, reviewer=reviewer, approved_by=user, reviewed_on=today)
    # The reviewer approves; publishing the page is what approval does, not a permission of theirs.
    revision.publish(user=user, skip_permission_checks=True)
