"""No route puts medical content live around the review: every publication of a condition or
treatment page is an approval in the Medical review workflow, and records who approved it."""

import datetime
from io import StringIO

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

import pytest

from conditions.models import ConditionPage, TreatmentPage
from conditions.review.models import MedicalReview, publishing_without_review
from stories.tests.factories import PersonFactory

from .support import (
    add_url,
    client_for,
    edit_url,
    page_form_data,
    review_action,
    review_state,
    submit_for_review,
    text_block,
    visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_page(editor_client, condition_index):
    return submit_for_review(editor_client, condition_index, [text_block("<p>Studies suggest it helps.</p>")])


@pytest.fixture
def unlinked_reviewer(roles, django_user_model):
    """A medical reviewer whose admin account has no People entry."""
    user = django_user_model.objects.create_user("sam", "sam@example.com", "test-password")
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    return user


def published_review(page):
    """The review record of the page's live revision."""
    page.refresh_from_db()
    return MedicalReview.objects.get(revision=page.live_revision)


class TestNoDirectPublish:
    @pytest.mark.parametrize("who", ["reviewer_client", "superuser_client"])
    def test_the_editor_offers_no_publish_button_on_a_medical_page(self, request, who, submitted_page):
        html = request.getfixturevalue(who).get(edit_url(submitted_page)).content.decode()

        assert 'name="action-publish"' not in html

    def test_the_reviewer_approves_instead(self, reviewer_client, submitted_page):
        html = reviewer_client.get(edit_url(submitted_page)).content.decode()

        assert 'data-workflow-action-name="approve"' in html

    @pytest.mark.parametrize("who", ["reviewer_client", "superuser_client"])
    def test_a_forged_publish_neither_publishes_nor_cancels_the_review(self, request, who, submitted_page):
        client = request.getfixturevalue(who)
        url = edit_url(submitted_page)

        client.post(url, page_form_data(client, url, action="action-publish"))

        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert not page.live
        assert review_state(page).status == WorkflowState.STATUS_IN_PROGRESS

    def test_a_new_page_cannot_be_published_as_it_is_created(self, superuser_client, treatment_index):
        url = reverse("wagtailadmin_pages:add", args=["conditions", "treatmentpage", treatment_index.pk])

        assert 'name="action-publish"' not in superuser_client.get(url).content.decode()
        superuser_client.post(url, page_form_data(superuser_client, url, action="action-publish"))

        assert not TreatmentPage.objects.get().live

    def test_reverting_to_an_old_revision_cannot_publish_it(self, reviewer, make_condition):
        page = make_condition(live=False)
        old = page.save_revision()

        with pytest.raises(PermissionDenied):
            old.publish(user=reviewer)
        with pytest.raises(PermissionDenied):
            old.publish()  # as the scheduler would
        page.refresh_from_db()
        assert not page.live

    def test_privacy_and_unpublishing_stay_with_the_reviewer(self, reviewer, make_condition):
        perms = make_condition().permissions_for_user(reviewer)

        assert not perms.can_publish()
        assert perms.can_unpublish()
        assert perms.can_set_view_restrictions()


class TestCopies:
    def copy(self, client, page, parent, slug):
        url = reverse("wagtailadmin_pages:copy", args=[page.pk])
        return client.post(
            url,
            {
                "new_title": "Copy",
                "new_slug": slug,
                "new_parent_page": parent.pk,
                "copy_subpages": "on",
                "publish_copies": "on",
            },
        )

    def test_a_copy_of_a_live_condition_page_is_a_draft(
        self, superuser_client, make_condition, condition_index
    ):
        original = make_condition(title="Ketamine for Depression")

        self.copy(superuser_client, original, condition_index, "depression-copy")

        assert not Page.objects.filter(slug="depression-copy", live=True).exists()

    def test_copying_a_section_of_live_medical_pages_does_not_publish_them(
        self, superuser_client, make_condition, condition_index, home_page
    ):
        make_condition(title="Ketamine for Depression")

        response = self.copy(superuser_client, condition_index, home_page, "conditions-copy")

        copies = Page.objects.filter(url_path__startswith=home_page.url_path + "conditions-copy/")
        assert not copies.filter(live=True, content_type__model="conditionpage").exists()
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("submit each for medical review" in message for message in messages), messages


class TestApproval:
    def test_approval_records_who_approved_which_revision(self, submitted_page, reviewer):
        review_action(client_for(reviewer), submitted_page, "approve", "Checked.")

        review = published_review(submitted_page)
        assert review.approved_by == reviewer
        assert review.reviewer.name == "Dana Reviewer"
        assert review.reviewed_on == timezone.localdate()
        live = submitted_page.live_revision.as_object()
        assert (live.reviewed_by, live.last_reviewed) == (review.reviewer, review.reviewed_on)

    def test_a_later_approval_credits_the_later_reviewer(
        self, editor_client, submitted_page, reviewer, django_user_model
    ):
        review_action(client_for(reviewer), submitted_page, "approve")
        second = django_user_model.objects.create_user("lee", "lee@example.com", "test-password")
        second.groups.add(Group.objects.get(name="Medical reviewers"))
        PersonFactory(name="Lee Second", credentials="DO", user=second)
        url = edit_url(submitted_page)
        editor_client.post(url, page_form_data(editor_client, url, action="action-submit"))

        review_action(client_for(second), submitted_page, "approve")

        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert page.reviewed_by.name == "Lee Second"
        assert "Medically reviewed by Lee Second, DO" in visit(Client(), page).get_text()

    def test_a_reviewer_without_a_people_entry_cannot_approve(
        self, submitted_page, reviewer, unlinked_reviewer
    ):
        client = client_for(unlinked_reviewer)

        response = client.get(edit_url(submitted_page))
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("People entry" in message for message in messages), messages
        assert 'data-workflow-action-name="approve"' not in response.content.decode()
        review_action(client, submitted_page, "approve")

        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert not page.live
        assert (page.reviewed_by, page.last_reviewed) == (None, None)
        assert review_state(page).status == WorkflowState.STATUS_IN_PROGRESS

    def test_a_reviewer_without_a_people_entry_may_still_request_changes(
        self, submitted_page, unlinked_reviewer
    ):
        review_action(client_for(unlinked_reviewer), submitted_page, "reject", "Needs a source.")

        assert review_state(submitted_page).status == WorkflowState.STATUS_NEEDS_CHANGES

    def test_the_review_fields_cannot_be_typed_in(self, reviewer_client, make_condition):
        page = make_condition(live=False)
        someone = PersonFactory(name="Not A Reviewer")
        url = edit_url(page)

        reviewer_client.post(
            url,
            page_form_data(
                reviewer_client, url, reviewed_by=someone.pk, last_reviewed=timezone.localdate().isoformat()
            ),
        )

        page.refresh_from_db()
        latest = page.get_latest_revision().as_object()
        assert (latest.reviewed_by, latest.last_reviewed) == (None, None)


class TestScheduled:
    def test_an_approved_page_with_a_go_live_date_goes_live_then_with_its_review(
        self, editor_client, condition_index, reviewer
    ):
        go_live = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
        url = add_url(condition_index)
        editor_client.post(
            url,
            page_form_data(
                editor_client, url, action="action-submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
            ),
        )
        page = ConditionPage.objects.get()
        review_action(client_for(reviewer), page, "approve")
        page.refresh_from_db()
        assert not page.live
        scheduled = page.get_latest_revision()
        assert scheduled.approved_go_live_at is not None
        # The go-live time passes.
        past = timezone.now() - datetime.timedelta(minutes=1)
        scheduled.approved_go_live_at = past
        scheduled.content = {**scheduled.content, "go_live_at": past.isoformat()}
        scheduled.save(update_fields=["approved_go_live_at", "content"])

        call_command("publish_scheduled", stdout=StringIO())

        assert published_review(page).approved_by == reviewer
        assert ConditionPage.objects.get(pk=page.pk).live


def test_code_that_publishes_without_review_says_so(make_condition):
    page = make_condition(live=False)
    revision = page.save_revision()

    with publishing_without_review():
        revision.publish()

    page.refresh_from_db()
    assert page.live
    assert not MedicalReview.objects.filter(revision=revision).exists()
