"""An editor builds a condition page in the Wagtail admin; the admin refuses what must not be published."""

from django.test import Client

from wagtail.models import Revision, WorkflowState

import pytest

from conditions.models import ConditionPage

from .support import (
    add_url,
    block_error_messages,
    body_widget,
    call_to_action_block,
    chosen_testimonial_block,
    client_for,
    edit_url,
    evidence_table_block,
    feature_block,
    heading_block,
    notice_block,
    page_form_data,
    program_cards_block,
    related_articles_block,
    review_action,
    review_state,
    stat,
    stats_block,
    submit_for_review,
    text_block,
    visit,
)


def test_editor_composes_a_condition_page_and_the_reviewers_approval_publishes_it(
    editor_client, reviewer, condition_index, make_study, make_testimonial
):
    study = make_study(
        title="Ketamine for alcohol use disorder",
        authors="Krupitsky EM, Grinenko AY",
        year=1997,
        doi="10.1080/02791072.1997.10400185",
    )
    testimonial = make_testimonial(quote="I got my life back.")
    body = [
        feature_block(heading="Reduce Cravings"),
        stats_block(stat(study, figure="65.8")),
        evidence_table_block(study, caption="SUD research"),
        chosen_testimonial_block(testimonial),
    ]

    page = submit_for_review(editor_client, condition_index, body)

    # The editor's page waits for the medical reviewer, with the records it chose.
    assert not page.live
    assert page.slug == "ketamine-for-substance-use-disorder"
    assert review_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    draft = page.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["feature", "stats", "evidence_table", "testimonial"]
    assert draft.body[1].value["stats"][0]["study"] == study
    assert draft.body[2].value["rows"][0]["study"] == study
    assert draft.body[3].value["testimonial"] == testimonial

    response = review_action(client_for(reviewer), page, "approve")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    html = visit(Client(), page)
    assert html.h1.get_text() == "Ketamine for Substance Use Disorder"
    assert html.select_one(".feature__heading").get_text() == "Reduce Cravings"
    assert html.select_one(".stat__figure [aria-hidden]").get_text() == "65.8%"
    source = html.select_one(".stat__source a")
    assert (source["href"], source.get_text()) == (
        "https://doi.org/10.1080/02791072.1997.10400185",
        "Krupitsky et al., 1997",
    )
    assert html.select_one(".evidence-table caption").get_text() == "SUD research"
    assert html.select_one(".testimonial__quote").get_text() == "I got my life back."


@pytest.fixture
def invalid_body(make_study, make_testimonial):
    """The body an editor posts for each bad input."""

    def body(case):
        if case == "figure is not a number":
            return [stats_block(stat(make_study(), figure="abc"))]
        if case == "stat without source":
            return [stats_block(None)]
        if case == "evidence row without study":
            return [evidence_table_block(None)]
        if case == "testimonial without consent":
            return [chosen_testimonial_block(make_testimonial(consent=False))]
        if case == "unpublished testimonial":
            return [chosen_testimonial_block(make_testimonial(live=False))]
        raise AssertionError(case)

    return body


ERROR_PATHS = {
    # block 0 of the body -> its child -> list item 0 -> the field
    "figure is not a number": (["0", "stats", "0", "figure"], "Enter a number."),
    "stat without source": (["0", "stats", "0", "study"], "Every figure needs a source"),
    "evidence row without study": (["0", "rows", "0", "study"], "Choose the study this row presents."),
    "testimonial without consent": (["0", "testimonial"], "no recorded patient consent"),
    "unpublished testimonial": (["0", "testimonial"], "not published yet"),
}


@pytest.mark.parametrize("action", ["action-draft", "action-submit"])
@pytest.mark.parametrize("case", list(ERROR_PATHS))
def test_bad_block_input_is_refused_with_the_error_on_its_field(
    editor_client, condition_index, invalid_body, case, action
):
    url = add_url(condition_index)
    revisions_before = Revision.objects.count()

    response = editor_client.post(url, page_form_data(editor_client, url, invalid_body(case), action=action))

    assert response.status_code == 200
    assert "The page could not be created due to validation errors." in response.content.decode()
    path, message = ERROR_PATHS[case]
    messages = block_error_messages(response, path)
    assert any(message in error for error in messages), messages
    assert not ConditionPage.objects.exists()
    assert Revision.objects.count() == revisions_before
    assert not WorkflowState.objects.exists()


def test_edit_view_of_a_page_with_every_block_renders(
    editor_client, make_condition, make_study, make_testimonial, make_treatment, make_article, home_page
):
    study = make_study(title="A study the edit form must show")
    page = make_condition(
        body=[
            heading_block(),
            text_block(),
            feature_block(),
            notice_block(),
            stats_block(study),
            evidence_table_block(study),
            chosen_testimonial_block(make_testimonial()),
            program_cards_block(make_treatment()),
            related_articles_block("chosen", [make_article()]),
            call_to_action_block(home_page),
        ]
    )

    response = editor_client.get(edit_url(page))

    assert response.status_code == 200
    value, errors = body_widget(response)
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


def test_edit_view_shows_the_chosen_study_with_an_edit_link_the_editor_may_follow(
    editor_client, make_condition, make_study
):
    study = make_study()
    page = make_condition(body=[stats_block(study)])

    value, _ = body_widget(editor_client.get(edit_url(page)))

    chosen = value[0]["value"]["stats"][0]["value"]["study"]
    assert chosen["id"] == study.pk
    assert chosen["title"] == str(study)
    assert editor_client.get(chosen["edit_url"]).status_code == 200


def test_editing_a_live_page_with_bad_input_keeps_the_live_page(editor_client, make_condition, make_study):
    study = make_study()
    page = make_condition(body=[stats_block(stat(study, figure="50"))])
    url = edit_url(page)
    revisions_before = Revision.objects.count()

    response = editor_client.post(
        url, page_form_data(editor_client, url, [stats_block(stat(study, figure="abc"))])
    )

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.content.decode()
    assert block_error_messages(response, ["0", "stats", "0", "figure"]) == ["Enter a number."]
    assert Revision.objects.count() == revisions_before
    page.refresh_from_db()
    assert page.body[0].value["stats"][0]["figure"] == 50
    assert visit(Client(), page).select_one(".stat__figure [aria-hidden]").get_text() == "50%"
