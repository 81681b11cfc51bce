"""Fixtures shared by every app's tests: the page tree the site expects, and library records."""

import datetime

from django.utils.text import slugify

from wagtail.models import Page, Site

import pytest

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentIndexPage, TreatmentPage
from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign
from home.models import Condition, HomePage
from stories.models import ArticleIndexPage, ArticlePage, Testimonial


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a plain welcome page at /; replace it.
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def condition_index(home_page):
    return home_page.add_child(instance=ConditionIndexPage(title="Conditions", slug="conditions"))


@pytest.fixture
def treatment_index(home_page):
    return home_page.add_child(instance=TreatmentIndexPage(title="Treatments", slug="treatments"))


@pytest.fixture
def article_index(home_page):
    return home_page.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))


@pytest.fixture
def make_study(db):
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        defaults = {
            "title": f"Study number {n}",
            "authors": "Doe J, Roe R",
            "journal": "J Test Med",
            "year": 2018,
            "doi": f"10.1000/test.{n}",
            "design": StudyDesign.RCT,
            "level_of_evidence": LevelOfEvidence.RCT,
            "magnitude_of_effect": MagnitudeOfEffect.MODERATE,
            "effect": "Alcohol use disorder",
            "summary": f"Summary of study {n}.",
        }
        defaults.update(fields)
        return Study.objects.create(**defaults)

    return make


@pytest.fixture
def make_testimonial(db):
    def make(live=True, consent=True, **fields):
        defaults = {"quote": "This place saved my life.", "attribution": "Adelle P"}
        if consent:
            defaults.update(consent_date=datetime.date(2026, 1, 15), consent_recorded_by="Front desk")
        defaults.update(fields)
        return Testimonial.objects.create(live=live, **defaults)

    return make


@pytest.fixture
def make_treatment(treatment_index):
    def make(title="Ketamine + Therapy", **fields):
        fields.setdefault("intro", f"{title}: what the program offers.")
        page = TreatmentPage(title=title, **fields)
        treatment_index.add_child(instance=page)
        return page

    return make


@pytest.fixture
def make_article(article_index):
    def make(title="An article", date=datetime.date(2026, 5, 1), conditions=(), **fields):
        fields.setdefault("intro", f"Standfirst of {title}.")
        page = ArticlePage(title=title, date=date, **fields)
        article_index.add_child(instance=page)
        if conditions:
            # A condition page stands for the condition it is about.
            page.conditions.set([getattr(item, "condition", item) for item in conditions])
            page.save()
        return page

    return make


@pytest.fixture
def make_condition(condition_index):
    def make(title="Ketamine for Substance Use Disorder", body=None, **fields):
        """body: the stream in its raw form, a list of {"type": ..., "value": ...} dicts."""
        fields.setdefault("intro", "How ketamine may help.")
        if "condition" not in fields:
            slug = fields.get("slug") or slugify(title)
            fields["condition"], _ = Condition.objects.get_or_create(slug=slug, defaults={"name": title})
        page = ConditionPage(title=title, body=body or [], **fields)
        condition_index.add_child(instance=page)
        return page

    return make
