"""Factories for condition and treatment pages."""

import factory
import wagtail_factories

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentIndexPage, TreatmentPage
from home.tests.factories import ConditionFactory


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Conditions"
    slug = "conditions"

    class Meta:
        model = ConditionIndexPage


class TreatmentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Treatments"
    slug = "treatments"

    class Meta:
        model = TreatmentIndexPage


class ConditionPageFactory(wagtail_factories.PageFactory):
    """A condition page about a condition of its own name; `body` is the stream's raw list."""

    title = "Ketamine for Substance Use Disorder"
    intro = "How ketamine may help."
    condition = factory.SubFactory(
        ConditionFactory, name=factory.SelfAttribute("..title"), slug=factory.SelfAttribute("..slug")
    )
    body = factory.LazyFunction(list)

    class Meta:
        model = ConditionPage


class TreatmentPageFactory(wagtail_factories.PageFactory):
    title = "Ketamine + Therapy"
    intro = factory.LazyAttribute(lambda obj: f"{obj.title}: what the program offers.")
    body = factory.LazyFunction(list)

    class Meta:
        model = TreatmentPage
