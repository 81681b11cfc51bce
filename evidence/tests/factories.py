"""Factories for the study library."""

import factory
from factory.django import DjangoModelFactory

from evidence.models import LevelOfEvidence, MagnitudeOfEffect, Study, StudyDesign


class StudyFactory(DjangoModelFactory):
    """A randomised trial with a DOI: a study whose citation is known."""

    title = factory.Sequence(lambda n: f"Study number {n}")
    authors = "Doe J, Roe R"
    journal = "J Test Med"
    year = 2018
    doi = factory.Sequence(lambda n: f"10.1000/test.{n}")
    design = StudyDesign.RCT
    level_of_evidence = LevelOfEvidence.RCT
    magnitude_of_effect = MagnitudeOfEffect.MODERATE
    effect = "Alcohol use disorder"
    summary = factory.LazyAttribute(lambda obj: f"Summary of {obj.title.lower()}.")

    class Meta:
        model = Study
