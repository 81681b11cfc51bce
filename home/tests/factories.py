"""Factories for the base app's records and pages (wagtail-factories / factory_boy)."""

from django.utils.text import slugify

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import Condition, HomePage, LocationIndexPage, LocationPage, StandardPage


class ConditionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))

    class Meta:
        model = Condition
        django_get_or_create = ["slug"]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Plain page {n}")
    intro = "A plain page."

    class Meta:
        model = StandardPage


class LocationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Locations"
    slug = "locations"

    class Meta:
        model = LocationIndexPage


def weekday_hours(days=("mon", "tue", "wed", "thu", "fri"), opens="08:00", closes="18:00"):
    """One row of opening hours, as a stream holds it."""
    return {"type": "hours", "value": {"days": list(days), "opens": opens, "closes": closes}}


class LocationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Clinic {n}")
    street_address = "1200 NW Everett Street\nSuite 300"
    locality = "Portland"
    region = "OR"
    postal_code = "97209"
    phone = "(503) 555-0100"
    latitude = "45.525400"
    longitude = "-122.684900"
    opening_hours = factory.LazyFunction(lambda: [weekday_hours()])

    class Meta:
        model = LocationPage
