"""The stories app's records: people, articles and testimonials."""

from .articles import ArticleIndexPage, ArticlePage, ArticlePageTag
from .people import Person
from .testimonials import ConsentScope, Testimonial, TestimonialQuerySet

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "ConsentScope",
    "Person",
    "Testimonial",
    "TestimonialQuerySet",
]
