"""Condition and treatment pages as a visitor sees them, and where editors may create them."""

from wagtail.models import Page

import pytest

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentIndexPage, TreatmentPage
from home.models import HomePage, StandardPage
from stories.models import ArticleIndexPage, ArticlePage


@pytest.fixture
def full_body(make_study, make_testimonial, make_treatment, home_page):
    """One block of each kind the condition page offers."""
    study = make_study(title="Ketamine for alcohol use disorder", authors="Krupitsky EM, Grinenko AY")
    return [
        {"type": "heading", "value": {"text": "How ketamine works", "level": "h2"}},
        {"type": "text", "value": "<p>Studies indicate several ways ketamine helps.</p>"},
        {
            "type": "feature",
            "value": {"heading": "Reduce Cravings", "icon": "brain", "text": "<p>Less urge.</p>"},
        },
        {"type": "notice", "value": {"kind": "disclaimer", "heading": "", "text": "<p>Off-label use.</p>"}},
        {
            "type": "stats",
            "value": {
                "stats": [
                    {"figure": "65.80", "unit": "%", "caption": "Abstinent at one year", "study": study.pk},
                ]
            },
        },
        {"type": "evidence_table", "value": {"caption": "SUD research", "rows": [{"study": study.pk}]}},
        {"type": "testimonial", "value": {"testimonial": make_testimonial(quote="I got my life back.").pk}},
        {
            "type": "program_cards",
            "value": {"heading": "Treatment options", "cards": [{"program": make_treatment().pk}]},
        },
        {"type": "related_articles", "value": {"heading": "Read more", "mode": "latest", "count": 3}},
        {
            "type": "call_to_action",
            "value": {"heading": "Ready to talk?", "button_label": "Book now", "page": home_page.pk},
        },
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
        '<a href="https://doi.org/10.1000/test.1">Krupitsky et al., 2018</a>',
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
        body=[
            {"type": "testimonial", "value": {"testimonial": testimonial.pk}},
            {"type": "program_cards", "value": {"heading": "Options", "cards": [{"program": program.pk}]}},
        ],
    )
    testimonial.live = False
    testimonial.save()
    program.unpublish()

    html = client.get(page.url).content.decode()

    assert "Withdrawn words." not in html
    assert "Withdrawn program" not in html


def test_draft_condition_page_is_not_public(client, make_condition):
    page = make_condition(title="Draft condition")
    page.unpublish()

    assert client.get("/conditions/draft-condition/").status_code == 404


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
        body=[{"type": "text", "value": "<p>Six sessions over three weeks.</p>"}],
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


@pytest.mark.parametrize(
    "child, parents",
    [
        (ConditionIndexPage, {HomePage}),
        (ConditionPage, {ConditionIndexPage}),
        (TreatmentIndexPage, {HomePage}),
        (TreatmentPage, {TreatmentIndexPage}),
    ],
)
def test_allowed_parent_page_types(child, parents):
    assert set(child.allowed_parent_page_models()) == parents


@pytest.mark.parametrize(
    "parent, children",
    [
        (ConditionIndexPage, {ConditionPage}),
        (ConditionPage, set()),
        (TreatmentIndexPage, {TreatmentPage}),
        (TreatmentPage, set()),
    ],
)
def test_allowed_subpage_types(parent, children):
    assert set(parent.allowed_subpage_models()) == children


def test_condition_page_can_be_created_only_under_the_conditions_index(
    home_page, condition_index, treatment_index, article_index
):
    assert ConditionPage.can_create_at(condition_index)
    for parent in [home_page, treatment_index, article_index, Page.get_first_root_node()]:
        assert not ConditionPage.can_create_at(parent), parent


def test_treatment_page_can_be_created_only_under_the_treatments_index(
    home_page, condition_index, treatment_index
):
    assert TreatmentPage.can_create_at(treatment_index)
    for parent in [home_page, condition_index]:
        assert not TreatmentPage.can_create_at(parent), parent


def test_condition_and_treatment_pages_take_no_children(make_condition, make_treatment):
    condition, treatment = make_condition(), make_treatment()

    for child in [ConditionPage, TreatmentPage, StandardPage, ArticlePage]:
        assert not child.can_create_at(condition)
        assert not child.can_create_at(treatment)


def test_the_site_has_one_conditions_index_and_one_treatments_index(home_page):
    assert ConditionIndexPage.can_create_at(home_page)
    assert TreatmentIndexPage.can_create_at(home_page)

    home_page.add_child(instance=ConditionIndexPage(title="Conditions", slug="conditions"))
    home_page.add_child(instance=TreatmentIndexPage(title="Treatments", slug="treatments"))

    assert not ConditionIndexPage.can_create_at(home_page)
    assert not TreatmentIndexPage.can_create_at(home_page)
    assert ArticleIndexPage.can_create_at(home_page)
