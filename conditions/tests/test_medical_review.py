"""Medical review: who may publish condition and treatment pages, the workflow, the review record
and its byline, and the content checks an editor sees before submitting."""

import datetime
from io import StringIO

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, TaskState, WorkflowState

import pytest

from conditions.models import ConditionPage, TreatmentPage
from home.models import ReusableContent
from stories.models import ArticleIndexPage, ArticlePage

from .support import (
    add_url,
    client_for,
    edit_url,
    feature_block,
    heading_block,
    json_ld,
    notice_block,
    page_form_data,
    review_action,
    review_state,
    stat,
    stats_block,
    submit_for_review,
    text_block,
    visible_text,
    visit,
)

pytestmark = pytest.mark.django_db

CLAIM_COMMENT = "The 100% claim has no source."


class TestRoles:
    def test_setup_is_idempotent(self, roles):
        call_command("setup_editorial_roles", stdout=StringIO())
        assert Group.objects.filter(name__in=["Editors", "Medical reviewers"]).count() == 2
        editors = Group.objects.get(name="Editors")
        publish = {
            (permission.page.specific_class, permission.permission.codename)
            for permission in editors.page_permissions.all()
            if permission.permission.codename == "publish_page"
        }
        assert publish == {(ArticleIndexPage, "publish_page")}

    @pytest.mark.parametrize(
        ("model", "index"), [(ConditionPage, "condition_index"), (TreatmentPage, "treatment_index")]
    )
    def test_editor_cannot_publish_a_medical_page_from_the_editor(self, editor_client, request, model, index):
        url = add_url(request.getfixturevalue(index), model)

        response = editor_client.post(url, page_form_data(editor_client, url, action="action-publish"))

        assert response.status_code == 302
        page = model.objects.get()
        assert not page.live  # saved, but as a draft
        assert 'name="action-publish"' not in editor_client.get(edit_url(page)).content.decode()

    @pytest.mark.parametrize("who", ["editor_client", "reviewer_client", "superuser_client"])
    def test_no_one_publishes_a_medical_page_by_bulk_action(self, request, who, make_condition):
        page = make_condition(live=False)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"

        request.getfixturevalue(who).post(url, {"include_descendants": ""})

        page.refresh_from_db()
        assert not page.live

    def test_editor_may_publish_an_article(self, editor_client, article_index):
        url = add_url(article_index, ArticlePage)
        data = page_form_data(
            editor_client, url, action="action-publish", title="A new article", date="2026-05-01"
        )

        response = editor_client.post(url, data)

        assert response.status_code == 302
        assert ArticlePage.objects.get().live


@pytest.fixture
def submitted_page(editor_client, reviewer, condition_index):
    """A condition page the editor has submitted for medical review (the emails sent so far cleared)."""
    page = submit_for_review(editor_client, condition_index, [text_block("<p>100% of patients improve.</p>")])
    mail.outbox.clear()
    return page


class TestWorkflow:
    def test_submitting_waits_for_a_medical_reviewer(self, submitted_page):
        state = review_state(submitted_page)
        assert state.workflow.name == "Medical review"
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by.username == "editor"
        assert not ConditionPage.objects.get(pk=submitted_page.pk).live

    def test_reviewer_approval_publishes_and_records_the_review(self, submitted_page, reviewer):
        before = timezone.localdate()
        response = review_action(client_for(reviewer), submitted_page, "approve", "Claims checked.")
        after = timezone.localdate()

        assert response.status_code == 302
        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert page.live
        assert before <= page.last_reviewed <= after
        assert page.reviewed_by.user == reviewer
        assert (page.reviewed_by.name, page.reviewed_by.credentials) == ("Dana Reviewer", "MD")
        html = visit(Client(), page)
        byline = html.select_one(".review-byline")
        assert " ".join(byline.get_text().split()) == (
            f"Medically reviewed by Dana Reviewer, MD, Medical director on {page.last_reviewed:%B %-d, %Y}"
        )
        assert byline.time["datetime"] == page.last_reviewed.isoformat()
        data = json_ld(html)
        assert data["lastReviewed"] == page.last_reviewed.isoformat()
        assert data["reviewedBy"] == {"@type": "Person", "name": "Dana Reviewer", "honorificSuffix": "MD"}

    def test_reviewer_rejection_sends_the_page_back_to_the_editor_with_the_comment(
        self, submitted_page, reviewer
    ):
        response = review_action(client_for(reviewer), submitted_page, "reject", CLAIM_COMMENT)

        assert response.status_code == 302
        # The reviewer, and no one else, requested the changes.
        state = review_state(submitted_page)
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        task_state = state.current_task_state
        assert task_state.status == TaskState.STATUS_REJECTED
        assert task_state.finished_by == reviewer
        assert task_state.comment == CLAIM_COMMENT
        [rejection] = PageLogEntry.objects.filter(page=submitted_page, action="wagtail.workflow.reject")
        assert rejection.user == reviewer
        # The page stays off the site, unreviewed.
        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert not page.live
        assert (page.last_reviewed, page.reviewed_by) == (None, None)
        # The editor who submitted it hears why.
        [email] = mail.outbox
        assert email.to == ["editor@example.com"]
        assert "rejected" in email.subject
        assert "by reviewer." in email.body
        assert f'The following comment was left: "{CLAIM_COMMENT}"' in email.body

    def test_an_editor_cannot_approve_their_own_page(self, submitted_page, editor_client):
        review_action(editor_client, submitted_page, "approve")

        assert review_state(submitted_page).status == WorkflowState.STATUS_IN_PROGRESS
        page = ConditionPage.objects.get(pk=submitted_page.pk)
        assert not page.live and page.last_reviewed is None


class TestReviewRecord:
    def test_interval_sets_the_due_date(self):
        page = ConditionPage(last_reviewed=datetime.date(2026, 1, 31), review_interval_months=1)
        assert page.review_due == datetime.date(2026, 2, 28)


def claim_warning(*words):
    quoted = ", ".join(f"\u201c{word}\u201d" for word in words)
    return f"Claim words to check with the medical reviewer: {quoted}."


class TestContentChecks:
    def test_claim_words_and_a_missing_disclaimer_are_shown_after_saving(
        self, editor_client, condition_index
    ):
        url = add_url(condition_index)
        body = [text_block("<p>A guaranteed cure, 100% of the time.</p>")]

        response = editor_client.post(url, page_form_data(editor_client, url, body), follow=True)

        shown = visible_text(response)
        assert claim_warning("100%", "cure", "guaranteed") in shown
        assert "no disclaimer notice" in shown

    def test_a_careful_page_is_not_flagged(self, editor_client, make_condition):
        page = make_condition(
            body=[
                notice_block("<p>Off-label.</p>"),
                text_block("<p>Curiosity and procurement are fine words.</p>"),
            ]
        )

        assert page.content_warnings() == []
        assert "nothing to flag" in visible_text(editor_client.get(edit_url(page)))

    @pytest.mark.parametrize(("live", "warned"), [(True, False), (False, True)])
    def test_a_disclaimer_in_published_reusable_content_counts(self, make_condition, live, warned):
        item = ReusableContent.objects.create(name="Off-label disclaimer", body=[notice_block()], live=live)
        page = make_condition(body=[{"type": "reusable_content", "value": item.pk}, text_block()])

        assert ("no disclaimer notice" in " ".join(page.content_warnings())) is warned

    def test_a_one_word_lower_case_heading_is_a_claim(self, make_condition):
        page = make_condition(body=[notice_block(), heading_block("cure")])

        assert page.content_warnings() == [claim_warning("cure")]

    def test_an_icon_choice_is_never_a_claim(self, make_condition):
        # No icon is named after a claim word; store one as if it were. A choice is not typed
        # text, whatever its value says (the same word in a heading is a claim, as above).
        page = make_condition(body=[notice_block(), feature_block(heading="Calmer days", icon="cure")])

        assert page.content_warnings() == []

    def test_a_figure_that_lost_its_study_is_flagged(self, make_condition, make_study):
        study = make_study()
        page = make_condition(live=False, body=[notice_block(), stats_block(stat(study, figure="50"))])
        study.delete()

        page = ConditionPage.objects.get(pk=page.pk)
        assert page.content_warnings() == [
            "The figure 50% has lost its source: its study was deleted from the library."
        ]

    def test_autosave_queues_no_content_check_messages(self, editor_client, make_condition):
        page = make_condition(live=False)
        url = edit_url(page)
        data = page_form_data(editor_client, url, [feature_block()])

        response = editor_client.post(url, data, HTTP_ACCEPT="application/json")

        assert response.status_code == 200 and response.json()["success"]
        assert not [m for m in get_messages(response.wsgi_request) if "disclaimer" in str(m)]
