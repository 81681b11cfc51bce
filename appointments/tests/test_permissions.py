"""Only the patient coordinators (and superusers) see appointment requests: through the admin,
with the groups setup_editorial_roles makes."""

from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest

from appointments.models import AppointmentFormPage
from home.models import HomePage

from .support import page_form_data

pytestmark = pytest.mark.django_db

SECRET = "Morgan Whitlock"


@pytest.fixture
def request_received(booking_page):
    return FormSubmission.objects.create(
        page=booking_page, form_data={"name": SECRET, "how_should_we_contact_you": "morgan@example.org"}
    )


def urls(page, submission):
    listing = reverse("wagtailforms:list_submissions", args=[page.pk])
    return {
        "listing": listing,
        "results": reverse("wagtailforms:list_submissions_results", args=[page.pk]),
        "csv": listing + "?export=csv",
        "xlsx": listing + "?export=xlsx",
        "delete": reverse("wagtailforms:delete_submissions", args=[page.pk])
        + f"?selected-submissions={submission.pk}",
    }


@pytest.fixture(params=["editor", "reviewer"])
def non_coordinator(request, coordinator, client):
    """An editor or a medical reviewer, logged in (the coordinators' group exists beside them)."""
    user = request.getfixturevalue(request.param)
    client.force_login(user)
    return client


def test_editors_and_reviewers_see_no_request(non_coordinator, booking_page, request_received):
    client = non_coordinator
    forms_index = client.get(reverse("wagtailforms:index"))
    assert booking_page.title not in forms_index.content.decode()
    # The Forms menu item is not offered at all.
    assert reverse("wagtailforms:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    for name, url in urls(booking_page, request_received).items():
        response = client.get(url)
        assert response.status_code != 200, name
        assert SECRET.encode() not in response.content, name
    client.post(urls(booking_page, request_received)["delete"])
    assert FormSubmission.objects.filter(pk=request_received.pk).exists()
    # Nor on the page's own edit view.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[booking_page.pk]))
    assert edit.status_code == 200
    assert SECRET not in edit.content.decode()


def test_an_editor_may_change_the_questions(editor_client, booking_page):
    url = reverse("wagtailadmin_pages:edit", args=[booking_page.pk])
    data = page_form_data(editor_client, url)
    assert data["form_fields-0-label"] == "Name"
    data["form_fields-0-label"] = "Your name"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    booking_page.refresh_from_db()
    draft = booking_page.get_latest_revision_as_object()
    assert [(field.label, field.required) for field in draft.form_fields.all()][:2] == [
        ("Your name", True),
        ("How should we contact you?", True),
    ]


def test_a_coordinator_lists_exports_and_deletes_requests(
    coordinator, client, booking_page, request_received
):
    client.force_login(coordinator)
    assert reverse("wagtailforms:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    assert booking_page.title in client.get(reverse("wagtailforms:index")).content.decode()
    links = urls(booking_page, request_received)
    assert SECRET in client.get(links["listing"]).content.decode()
    csv = client.get(links["csv"])
    assert csv.status_code == 200 and SECRET in b"".join(csv.streaming_content).decode()
    assert client.get(links["xlsx"]).status_code == 200
    assert client.get(links["delete"]).status_code == 200
    client.post(links["delete"])
    assert not FormSubmission.objects.filter(pk=request_received.pk).exists()


def test_a_superuser_sees_requests(superuser_client, booking_page, request_received):
    listing = urls(booking_page, request_received)["listing"]
    assert SECRET in superuser_client.get(listing).content.decode()


def test_a_new_appointment_page_starts_with_the_default_questions(superuser_client, home_page):
    assert AppointmentFormPage in HomePage.allowed_subpage_models(), "HomePage.subpage_types lacks it"
    url = reverse("wagtailadmin_pages:add", args=["appointments", "appointmentformpage", home_page.pk])
    data = page_form_data(superuser_client, url)
    data["title"] = "Book a visit"
    data["slug"] = "book-a-visit"
    data["action-publish"] = "action-publish"
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    page = AppointmentFormPage.objects.get(slug="book-a-visit")
    assert [(field.label, field.field_type, field.required) for field in page.form_fields.all()] == [
        ("Name", "singleline", True),
        ("How should we contact you?", "contact", True),
        ("Preferred location", "location", False),
        ("Preferred days and times", "singleline", False),
        ("Message", "multiline", False),
    ]


def test_a_coordinator_sees_the_requests_of_an_appointment_page_made_after_the_roles(
    superuser_client, coordinator, client, home_page
):
    url = reverse("wagtailadmin_pages:add", args=["appointments", "appointmentformpage", home_page.pk])
    data = page_form_data(superuser_client, url)
    data.update(
        {"title": "Book in Beaverton", "slug": "book-in-beaverton", "action-publish": "action-publish"}
    )
    assert superuser_client.post(url, data).status_code == 302
    page = AppointmentFormPage.objects.get(slug="book-in-beaverton")
    FormSubmission.objects.create(page=page, form_data={"name": SECRET})
    # No second run of setup_editorial_roles.
    client.force_login(coordinator)
    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
