"""The appointment page, its locations and the people who read its requests."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

import pytest

from appointments.models import AppointmentFormPage
from home.tests.factories import LocationIndexPageFactory, LocationPageFactory

from .support import PASSWORD


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def booking_page(home_page):
    """The published appointment page, with the default questions, notifying the front desk."""
    page = AppointmentFormPage(
        title="Book a consultation", slug="book", notify_addresses="frontdesk@example.com, lead@example.com"
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return AppointmentFormPage.objects.get(pk=page.pk)


@pytest.fixture
def make_location(home_page):
    """make(title, live=True): a location page under the locations index."""
    index = []

    def make(title="Pearl District", **fields):
        if not index:
            index.append(LocationIndexPageFactory(parent=home_page))
        return LocationPageFactory(parent=index[0], title=title, **fields)

    return make


def group_member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(roles, booking_page, django_user_model):
    """A patient coordinator: the roles set up again once the appointment page exists, as the
    command's docstring asks."""
    call_command("setup_editorial_roles", stdout=StringIO())
    return group_member(django_user_model, "coordinator", "Patient coordinators")
