"""The "Medical reviews due" report, its exports and its dashboard panel (conditions/review/report.py)."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from conditions.models import ConditionPage
from conditions.review.report import ReviewsDueView
from stories.models import Person

pytestmark = pytest.mark.django_db

REPORT = "conditions_reviews_due"
HEADINGS = ["Page", "Type", "Status", "Review due", "Last reviewed", "Reviewed by", "Live"]
# PostgreSQL's smallint holds at most 32767; SQLite stores whatever it is given.
LARGEST_INTERVAL = 65535 if connection.vendor == "sqlite" else 32767


def today():
    return timezone.localdate()


def reviewed(days_until_due):
    """A last review date that makes a 12-month review due in `days_until_due` days."""
    return today() + datetime.timedelta(days=days_until_due) - relativedelta(months=12)


def store(page, **fields):
    """Store values as they are, past the form's and the model's validation."""
    type(page).objects.filter(pk=page.pk).update(**fields)


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [[" ".join(td.get_text(" ").split()) for td in tr.select("td")] for tr in soup.select("tbody tr")]


def titles(response):
    return [row[0] for row in rows(response)]


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def dashboard_text(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def roles(home_page, condition_index, treatment_index, article_index):
    call_command("setup_editorial_roles", stdout=io.StringIO())


@pytest.fixture
def editor(roles, django_user_model, client):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def reviewer():
    return Person.objects.create(name="Jane Roe", credentials="MD")


class TestReport:
    def test_lists_pages_needing_review_most_urgent_first_with_their_status(
        self, make_condition, make_treatment, admin_client
    ):
        make_condition(title="Fresh", slug="fresh", last_reviewed=today())
        make_condition(title="Not due for a while", slug="later", last_reviewed=reviewed(31))
        make_condition(title="Soon", slug="soon", last_reviewed=reviewed(10))
        make_treatment(title="Sooner", slug="sooner", last_reviewed=reviewed(5))
        make_condition(title="Due today", slug="due-today", last_reviewed=reviewed(0))
        make_condition(title="Overdue", slug="overdue", last_reviewed=reviewed(-20))
        make_treatment(title="Long overdue", slug="long-overdue", last_reviewed=reviewed(-300))
        mistyped = make_condition(title="Mistyped", slug="mistyped")
        # Stored past the form's validation (an older version, a database edit): still listed.
        ConditionPage.objects.filter(pk=mistyped.pk).update(
            last_reviewed=today() + datetime.timedelta(days=3)
        )
        make_condition(title="Never B", slug="never-b")
        make_treatment(title="Never A", slug="never-a")

        response = admin_client.get(reverse(REPORT))

        assert response.status_code == 200
        assert [(row[0], row[2]) for row in rows(response)] == [
            ("Never A", "Never reviewed"),
            ("Never B", "Never reviewed"),
            ("Mistyped", "Review date in the future"),
            ("Long overdue", "Overdue"),
            ("Overdue", "Overdue"),
            ("Due today", "Due soon"),
            ("Sooner", "Due soon"),
            ("Soon", "Due soon"),
        ]

    def test_a_row_shows_type_dates_reviewer_and_links_to_the_editor(
        self, make_condition, make_treatment, admin_client, reviewer
    ):
        condition = make_condition(
            title="Depression",
            slug="depression",
            last_reviewed=datetime.date(2024, 3, 5),
            reviewed_by=reviewer,
        )
        make_treatment(title="Ketamine + Therapy", slug="kt")

        response = admin_client.get(reverse(REPORT))

        assert rows(response) == [
            ["Ketamine + Therapy", "Treatment page", "Never reviewed", "–", "Never", "–", "Live"],
            ["Depression", "Condition page", "Overdue", "5 Mar 2025", "5 Mar 2024", "Jane Roe, MD", "Live"],
        ]
        link = BeautifulSoup(response.content, "html.parser").find("a", string="Depression")
        assert link["href"] == reverse("wagtailadmin_pages:edit", args=[condition.pk])

    def test_the_live_column_tells_a_published_page_from_a_draft(self, make_condition, admin_client):
        make_condition(title="Published", slug="published")
        make_condition(title="Unpublished", slug="unpublished", live=False)

        response = admin_client.get(reverse(REPORT))

        assert {row[0]: row[-1] for row in rows(response)} == {
            "Published": "Live",
            "Unpublished": "Draft only",
        }

    def test_nothing_due_says_so(self, make_condition, admin_client):
        make_condition(title="Fresh", slug="fresh", last_reviewed=today())

        response = admin_client.get(reverse(REPORT))

        assert rows(response) == []
        assert "No review is due in the next 30 days." in response.content.decode()

    def test_pages_follow_one_another_across_result_pages(self, make_condition, admin_client, monkeypatch):
        monkeypatch.setattr(ReviewsDueView, "paginate_by", 2)
        make_condition(title="Overdue", slug="overdue", last_reviewed=reviewed(-20))
        make_condition(title="Never", slug="never")
        make_condition(title="Soon", slug="soon", last_reviewed=reviewed(10))

        assert titles(admin_client.get(reverse(REPORT))) == ["Never", "Overdue"]
        assert titles(admin_client.get(reverse(REPORT), {"p": 2})) == ["Soon"]

    def test_the_results_url_serves_the_listing_alone(self, make_condition, admin_client):
        make_condition(title="Never", slug="never")

        response = admin_client.get(reverse("conditions_reviews_due_results"))

        assert response.status_code == 200
        assert titles(response) == ["Never"]
        assert b"<html" not in response.content


class TestQueries:
    def count_queries(self, client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(REPORT))
        assert response.status_code == 200
        return len(queries), len(rows(response))

    def test_the_query_count_does_not_grow_with_the_pages_listed(
        self, make_condition, make_treatment, admin_client
    ):
        def add(n):
            person = Person.objects.create(name=f"Reviewer {n}")
            make = make_condition if n % 2 else make_treatment
            make(title=f"Page {n}", slug=f"page-{n}", last_reviewed=reviewed(-n), reviewed_by=person)

        for n in range(2):
            add(n)
        admin_client.get(reverse(REPORT))  # warm the caches (site, content types)
        with_two, listed = self.count_queries(admin_client)
        assert listed == 2
        for n in range(2, 6):
            add(n)

        assert self.count_queries(admin_client) == (with_two, 6)


class TestExport:
    def pages(self, make_condition, make_treatment, reviewer):
        make_condition(title="Fresh", slug="fresh", last_reviewed=today())
        make_condition(
            title="Depression",
            slug="depression",
            last_reviewed=datetime.date(2024, 3, 5),
            reviewed_by=reviewer,
            live=False,
        )
        make_treatment(title="Ketamine + Therapy", slug="kt")

    def test_csv_has_the_reports_columns_and_rows(
        self, make_condition, make_treatment, reviewer, admin_client
    ):
        self.pages(make_condition, make_treatment, reviewer)

        response = admin_client.get(reverse(REPORT), {"export": "csv"})

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv"
        assert f"medical-reviews-due-{today():%Y-%m-%d}.csv" in response["Content-Disposition"]
        assert csv_rows(response) == [
            HEADINGS,
            ["Ketamine + Therapy", "Treatment page", "Never reviewed", "", "", "", "Live"],
            [
                "Depression",
                "Condition page",
                "Overdue",
                "2025-03-05",
                "2024-03-05",
                "Jane Roe, MD",
                "Draft only",
            ],
        ]

    def test_xlsx_has_the_reports_columns_and_rows(
        self, make_condition, make_treatment, reviewer, admin_client
    ):
        self.pages(make_condition, make_treatment, reviewer)

        response = admin_client.get(reverse(REPORT), {"export": "xlsx"})

        assert response.status_code == 200
        assert xlsx_rows(response) == [
            HEADINGS,
            ["Ketamine + Therapy", "Treatment page", "Never reviewed", None, None, None, "Live"],
            [
                "Depression",
                "Condition page",
                "Overdue",
                datetime.date(2025, 3, 5),
                datetime.date(2024, 3, 5),
                "Jane Roe, MD",
                "Draft only",
            ],
        ]


class TestStoredValuesOutOfRange:
    """A stored value the admin form would not produce must not break the report, exports or dashboard."""

    @pytest.fixture
    def odd_pages(self, make_condition, make_treatment):
        end_of_time = make_condition(title="End of time", slug="end-of-time")
        store(end_of_time, last_reviewed=datetime.date.max, review_interval_months=LARGEST_INTERVAL)
        long_interval = make_treatment(title="Long interval", slug="long-interval")
        store(
            long_interval,
            last_reviewed=today() - datetime.timedelta(days=1),
            review_interval_months=LARGEST_INTERVAL,
        )
        make_condition(title="Overdue", slug="overdue", last_reviewed=reviewed(-20))

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's smallint cannot store it")
    def test_an_interval_past_the_last_date_counts_as_not_due(self, make_condition, admin_client):
        page = make_condition(title="Beyond the calendar", slug="beyond")
        store(page, last_reviewed=today() - datetime.timedelta(days=1), review_interval_months=120_000)
        make_condition(title="Never", slug="never")

        assert titles(admin_client.get(reverse(REPORT))) == ["Never"]
        assert "1 page needs a medical review" in dashboard_text(admin_client)

    def test_the_report_flags_a_future_review_date_and_skips_a_long_interval(self, odd_pages, admin_client):
        response = admin_client.get(reverse(REPORT))

        assert response.status_code == 200
        assert [row[:3] for row in rows(response)] == [
            ["End of time", "Condition page", "Review date in the future"],
            ["Overdue", "Condition page", "Overdue"],
        ]

    @pytest.mark.parametrize("export", ["csv", "xlsx"])
    def test_the_exports_work(self, odd_pages, admin_client, export):
        response = admin_client.get(reverse(REPORT), {"export": export})

        assert response.status_code == 200
        exported = csv_rows(response) if export == "csv" else xlsx_rows(response)
        assert [row[0] for row in exported] == ["Page", "End of time", "Overdue"]

    def test_the_dashboard_counts_them(self, odd_pages, admin_client):
        assert "2 pages need a medical review (2 never reviewed, overdue" in dashboard_text(admin_client)


class TestDashboardPanel:
    def test_counts_the_pages_needing_review_and_links_to_the_report(
        self, make_condition, make_treatment, admin_client
    ):
        make_condition(title="Never", slug="never")
        make_treatment(title="Never either", slug="never-either")
        make_condition(title="Overdue", slug="overdue", last_reviewed=reviewed(-20))
        make_condition(title="Soon", slug="soon", last_reviewed=reviewed(10))
        make_condition(title="Fresh", slug="fresh", last_reviewed=today())

        response = admin_client.get(reverse("wagtailadmin_home"))

        panel = BeautifulSoup(response.content, "html.parser").find(id="reviews-due-heading").parent
        text = " ".join(panel.get_text(" ").split())
        assert (
            "4 pages need a medical review (3 never reviewed, overdue or with a review date to correct)"
            in text
        )
        assert panel.find("a", string="See the pages")["href"] == reverse(REPORT)

    def test_says_when_nothing_is_due(self, make_condition, admin_client):
        make_condition(title="Fresh", slug="fresh", last_reviewed=today())

        assert "No medical review is due in the next 30 days." in dashboard_text(admin_client)


class TestPermissions:
    def test_an_editor_sees_the_report_the_menu_item_and_the_panel(self, editor, make_condition):
        make_condition(title="Never", slug="never")

        response = editor.get(reverse(REPORT))

        assert response.status_code == 200
        assert titles(response) == ["Never"]
        home = editor.get(reverse("wagtailadmin_home"))
        assert reverse(REPORT).encode() in home.content  # the Reports menu item
        assert "1 page needs a medical review" in dashboard_text(editor)

    def test_a_user_without_admin_access_is_sent_to_the_login(self, django_user_model, client):
        client.force_login(django_user_model.objects.create_user("visitor", "visitor@example.com", "x"))

        for url in (reverse(REPORT), reverse("conditions_reviews_due_results")):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))

    def test_an_admin_user_who_edits_no_page_is_turned_away(self, django_user_model, client, make_condition):
        make_condition(title="Never", slug="never")
        user = django_user_model.objects.create_user("clerk", "clerk@example.com", "x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)

        response = client.get(reverse(REPORT))

        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        home = client.get(reverse("wagtailadmin_home"))
        assert reverse(REPORT).encode() not in home.content
        assert "Medical reviews" not in dashboard_text(client)

    def test_a_user_sees_only_the_pages_they_may_edit(
        self, django_user_model, client, treatment_index, make_condition, make_treatment
    ):
        make_condition(title="A condition", slug="a-condition")
        make_treatment(title="A treatment", slug="a-treatment")
        group = Group.objects.create(name="Treatment editors")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(
            group=group, page=treatment_index, permission=Permission.objects.get(codename="change_page")
        )
        user = django_user_model.objects.create_user("treatments", "treatments@example.com", "x")
        user.groups.add(group)
        client.force_login(user)

        assert titles(client.get(reverse(REPORT))) == ["A treatment"]
        assert "1 page needs a medical review" in dashboard_text(client)
