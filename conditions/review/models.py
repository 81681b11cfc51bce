"""The review fields a page with medical content carries."""

import contextvars
import datetime
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import AbstractGroupApprovalTask, PagePermissionTester

from dateutil.relativedelta import relativedelta

from home.stream_text import stream_text

from .content_checks import claim_word_warnings, stream_warnings
from .panels import ContentChecksPanel

# Two years: medical evidence moves; a longer interval would let a page go stale unnoticed.
MAX_REVIEW_INTERVAL_MONTHS = 24


def validate_not_in_future(value):
    if value > timezone.localdate():
        raise ValidationError(
            "A review cannot be dated in the future: enter the date the page was last reviewed.",
            code="future_review",
        )


_unreviewed_publishing = contextvars.ContextVar("unreviewed_publishing", default=False)


@contextmanager
def publishing_without_review():
    """Let code run by the site's administrator (the demo content) publish medical pages unreviewed.

    No admin view uses it. A page published so carries no review, so it shows no byline."""
    token = _unreviewed_publishing.set(True)
    try:
        yield
    finally:
        _unreviewed_publishing.reset(token)


APPROVER_NEEDS_PERSON = (
    "Approving medical content names you on the page, so your admin account needs a People entry: "
    "ask an administrator to open Snippets > People, find or add your entry (name, credentials, role) "
    "and choose your account under 'User'. Until then you can request changes, not approve."
)


def reviewer_for(user):
    """The People entry an approval by `user` credits; None if the account has none."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Approval by a medical reviewer, who is named on the page: only members of the chosen groups
    whose admin account has a People entry may approve; others may request changes."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if reviewer_for(user) is None:
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and reviewer_for(user) is None:
            raise PermissionDenied(APPROVER_NEEDS_PERSON)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups with a People entry approve; approval publishes and names them."

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"


class MedicalReview(models.Model):
    """One approval of one revision of a medical page: who approved it, credited as whom, and when.

    A medical page's revision may go live only if it has one (see MedicalReviewMixin.publish)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="medical_review"
    )
    reviewer = models.ForeignKey(
        "stories.Person", null=True, on_delete=models.SET_NULL, related_name="medical_reviews"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.revision} reviewed by {self.reviewer} on {self.reviewed_on}"


class MedicalPagePermissionTester(PagePermissionTester):
    """No one publishes a medical page directly: it goes live when a reviewer approves it.

    Taking it down, scheduling's cancellation and privacy stay with those who may publish."""

    def can_publish(self):
        return False

    def can_unschedule(self):
        return super().can_publish()

    def can_set_view_restrictions(self):
        return super().can_publish()


class MedicalSectionPermissionTester(PagePermissionTester):
    """Pages created below a medical section are not published as they are created."""

    def can_publish_subpage(self):
        return False


class MedicalSectionMixin:
    """For the index pages whose children are medical pages."""

    def permissions_for_user(self, user):
        return MedicalSectionPermissionTester(user, self)


class MedicalReviewMixin(models.Model):
    """Who last reviewed a page's medical claims, when, and how often they must be reviewed again.

    A page type with this mixin has `intro` and `body` (a stream) and goes through
    the "Medical review" workflow.
    """

    reviewed_by = models.ForeignKey(
        "stories.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who approved this page's medical content.",
    )
    last_reviewed = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        # The same range on every database (SQLite stores any integer here).
        validators=[
            MinValueValidator(1, "Enter an interval of at least one month."),
            MaxValueValidator(
                MAX_REVIEW_INTERVAL_MONTHS,
                f"Medical content must be reviewed at least every {MAX_REVIEW_INTERVAL_MONTHS} months.",
            ),
        ],
        help_text=f"How often the medical content must be reviewed again, in months (1 to {MAX_REVIEW_INTERVAL_MONTHS}).",
    )

    content_checks_panels = [ContentChecksPanel(heading="Content checks")]
    # Who reviewed and when are set by approval in the Medical review workflow, never typed in.
    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by", read_only=True),
                FieldPanel("last_reviewed", read_only=True),
                FieldPanel("review_interval_months"),
            ],
            heading="Medical review",
        )
    ]

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return MedicalPagePermissionTester(user, self)

    def publish(self, revision, *args, **kwargs):
        """Only a revision a reviewer approved goes live: every route (the editor, bulk actions,
        reverting, scheduled publishing) comes through here."""
        if not (_unreviewed_publishing.get() or MedicalReview.objects.filter(revision=revision).exists()):
            raise PublishPagePermissionError(
                "Medical content goes live only when a medical reviewer approves it: submit it for review."
            )
        return super().publish(revision, *args, **kwargs)

    @property
    def review_due(self):
        """The date the next review is due; None if the page has never been reviewed."""
        if self.last_reviewed is None:
            return None
        try:
            return self.last_reviewed + relativedelta(months=self.review_interval_months)
        except (OverflowError, ValueError):
            # A stored value no form should accept (a review in the year 9999, an interval of
            # 65535 months) must not break the admin: too far ahead to compute, so not due.
            return datetime.date.max

    def structured_data(self, request):
        """schema.org data for search engines: a medical web page, and who reviewed it when.

        Page types add what the page is about (`about`) and what it cites.
        """
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "description": self.search_description or self.intro,
            "url": self.get_full_url(request),
            "dateModified": self.last_published_at,
            "audience": {"@type": "Patient"},
        }
        if self.reviewed_by and self.last_reviewed:
            reviewer = {"@type": "Person", "name": self.reviewed_by.name}
            if self.reviewed_by.credentials:
                reviewer["honorificSuffix"] = self.reviewed_by.credentials
            data.update(lastReviewed=self.last_reviewed.isoformat(), reviewedBy=reviewer)
        return data

    def content_warnings(self):
        """Plain-language warnings about the page's content, most important first."""
        text = " ".join([self.title, self.intro, stream_text(self.body)])
        return claim_word_warnings(text) + self.missing_content_warnings() + stream_warnings(self.body)

    def missing_content_warnings(self):
        """Warnings about what this page type must hold and does not; none by default."""
        return []
