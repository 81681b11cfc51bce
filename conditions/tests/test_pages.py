"""Condition and treatment pages as a visitor sees them, and where editors may create them."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from appointments.models import AppointmentFormPage
from conditions.models import ConditionPage, TreatmentPage
from home.models import ClinicSettings, LocationIndexPage, StandardPage
from stories.models import TeamIndexPage

from .support import (
    add_url,
    call_to_action_block,
    chosen_testimonial_block,
    evidence_table_block,
    feature_block,
    heading_block,
    notice_block,
    program_cards_block,
    related_articles_block,
    stat,
    stats_block,
    text_block,
    visit,
)


@pytest.fixture
def full_body(make_study, make_testimonial, make_treatment, home_page):
    """One block of each kind the condition page offers."""
    study = make_study(
        title="Ketamine for alcohol use disorder",
        authors="Krupitsky EM, Grinenko AY",
        year=1997,
        doi="10.1080/02791072.1997.10400185",
    )
    return [
        heading_block("How ketamine works"),
        text_block("<p>Studies indicate several ways ketamine helps.</p>"),
        feature_block(heading="Reduce Cravings"),
        notice_block("<p>Off-label use.</p>"),
        stats_block(stat(study, figure="65.80")),
        evidence_table_block(study, caption="SUD research"),
        chosen_testimonial_block(make_testimonial(quote="I got my life back.")),
        program_cards_block(make_treatment()),
        related_articles_block(heading="Read more"),
        call_to_action_block(home_page, button_label="Book now"),
    ]


def test_condition_page_renders_every_block(client, make_condition, make_article, full_body):
    page = make_condition(title="Ketamine for Substance Use Disorder", body=full_body)
    make_article(title="What a first session is like", conditions=[page])

    response = client.get("/conditions/ketamine-for-substance-use-disorder/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Ketamine for Substance Use Disorder | Northwest Ketamine Clinics</title>" in html
    assert "<h1>Ketamine for Substance Use Disorder</h1>" in html
    assert "How ketamine may help." in html  # the intro
    for expected in [
        '<h2 class="block-heading">How ketamine works</h2>',
        "Studies indicate several ways ketamine helps.",
        '<h2 class="feature__heading">Reduce Cravings</h2>',
        'aria-label="Disclaimer"',
        ">65.8%<",
        '<a href="https://doi.org/10.1080/02791072.1997.10400185">Krupitsky et al., 1997</a>',
        "<caption",
        "SUD research",
        "I got my life back.",
        '<a href="/treatments/ketamine-therapy/">Ketamine + Therapy</a>',
        '<a href="/articles/what-a-first-session-is-like/">What a first session is like</a>',
        '<a class="button" href="/">Book now</a>',
    ]:
        assert expected in html, expected


def test_condition_page_breadcrumbs_lead_back_to_the_index(client, make_condition):
    make_condition(title="Depression")

    html = client.get("/conditions/depression/").content.decode()

    assert '<li><a href="/conditions/">Conditions</a></li>' in html
    assert '<span aria-current="page">Depression</span>' in html


def test_condition_page_hides_what_may_no_longer_be_shown(
    client, make_condition, make_testimonial, make_treatment
):
    """A testimonial unpublished, or a program withdrawn, after a page chose it disappears from the page."""
    testimonial = make_testimonial(quote="Withdrawn words.")
    program = make_treatment(title="Withdrawn program")
    page = make_condition(
        title="Anxiety",
        body=[chosen_testimonial_block(testimonial), program_cards_block(program)],
    )
    html = client.get(page.url).content.decode()
    assert "Withdrawn words." in html and "Withdrawn program" in html

    testimonial.live = False
    testimonial.save()
    program.unpublish()

    html = client.get(page.url).content.decode()

    assert "Withdrawn words." not in html
    assert "Withdrawn program" not in html


def test_condition_index_lists_live_conditions_only(client, make_condition):
    make_condition(title="Alcohol use disorder", intro="Drinking less, or not at all.")
    make_condition(title="Unpublished condition").unpublish()

    response = client.get("/conditions/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Conditions</h1>" in html
    assert '<a href="/conditions/alcohol-use-disorder/">Alcohol use disorder</a>' in html
    assert "Drinking less, or not at all." in html
    assert "Unpublished condition" not in html


def test_condition_index_without_conditions_says_so(client, condition_index):
    html = client.get("/conditions/").content.decode()

    assert "No conditions are published yet." in html


def test_treatment_page_renders(client, make_treatment):
    make_treatment(
        title="Ketamine + Therapy",
        intro="Ketamine sessions alongside talking therapy.",
        body=[text_block("<p>Six sessions over three weeks.</p>")],
    )

    response = client.get("/treatments/ketamine-therapy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ketamine + Therapy</h1>" in html
    assert "Ketamine sessions alongside talking therapy." in html
    assert "Six sessions over three weeks." in html


def test_treatment_index_lists_live_treatments_only(client, make_treatment):
    make_treatment(title="Ketamine + Therapy", intro="Sessions alongside talking therapy.")
    make_treatment(title="Withdrawn program").unpublish()

    response = client.get("/treatments/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Treatments</h1>" in html
    assert '<a href="/treatments/ketamine-therapy/">Ketamine + Therapy</a>' in html
    assert "Sessions alongside talking therapy." in html
    assert "Withdrawn program" not in html


def test_header_and_footer_come_from_the_clinic_settings(client, make_condition, home_page):
    page = make_condition()
    clinic = ClinicSettings.for_site(home_page.get_site())
    clinic.clinic_name = "Test Clinic"
    clinic.phone = "(503) 555-0199"
    clinic.booking_url = "https://example.com/book"
    clinic.opening_hours = "Mon-Fri 9-5"
    clinic.disclaimer = "<p>Talk to your doctor.</p>"
    clinic.header_links = [
        {"type": "link", "value": {"label": "Our team", "page": None, "link_url": "https://example.com/team"}}
    ]
    clinic.save()

    html = visit(client, page)

    assert html.title.get_text().endswith("| Test Clinic")
    assert html.select_one('header a[href="tel:+1-503-555-0199"]').get_text() == "Call (503) 555-0199"
    assert html.select_one('header a[href="https://example.com/book"]')
    assert [a.get_text() for a in html.select("nav[aria-label=Main] a")][0] == "Our team"
    assert "Mon-Fri 9-5" in html.footer.get_text() and "Talk to your doctor." in html.footer.get_text()


@pytest.fixture
def tree(home_page, condition_index, treatment_index, article_index, make_condition, make_treatment):
    """Every kind of place in the page tree an editor might try to add a page to."""
    return {
        "home page": home_page,
        "conditions index": condition_index,
        "treatments index": treatment_index,
        "articles index": article_index,
        "a condition page": make_condition(),
        "a treatment page": make_treatment(),
    }


@pytest.mark.parametrize(
    ("model", "only_place"), [(ConditionPage, "conditions index"), (TreatmentPage, "treatments index")]
)
def test_editor_may_add_a_condition_or_treatment_page_only_under_its_index(
    editor_client, tree, model, only_place
):
    for place, parent in tree.items():
        response = editor_client.get(add_url(parent, model))

        if place == only_place:
            assert response.status_code == 200, place
        else:
            # Refused: the admin sends the editor back to the dashboard.
            assert (response.status_code, response.get("Location")) == (
                302,
                reverse("wagtailadmin_home"),
            ), place


@pytest.mark.parametrize(
    ("place", "offered"),
    [
        ("conditions index", ConditionPage),
        ("treatments index", TreatmentPage),
        ("a condition page", None),
        ("a treatment page", None),
    ],
)
def test_add_child_page_offers_only_what_belongs_there(editor_client, tree, place, offered):
    parent = tree[place]

    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))

    # With one page type to offer, the admin opens its form at once; with none, it refuses.
    expected = add_url(parent, offered) if offered else reverse("wagtailadmin_home")
    assert (response.status_code, response["Location"]) == (302, expected)


def test_under_the_home_page_an_editor_may_add_only_the_site_s_sections_and_plain_pages(editor_client, tree):
    # The site's one conditions, treatments and articles index exist already, so they are not offered.
    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[tree["home page"].pk]))
    assert response.status_code == 200
    offered = {
        link["href"]
        for link in BeautifulSoup(response.content, "html.parser").select("a[href*='/admin/pages/add/']")
    }
    assert offered == {
        add_url(tree["home page"], model)
        for model in (StandardPage, LocationIndexPage, TeamIndexPage, AppointmentFormPage)
    }
