"""Factories for people, testimonials and articles."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from stories.models import ArticleIndexPage, ArticlePage, Person, Testimonial
from stories.models.testimonials import authorizations_collection


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    credentials = "MD"

    class Meta:
        model = Person


class AuthorizationFactory(wagtail_factories.DocumentFactory):
    """A patient's signed authorization, in the private "Patient authorizations" collection."""

    title = factory.Sequence(lambda n: f"Authorization {n}")
    file = factory.django.FileField(filename="authorization.pdf", data=b"%PDF-1.4 signed authorization")
    collection = factory.LazyFunction(authorizations_collection)


class TestimonialFactory(DjangoModelFactory):
    """A published testimonial with the patient's consent and signed authorization on file
    (`without_consent=True`: no consent recorded; `without_authorization=True`: no authorization)."""

    quote = "This place saved my life."
    attribution = "Adelle P"
    live = True
    consent_date = datetime.date(2026, 1, 15)
    consent_recorded_by = "Front desk"
    authorization = factory.SubFactory(
        AuthorizationFactory,
        title=factory.LazyAttribute(lambda o: f"Authorization: {o.factory_parent.attribution}"),
    )

    class Meta:
        model = Testimonial

    class Params:
        without_consent = factory.Trait(consent_date=None, consent_recorded_by="")
        without_authorization = factory.Trait(authorization=None)


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A live article; `conditions=[...]` relates it to Condition records (or condition pages' conditions)."""

    title = factory.Sequence(lambda n: f"Article {n}")
    date = datetime.date(2026, 5, 1)
    intro = factory.LazyAttribute(lambda obj: f"Intro of {obj.title}.")

    class Meta:
        model = ArticlePage
        # The conditions hook saves the page itself.
        skip_postgeneration_save = True

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            # A condition page stands for the condition it is about.
            self.conditions.set([getattr(item, "condition", item) for item in extracted])
            self.save()
