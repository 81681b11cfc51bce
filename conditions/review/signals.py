"""Recording medical review: approving a page in the "Medical review" workflow reviews it."""

from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import workflow_approved

from stories.models import Person

from .models import MedicalReviewMixin


@receiver(workflow_approved)
def record_medical_review(sender, instance, user, **kwargs):
    """Stamp the approved page with today's date and the approving reviewer.

    The workflow has just published the page; the review fields are set on the live
    page and its latest revision, so the byline shows at once and the next edit keeps it.
    """
    page = instance.content_object.specific
    if not isinstance(page, MedicalReviewMixin):
        return
    reviewer = Person.objects.filter(user=user).first() if user else None
    changes = {"last_reviewed": timezone.localdate()}
    if reviewer is not None:
        changes["reviewed_by"] = reviewer
    type(page).objects.filter(pk=page.pk).update(**changes)
    revision = page.latest_revision
    if revision is not None:
        content = dict(revision.content)
        content["last_reviewed"] = changes["last_reviewed"].isoformat()
        if reviewer is not None:
            content["reviewed_by"] = reviewer.pk
        revision.content = content
        revision.save(update_fields=["content"])
