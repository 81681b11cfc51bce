"""Factories for people, testimonials and articles."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from stories.models import ArticleIndexPage, ArticlePage, Person, Testimonial


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    credentials = "MD"

    class Meta:
        model = Person


class TestimonialFactory(DjangoModelFactory):
    """A published testimonial with the patient's consent on file (`without_consent=True`: none recorded)."""

    quote = "This place saved my life."
    attribution = "Adelle P"
    live = True
    consent_date = datetime.date(2026, 1, 15)
    consent_recorded_by = "Front desk"

    class Meta:
        model = Testimonial

    class Params:
        without_consent = factory.Trait(consent_date=None, consent_recorded_by="")


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
