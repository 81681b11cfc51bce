"""Medical review: who may publish condition pages, the workflow, the review record and its byline,
reviews falling due, content checks, clinic settings, scheduling and revision comparison."""

import datetime
from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta

from conditions.models import ConditionPage
from conditions.tests.test_admin import feature_block, page_form_data
from conditions.tests.test_references import json_ld
from home.models import ClinicSettings
from stories.models import ArticleIndexPage, ArticlePage, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(home_page, condition_index, treatment_index, article_index):
    call_command("setup_editorial_roles", stdout=StringIO())


def member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles, django_user_model, client):
    client.force_login(member(django_user_model, "editor", "Editors"))
    return client


@pytest.fixture
def reviewer_user(roles, django_user_model):
    user = member(django_user_model, "reviewer", "Medical reviewers")
    Person.objects.create(name="Jane Roe", credentials="MD", user=user)
    return user


def add_url(parent, model="conditionpage", app="conditions"):
    return reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


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

    def test_editor_cannot_publish_a_condition_page_from_the_editor(self, editor, condition_index):
        url = add_url(condition_index)
        response = editor.post(url, page_form_data(editor, url, [feature_block()]))

        page = ConditionPage.objects.get()
        assert not page.live  # saved, but as a draft
        assert response.status_code == 302
        assert (
            "action-publish"
            not in editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        )

    def test_editor_cannot_publish_by_bulk_action(self, editor, make_condition):
        page = make_condition(live=False)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"

        editor.post(url, {"include_descendants": ""})

        page.refresh_from_db()
        assert not page.live

    def test_there_is_no_api_to_write_pages(self, editor):
        assert editor.post("/api/v2/pages/", {}).status_code == 404

    def test_editor_may_publish_an_article(self, editor, article_index):
        url = add_url(article_index, "articlepage", "stories")
        data = page_form_data(editor, url, [], title="A new article")
        data["intro"] = "Standfirst."
        data["date"] = "2026-05-01"
        editor.post(url, data)
        assert ArticlePage.objects.get().live


class TestWorkflow:
    def submit(self, editor, condition_index):
        url = add_url(condition_index)
        response = editor.post(url, page_form_data(editor, url, [feature_block()], action="action-submit"))
        assert response.status_code == 302
        return ConditionPage.objects.get()

    def test_reviewer_approval_publishes_and_records_the_review(
        self, editor, reviewer_user, condition_index, client
    ):
        page = self.submit(editor, condition_index)
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert not page.live

        client.force_login(reviewer_user)
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk]
        )
        response = client.post(url, {"comment": "Claims checked against the studies."})
        assert response.status_code in (200, 302)

        page.refresh_from_db()
        assert page.live
        assert page.last_reviewed == timezone.localdate()
        assert page.reviewed_by.name == "Jane Roe"
        client.logout()
        html = client.get(page.url)
        assert f"Medically reviewed by Jane Roe, MD on {timezone.localdate():%B} " in text(html)
        data = json_ld(BeautifulSoup(html.content, "html.parser"))
        assert data["lastReviewed"] == timezone.localdate().isoformat()
        assert data["reviewedBy"] == {"@type": "Person", "name": "Jane Roe", "honorificSuffix": "MD"}

    def test_rejection_leaves_the_page_unpublished_and_unreviewed(
        self, editor, reviewer_user, condition_index, client
    ):
        page = self.submit(editor, condition_index)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        client.force_login(reviewer_user)
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk]
        )
        client.post(url, {"comment": "The 100% claim has no source."})

        page.refresh_from_db()
        assert not page.live and page.last_reviewed is None


class TestReviewsDue:
    def test_report_lists_never_reviewed_overdue_and_due_soon_but_not_fresh(
        self, make_condition, admin_client
    ):
        today = timezone.localdate()
        make_condition(title="Never", slug="never")
        make_condition(title="Overdue", slug="overdue", last_reviewed=today - datetime.timedelta(days=400))
        make_condition(
            title="Soon",
            slug="soon",
            last_reviewed=today - relativedelta(months=12) + datetime.timedelta(days=10),
        )
        make_condition(title="Fresh", slug="fresh", last_reviewed=today)

        response = admin_client.get(reverse("conditions_reviews_due"))

        rows = [
            " ".join(tr.get_text(" ").split())
            for tr in BeautifulSoup(response.content, "html.parser").select("tbody tr")
        ]
        assert [row.split(" Condition page ")[0] for row in rows] == ["Never", "Overdue", "Soon"]
        assert "Never reviewed" in rows[0] and "Overdue" in rows[1] and "Due soon" in rows[2]

    def test_dashboard_counts_the_pages(self, make_condition, admin_client):
        make_condition(title="Never", slug="never")
        make_condition(title="Fresh", slug="fresh", last_reviewed=timezone.localdate())

        assert "1 page needs a medical review" in text(admin_client.get(reverse("wagtailadmin_home")))

    def test_interval_sets_the_due_date(self):
        page = ConditionPage(last_reviewed=datetime.date(2026, 1, 31), review_interval_months=1)
        assert page.review_due == datetime.date(2026, 2, 28)


class TestContentChecks:
    def test_claim_words_and_a_missing_disclaimer_are_flagged_after_saving(
        self, admin_client, condition_index
    ):
        url = add_url(condition_index)
        blocks = [("text", rich_text("<p>A guaranteed cure, 100% of the time.</p>"))]
        response = admin_client.post(
            url, page_form_data(admin_client, url, blocks, action="action-save"), follow=True
        )

        shown = text(response)
        assert "Claim words to check with the medical reviewer: “100%”, “cure”, “guaranteed”." in shown
        assert "no disclaimer notice" in shown

    def test_a_careful_page_is_not_flagged(self, admin_client, make_condition):
        page = make_condition(
            body=[
                {
                    "type": "notice",
                    "value": {"kind": "disclaimer", "heading": "", "text": "<p>Off-label.</p>"},
                },
                {"type": "text", "value": "<p>Curiosity and procurement are fine words.</p>"},
            ]
        )
        html = text(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
        assert "nothing to flag" in html


class TestClinicSettings:
    def test_header_and_footer_come_from_the_settings(self, client, make_condition, home_page):
        page = make_condition()
        clinic = ClinicSettings.for_site(home_page.get_site())
        clinic.clinic_name = "Test Clinic"
        clinic.phone = "(503) 555-0199"
        clinic.booking_url = "https://example.com/book"
        clinic.opening_hours = "Mon-Fri 9-5"
        clinic.disclaimer = "<p>Talk to your doctor.</p>"
        clinic.header_links = [
            {
                "type": "link",
                "value": {"label": "Our team", "page": None, "link_url": "https://example.com/team"},
            }
        ]
        clinic.save()

        html = BeautifulSoup(client.get(page.url).content, "html.parser")

        assert html.title.get_text().endswith("| Test Clinic")
        assert html.select_one('header a[href="tel:5035550199"]').get_text() == "Call (503) 555-0199"
        assert html.select_one('header a[href="https://example.com/book"]')
        assert [a.get_text() for a in html.select("nav[aria-label=Main] a")][0] == "Our team"
        assert "Mon-Fri 9-5" in html.footer.get_text() and "Talk to your doctor." in html.footer.get_text()


class TestSchedulingAndRevisions:
    def test_a_scheduled_condition_page_goes_live_when_due(self, make_condition):
        page = make_condition(live=False)
        page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        revision = page.save_revision()
        revision.publish()  # with a future go-live time, publishing schedules it

        call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        assert not page.live
        assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None

        # An hour passes.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.refresh_from_db()
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
        call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        assert page.live

    def test_revisions_can_be_compared(self, admin_client, make_condition):
        page = make_condition(intro="First intro.")
        first = page.save_revision()
        page.intro = "Second intro."
        second = page.save_revision()

        response = admin_client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
        )

        assert response.status_code == 200
        changes = BeautifulSoup(response.content, "html.parser")
        assert [d.get_text() for d in changes.select(".deletion")] == ["First"]
        assert [i.get_text() for i in changes.select(".addition")] == ["Second"]


def test_preview_works_for_a_page_never_published(admin_client, make_condition):
    page = make_condition(live=False, title="Draft condition")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = page_form_data(
        admin_client, edit_url, [feature_block()], action="action-save", title="Draft condition"
    )

    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url)

    assert response.status_code == 200
    assert "Reduce Cravings" in text(response) and not Page.objects.get(pk=page.pk).live


def test_autosave_queues_no_content_check_messages(admin_client, make_condition):
    from django.contrib.messages import get_messages

    page = make_condition(live=False)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = page_form_data(admin_client, edit_url, [feature_block()], action="action-save")

    response = admin_client.post(edit_url, data, HTTP_ACCEPT="application/json")

    assert response.status_code == 200 and response.json()["success"]
    assert not [m for m in get_messages(response.wsgi_request) if "disclaimer" in str(m)]
