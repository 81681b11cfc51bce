"""What the page editor does with text over a field's limit, and with a figure it cannot read.

The editor sees the limit and the count as they type (static/admin/js/character-count.js,
loaded on every editing form), a pasted text is not cut at the limit by the browser, and the
server refuses a text over the limit with a message on the field and saves nothing.
"""

from django.urls import reverse

from wagtail.models import Revision, Site

import pytest

from conditions.models import ConditionPage
from home.models import ClinicSettings, Condition

from .support import (
    block_error_messages,
    edit_url,
    form_errors,
    notice_block,
    page_form_data,
    soup,
    stat,
    stats_block,
)

COUNTER_SCRIPT = "/static/admin/js/character-count.js"


def scripts(response):
    return [script.get("src") for script in soup(response.content).find_all("script")]


def test_page_editor_loads_the_character_count_for_model_fields_and_blocks(editor_client, make_condition):
    page = make_condition(body=[notice_block()])

    response = editor_client.get(edit_url(page))

    assert COUNTER_SCRIPT in scripts(response)
    # The limits the counter reads: the intro's, and a block's (drawn by script from its definition).
    html = soup(response.content)
    assert html.find("textarea", attrs={"name": "intro"})["maxlength"] == "400"
    stream = html.find("div", attrs={"data-controller": "w-block", "id": "body"})
    block_definitions = " ".join(str(value) for value in stream.attrs.values())
    assert '"heading", {"_type": "wagtail.widgets.Widget"' in block_definitions
    assert 'name=\\"__NAME__\\" maxlength=\\"80\\"' in block_definitions


def test_settings_and_snippet_editors_load_the_character_count(superuser_client, home_page):
    site = Site.objects.get(is_default_site=True)
    ClinicSettings.for_site(site)
    condition = Condition.objects.create(name="Alcohol use disorder", slug="alcohol-use-disorder")

    for url in [
        reverse("wagtailsettings:edit", args=["home", "clinicsettings", site.pk]),
        reverse("wagtailsnippets_home_condition:edit", args=[condition.pk]),
    ]:
        assert COUNTER_SCRIPT in scripts(superuser_client.get(url)), url


def test_an_intro_over_its_limit_is_refused_with_the_count_and_nothing_is_saved(
    editor_client, make_condition
):
    page = make_condition(intro="How ketamine may help.")
    url = edit_url(page)
    revisions_before = Revision.objects.count()

    response = editor_client.post(url, page_form_data(editor_client, url, intro="x" * 412))

    assert response.status_code == 200
    assert form_errors(response)["intro"][0].messages == [
        "Ensure this value has at most 400 characters (it has 412)."
    ]
    assert Revision.objects.count() == revisions_before
    page.refresh_from_db()
    assert page.intro == "How ketamine may help."


def test_a_block_field_over_its_limit_is_refused_on_that_field_and_nothing_is_saved(
    editor_client, make_condition
):
    page = make_condition()
    url = edit_url(page)
    revisions_before = Revision.objects.count()

    response = editor_client.post(url, page_form_data(editor_client, url, [notice_block(heading="h" * 95)]))

    assert response.status_code == 200
    assert block_error_messages(response, ["0", "heading"]) == [
        "Ensure this value has at most 80 characters (it has 95)."
    ]
    assert Revision.objects.count() == revisions_before


@pytest.mark.parametrize(
    ("figure", "unit", "message"),
    [
        ("50,5", "%", "Type the figure without a comma: 50,5 could mean 50.5 or 505."),
        ("505", "%", "A percentage is between 0 and 100, and 505% is not"),
    ],
)
def test_a_figure_the_editor_must_correct_is_refused_on_the_figure(
    editor_client, make_condition, make_study, figure, unit, message
):
    study = make_study()
    page = make_condition()
    url = edit_url(page)
    revisions_before = Revision.objects.count()

    response = editor_client.post(
        url, page_form_data(editor_client, url, [stats_block(stat(study, figure=figure, unit=unit))])
    )

    assert response.status_code == 200
    [error] = block_error_messages(response, ["0", "stats", "0", "figure"])
    assert error.startswith(message)
    assert Revision.objects.count() == revisions_before
    assert "stats" not in [block.block_type for block in ConditionPage.objects.get(pk=page.pk).body]
