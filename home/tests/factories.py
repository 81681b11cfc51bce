"""Factories for the base app's records and pages (wagtail-factories / factory_boy)."""

from django.utils.text import slugify

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import Condition, HomePage, StandardPage


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
