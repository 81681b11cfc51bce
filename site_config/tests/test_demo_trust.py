"""The demo's trust layer: the SUD stats carry their studies' comparisons, and the demo testimonial
its disclosure and the patient's signed authorization, so it stays publishable; twice is once."""

import re

from django.test import Client

from wagtail.models import Revision

import pytest

from evidence.blocks import StatBlock
from site_config.demo_data import TESTIMONIAL
from site_config.demo_trust import (
    AUTHORIZATION,
    SUD_STAT_COMPARISONS,
    authorization_lines,
    authorization_pdf,
    update_demo_testimonial,
    with_comparison,
)
from stories.models import Testimonial
from stories.models.testimonials import AUTHORIZATIONS_COLLECTION

pytestmark = pytest.mark.django_db

PLACEHOLDERS = re.compile(r"goes here|demo copy|replace it|lorem|placeholder", re.IGNORECASE)


def sud_stat(figure):
    return {
        "figure": figure,
        "unit": "%",
        "caption": "One-year abstinence.",
        "study": None,
        "citation": "Krupitsky",
    }


@pytest.mark.parametrize(
    ("figure", "shown", "spoken"),
    [
        (
            "65.8",
            "vs 24% with conventional treatment",
            "65.8 percent, against 24 percent with conventional treatment",
        ),
        ("50", "vs 22.2% after one session", "50 percent, against 22.2 percent after one session"),
    ],
)
def test_the_sud_stats_carry_the_seeds_comparisons(figure, shown, spoken):
    block = StatBlock()
    value = block.clean(block.to_python(with_comparison(sud_stat(figure))))

    assert value.formatted_comparison == shown
    assert value.spoken_figure == spoken


def test_a_stat_the_seed_gives_no_comparison_for_gets_none():
    stat = with_comparison(sud_stat("12"))
    assert stat["comparison"] == {"figure": None, "unit": "", "group": ""}
    assert set(SUD_STAT_COMPARISONS) == {"65.8", "50"}


@pytest.fixture
def demo_testimonial(roles):
    # As load_demo_content makes it: a draft, given its authorization, then published.
    testimonial = Testimonial.objects.create(live=False, **TESTIMONIAL)
    assert update_demo_testimonial(testimonial)
    testimonial.save_revision().publish()
    return Testimonial.objects.get(pk=testimonial.pk)


def test_the_demo_testimonial_is_published_with_its_authorization(demo_testimonial):
    assert demo_testimonial.can_be_shown
    assert demo_testimonial.authorization.title == "Authorization: Adelle P"
    assert demo_testimonial.authorization.collection.name == AUTHORIZATIONS_COLLECTION
    assert demo_testimonial.authorization_expires == AUTHORIZATION["expires"]
    assert demo_testimonial.results_disclosure == ""  # the clinic's default is shown
    assert demo_testimonial.material_connection == ""
    demo_testimonial.full_clean()
    assert not PLACEHOLDERS.search(demo_testimonial.consent_recorded_by)


def test_a_second_run_changes_nothing(demo_testimonial):
    revisions = Revision.objects.count()
    documents = type(demo_testimonial.authorization).objects.count()

    assert update_demo_testimonial(demo_testimonial) is False

    assert Revision.objects.count() == revisions
    assert type(demo_testimonial.authorization).objects.count() == documents


def test_a_live_testimonial_from_an_older_run_gets_it_in_its_live_revision(roles):
    testimonial = Testimonial.objects.create(live=True, **TESTIMONIAL)

    assert update_demo_testimonial(testimonial)

    stored = Testimonial.objects.get(pk=testimonial.pk)
    assert stored.can_be_shown
    assert stored.live_revision.as_object().authorization_id == stored.authorization_id


def test_the_signed_form_is_private(demo_testimonial):
    response = Client().get(demo_testimonial.authorization.url)

    assert response.status_code == 302


def test_the_form_is_a_wellformed_pdf_made_the_same_each_time():
    lines = authorization_lines(**AUTHORIZATION)
    pdf = authorization_pdf(lines)

    assert pdf == authorization_pdf(authorization_lines(**AUTHORIZATION))
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    # The cross-reference table points at each object.
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref\n")
    offsets = [int(line[:10]) for line in pdf[xref_at:].split(b"\n")[3:8]]
    assert [pdf[offset:].split(b"\n")[0] for offset in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert "This authorization expires on January 15, 2028." in lines
    assert not any(PLACEHOLDERS.search(line) for line in lines)
