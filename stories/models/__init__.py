"""The stories app's records: people and the team page, articles and testimonials."""

from .articles import ArticleIndexPage, ArticlePage, ArticlePageTag
from .people import Person
from .team import TeamIndexPage
from .testimonials import ConsentScope, Testimonial, TestimonialQuerySet

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "ConsentScope",
    "Person",
    "TeamIndexPage",
    "Testimonial",
    "TestimonialQuerySet",
]
