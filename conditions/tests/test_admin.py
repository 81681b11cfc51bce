"""An editor builds a condition page in the Wagtail admin, and the admin refuses what must not be published."""

import json

from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

import pytest

from conditions.models import ConditionPage
from home.blocks import INLINE_FEATURES


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def add_url(condition_index):
    return reverse("wagtailadmin_pages:add", args=["conditions", "conditionpage", condition_index.pk])


def listblock(items):
    """ListBlock form data, as the editor's JavaScript posts it."""
    data = {str(i): {"value": item, "deleted": "", "order": str(i), "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def feature_block():
    return (
        "feature",
        {
            "heading": "Reduce Cravings",
            "icon": "brain",
            "text": rich_text("<p>Less urge.</p>", features=INLINE_FEATURES),
        },
    )


def stats_block(figure="65.8", study=None, citation=""):
    stat = {
        "figure": figure,
        "unit": "%",
        "caption": "Abstinent at one year",
        "study": str(study.pk) if study else "",
        "citation": citation,
    }
    return ("stats", {"stats": listblock([stat])})


def evidence_table_block(study=None):
    row = {"study": str(study.pk) if study else "", "summary": ""}
    return ("evidence_table", {"caption": "SUD research", "rows": listblock([row])})


def chosen_testimonial_block(testimonial):
    return ("testimonial", {"testimonial": str(testimonial.pk)})


def page_form_data(
    editor, form_url, blocks, action="action-publish", title="Ketamine for Substance Use Disorder"
):
    """What the page form posts: every field it renders, with the editor's title, intro and blocks."""
    data = querydict_from_html(editor.get(form_url).content.decode(), form_id="page-edit-form")
    fields = nested_form_data(
        {
            "title": title,
            # The editor's JavaScript fills the slug in from the title.
            "slug": slugify(title),
            "intro": "How ketamine may help.",
            # The StreamField is drawn by JavaScript, so the rendered form has no inputs for it.
            "body": streamfield(blocks),
            action: action,
        }
    )
    for name, value in fields.items():
        data[name] = value  # replaces, where QueryDict.update would append
    return data


def body_errors(response):
    """The errors the page editor's StreamField shows, as its JavaScript receives them."""
    soup = WagtailTestUtils.get_soup(response.content)
    widget = soup.find("div", attrs={"data-controller": "w-block", "id": "body"})
    value, errors = json.loads(widget["data-w-block-arguments-value"])
    return errors


def form_errors(response):
    form = response.context["form"]
    return form.errors.as_data(), [f.errors for f in form.formsets.values()] if hasattr(
        form, "formsets"
    ) else None


def test_editor_creates_and_publishes_a_condition_page(editor, add_url, make_study, make_testimonial):
    study = make_study(title="Ketamine for alcohol use disorder", authors="Krupitsky EM, Grinenko AY")
    testimonial = make_testimonial(quote="I got my life back.")
    blocks = [
        feature_block(),
        stats_block(study=study),
        evidence_table_block(study),
        chosen_testimonial_block(testimonial),
    ]

    response = editor.post(add_url, page_form_data(editor, add_url, blocks))

    assert response.status_code == 302, form_errors(response)
    page = ConditionPage.objects.get()
    assert page.live
    assert page.slug == "ketamine-for-substance-use-disorder"
    assert [block.block_type for block in page.body] == ["feature", "stats", "evidence_table", "testimonial"]
    assert page.body[1].value["stats"][0]["study"] == study
    assert page.body[2].value["rows"][0]["study"] == study
    assert page.body[3].value["testimonial"] == testimonial
    assert page.revisions.count() == 1

    html = editor.get(page.url).content.decode()
    assert "<h1>Ketamine for Substance Use Disorder</h1>" in html
    assert "Reduce Cravings" in html
    assert ">65.8%<" in html
    assert '<a href="https://doi.org/10.1000/test.1">Krupitsky et al., 2018</a>' in html
    assert "SUD research" in html
    assert "I got my life back." in html


def test_editor_saves_a_draft(editor, add_url, make_study):
    blocks = [stats_block(study=make_study())]

    response = editor.post(add_url, page_form_data(editor, add_url, blocks, action="action-draft"))

    assert response.status_code == 302, form_errors(response)
    page = ConditionPage.objects.get()
    assert not page.live
    assert page.revisions.count() == 1
    editor.logout()
    assert editor.get("/conditions/ketamine-for-substance-use-disorder/").status_code == 404


@pytest.fixture
def invalid_blocks(make_study, make_testimonial):
    """The body an editor posts for each bad input."""

    def blocks(case):
        if case == "figure is not a number":
            return [stats_block(figure="abc", study=make_study())]
        if case == "stat without source":
            return [stats_block(study=None, citation="")]
        if case == "evidence row without study":
            return [evidence_table_block(study=None)]
        if case == "testimonial without consent":
            return [chosen_testimonial_block(make_testimonial(consent=False))]
        raise AssertionError(case)

    return blocks


def find_error(errors, path):
    """Follow a path of keys through the StreamField's nested error JSON to the field's messages."""
    node = errors
    for key in path:
        node = node["blockErrors"][key]
    return node


ERROR_PATHS = {
    # block 0 of the body -> its child -> list item 0 -> the field
    "figure is not a number": (["0", "stats", "0", "figure"], "Enter a number."),
    "stat without source": (["0", "stats", "0", "study"], "Every figure needs a source"),
    "evidence row without study": (["0", "rows", "0", "study"], "Choose the study this row presents."),
    "testimonial without consent": (["0", "testimonial"], "no recorded patient consent"),
}


@pytest.mark.parametrize("action", ["action-publish", "action-draft"])
@pytest.mark.parametrize("case", list(ERROR_PATHS))
def test_bad_block_input_is_refused_with_the_error_on_its_field(
    editor, add_url, invalid_blocks, case, action
):
    blocks = invalid_blocks(case)
    revisions_before = Revision.objects.count()

    response = editor.post(add_url, page_form_data(editor, add_url, blocks, action=action))

    assert response.status_code == 200
    assert "The page could not be created due to validation errors." in response.content.decode()
    path, message = ERROR_PATHS[case]
    field_errors = find_error(body_errors(response), path)
    assert any(message in error for error in field_errors["messages"]), field_errors
    assert not ConditionPage.objects.exists()
    assert Revision.objects.count() == revisions_before


def test_unpublished_testimonial_is_refused(editor, add_url, make_testimonial):
    testimonial = make_testimonial(live=False)

    response = editor.post(add_url, page_form_data(editor, add_url, [chosen_testimonial_block(testimonial)]))

    assert response.status_code == 200
    errors = find_error(body_errors(response), ["0", "testimonial"])
    assert any("not published yet" in error for error in errors["messages"])
    assert not ConditionPage.objects.exists()


def test_edit_view_of_a_page_with_every_block_renders(
    editor, make_condition, make_study, make_testimonial, make_treatment, make_article, home_page
):
    study = make_study(title="A study the edit form must show")
    page = make_condition(
        body=[
            {"type": "heading", "value": {"text": "How ketamine works", "level": "h2"}},
            {"type": "text", "value": "<p>Studies indicate.</p>"},
            {
                "type": "feature",
                "value": {"heading": "Reduce Cravings", "icon": "brain", "text": "<p>Less.</p>"},
            },
            {"type": "notice", "value": {"kind": "disclaimer", "heading": "", "text": "<p>Off-label.</p>"}},
            {
                "type": "stats",
                "value": {"stats": [{"figure": "65.8", "unit": "%", "caption": "c", "study": study.pk}]},
            },
            {"type": "evidence_table", "value": {"caption": "Research", "rows": [{"study": study.pk}]}},
            {"type": "testimonial", "value": {"testimonial": make_testimonial().pk}},
            {
                "type": "program_cards",
                "value": {"heading": "Options", "cards": [{"program": make_treatment().pk}]},
            },
            {
                "type": "related_articles",
                "value": {"heading": "Read", "mode": "chosen", "articles": [make_article().pk], "count": 3},
            },
            {
                "type": "call_to_action",
                "value": {"heading": "Talk", "button_label": "Book", "page": home_page.pk},
            },
        ]
    )

    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    value, errors = json.loads(
        WagtailTestUtils.get_soup(response.content).find(
            "div", attrs={"data-controller": "w-block", "id": "body"}
        )["data-w-block-arguments-value"]
    )
    assert errors is None
    assert [block["type"] for block in value] == [
        "heading",
        "text",
        "feature",
        "notice",
        "stats",
        "evidence_table",
        "testimonial",
        "program_cards",
        "related_articles",
        "call_to_action",
    ]
    assert "A study the edit form must show" in response.content.decode()


def test_edit_view_shows_the_chosen_study_with_a_working_edit_link(editor, make_condition, make_study):
    study = make_study()
    page = make_condition(
        body=[
            {
                "type": "stats",
                "value": {"stats": [{"figure": "50", "unit": "%", "caption": "c", "study": study.pk}]},
            }
        ]
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = editor.get(edit_url)
    value, _ = json.loads(
        WagtailTestUtils.get_soup(response.content).find(
            "div", attrs={"data-controller": "w-block", "id": "body"}
        )["data-w-block-arguments-value"]
    )

    chosen = value[0]["value"]["stats"][0]["value"]["study"]
    assert chosen["id"] == study.pk
    assert chosen["title"] == str(study)
    assert editor.get(chosen["edit_url"]).status_code == 200


def test_editing_a_live_page_with_bad_input_keeps_the_live_page(editor, make_condition, make_study):
    study = make_study()
    page = make_condition(
        title="Ketamine for Substance Use Disorder",
        body=[
            {
                "type": "stats",
                "value": {"stats": [{"figure": "50", "unit": "%", "caption": "c", "study": study.pk}]},
            }
        ],
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    revisions_before = Revision.objects.count()

    response = editor.post(
        edit_url, page_form_data(editor, edit_url, [stats_block(figure="abc", study=study)])
    )

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.content.decode()
    errors = find_error(body_errors(response), ["0", "stats", "0", "figure"])
    assert errors["messages"]
    assert Revision.objects.count() == revisions_before
    page.refresh_from_db()
    assert page.body[0].value["stats"][0]["figure"] == 50
    assert ">50%<" in editor.get(page.url).content.decode()
