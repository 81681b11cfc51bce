"""Hand-forged editor form data: the answer is a form error or a 400, never a 500 or a half save.

Each test takes the form data the editor really posts and corrupts one thing: a chooser id
that is not a number, a StreamField's -count/-order/-deleted/-type field missing, rich text
whose JSON is malformed, nested 1,000 deep or of the wrong shape.
"""

import json
import logging

from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conditions.tests.support import (
    call_to_action_block,
    chosen_testimonial_block,
    edit_url,
    page_form_data,
    stats_block,
    text_block,
)
from home.models import ClinicSettings

pytestmark = pytest.mark.django_db

DEEP = 1_000
# Rich text as Draftail posts it: a contentstate, as JSON.
BAD_RICH_TEXT = {
    "not-json": "{not json",
    "truncated-json": '{"blocks": [{"text": "Hi"',
    "deep-lists": "[" * DEEP + "]" * DEEP,
    "deep-objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "list-not-object": "[]",
    "number": "42",
    "blocks-not-a-list": '{"blocks": "x", "entityMap": {}}',
    "block-not-an-object": '{"blocks": [1, 2], "entityMap": {}}',
    "entity-map-wrong": '{"blocks": [{"key": "a", "text": "x", "type": "unstyled", "inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 1, "key": 9}]}], "entityMap": []}',
    "nul": '{"blocks": [{"key": "a", "text": "\\u0000", "type": "unstyled"}], "entityMap": {}}',
}


def assert_refused(response, page):
    """A form error (200, nothing saved) or a 400; never a 500, never a new revision."""
    assert response.status_code in (200, 400), response.status_code
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    if response.status_code == 200:
        assert "The page could not be saved due to validation errors" in response.content.decode()


@pytest.fixture
def condition_page(make_condition, make_study, make_testimonial, make_treatment):
    page = make_condition(title="Ketamine for Depression", slug="ketamine-for-depression")
    page.save_revision()
    return page, make_study(), make_testimonial(), make_treatment()


@pytest.fixture
def condition_form(superuser_client, condition_page):
    """The condition page's edit form data, as the editor posts it, with blocks of every chooser."""
    page, study, testimonial, treatment = condition_page
    body = [
        stats_block(study),
        chosen_testimonial_block(testimonial),
        call_to_action_block(page=treatment),
        text_block(),
    ]
    url = edit_url(page)
    return url, page, page_form_data(superuser_client, url, body, title=page.title)


def test_the_real_form_data_saves(superuser_client, condition_form):
    url, page, data = condition_form

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2


# What a hand-forged post may put in a StreamField's fields: any text, numbers of any size and
# sign, and JSON of any shape (rich text and a block's raw value travel as JSON).
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
FORGED = st.one_of(
    st.text(max_size=200),
    st.integers().map(str),
    JSON.map(json.dumps),
    st.sampled_from(["", "-1", "0", "1e9", "null", "[]", "{}", "on", "\x00"]),
)


@given(forged=st.lists(st.tuples(st.integers(min_value=0), FORGED, st.booleans()), min_size=1, max_size=4))
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
def test_any_forged_stream_field_is_refused_or_saved_whole(superuser_client, condition_form, forged):
    """Any of the body's fields changed or dropped: a form error or a 400 and no new revision, or
    a saved draft whose every block still renders."""
    url, page, original = condition_form
    data = original.copy()
    names = sorted(name for name in data if name.startswith("body-"))
    for index, value, drop in forged:
        name = names[index % len(names)]
        if drop:
            data.pop(name, None)
        else:
            data[name] = value
    before = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    response = superuser_client.post(url, data)

    assert response.status_code in (200, 302, 400), response.status_code
    after = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    if response.status_code == 302:
        assert after == before + 1
        draft = page.get_latest_revision_as_object()
        for block in draft.body:
            block.render()
    else:
        assert after == before


CHOOSER_FIELDS = {
    "study": "body-0-value-stats-0-value-study",
    "testimonial": "body-1-value-testimonial",
    "page": "body-2-value-page",
}


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "9" * 40, "\x00", "[1]"])
@pytest.mark.parametrize("chooser", list(CHOOSER_FIELDS))
def test_a_chooser_id_that_is_not_a_number_is_refused(superuser_client, condition_form, chooser, value):
    url, page, data = condition_form
    data[CHOOSER_FIELDS[chooser]] = value

    assert_refused(superuser_client.post(url, data), page)


@pytest.mark.parametrize(
    "field",
    [
        "body-count",
        "body-0-order",
        "body-0-deleted",
        "body-0-type",
        "body-0-value-stats-count",
        "body-0-value-stats-0-order",
        "body-0-value-stats-0-deleted",
    ],
)
def test_a_missing_stream_field_is_refused(superuser_client, condition_form, field):
    url, page, data = condition_form
    assert field in data
    del data[field]

    assert_refused(superuser_client.post(url, data), page)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body-count", "abc"),
        ("body-count", "99"),
        ("body-count", "9" * 40),
        ("body-0-order", "abc"),
        ("body-0-type", "no_such_block"),
        ("body-0-value-stats-count", "abc"),
        ("body-0-value-stats-count", "5"),
        ("body-0-value-stats-0-order", "x"),
    ],
)
def test_a_stream_field_with_a_wrong_value_is_refused(superuser_client, condition_form, field, value):
    url, page, data = condition_form
    data[field] = value

    response = superuser_client.post(url, data)

    # An unknown block type is dropped by Wagtail and the rest saved: a 302 is fine for that one.
    if value == "no_such_block":
        assert response.status_code in (200, 302, 400)
    else:
        assert_refused(response, page)


@pytest.mark.parametrize("bad", list(BAD_RICH_TEXT))
def test_malformed_rich_text_is_refused(superuser_client, condition_form, bad):
    url, page, data = condition_form
    data["body-3-value"] = BAD_RICH_TEXT[bad]

    assert_refused(superuser_client.post(url, data), page)


def test_a_refused_post_is_logged(superuser_client, condition_form, caplog):
    url, page, data = condition_form
    data["body-1-value-testimonial"] = "abc"
    caplog.set_level(logging.WARNING)

    response = superuser_client.post(url, data)

    # A chooser id that is not a number fails inside Wagtail's ChooserBlock: refused at the boundary.
    assert response.status_code == 400
    assert any(
        "malformed admin form post" in record.getMessage() and "ValueError" in record.getMessage()
        for record in caplog.records
    )


def test_an_editor_gets_the_same_answer(editor_client, condition_page):
    page, study, *_ = condition_page
    url = edit_url(page)
    data = page_form_data(editor_client, url, [stats_block(study)], title=page.title)
    data["body-0-value-stats-0-value-study"] = "abc"

    assert_refused(editor_client.post(url, data), page)


def test_a_get_of_an_admin_view_is_not_answered_400(superuser_client, condition_page):
    page, *_ = condition_page

    assert superuser_client.get(edit_url(page)).status_code == 200


# --- The media and content blocks -------------------------------------------------------------


@pytest.fixture
def media_form(superuser_client, condition_page, make_image):
    """The condition page's form with a hero, an FAQ and a card grid, as the editor posts it."""
    page, _study, _testimonial, treatment = condition_page
    image = make_image()
    picture = {"image": image.pk, "alt_text": "A reclining chair by a window", "decorative": False}
    body = [
        {
            "type": "hero",
            "value": {"heading": "Care at every step", "standfirst": "", "buttons": [], "image": picture},
        },
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "items": [{"question": "Is it covered?", "answer": "<p>Often.</p>"}],
            },
        },
        {
            "type": "card_grid",
            "value": {
                "heading": "What to expect",
                "cards": [
                    {
                        "heading": "Consultation",
                        "text": "A free call.",
                        "image": None,
                        "page": treatment.pk,
                        "link_url": "",
                    }
                ],
            },
        },
    ]
    url = edit_url(page)
    return url, page, page_form_data(superuser_client, url, body, title=page.title)


def test_the_real_media_form_data_saves(superuser_client, media_form):
    url, page, data = media_form

    assert superuser_client.post(url, data).status_code == 302


@pytest.mark.parametrize("image_id", ["-1", "9" * 40])
def test_an_image_that_does_not_exist_is_not_kept(superuser_client, media_form, image_id):
    """The hero's image is optional: as Wagtail's choosers do, an id of no image saves the hero
    without one, and no id of a missing image stays in the page."""
    url, page, data = media_form
    data["body-0-value-image-image"] = image_id

    assert superuser_client.post(url, data).status_code == 302
    hero = Revision.page_revisions.filter(object_id=str(page.pk)).latest("pk").as_object().body[0]
    assert hero.block_type == "hero"
    assert hero.value["image"] is None
    assert hero.get_prep_value()["value"]["image"]["image"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body-0-value-image-image", "abc"),
        ("body-0-value-image-image", "\x00"),
        ("body-0-value-image-alt_text", "\x00"),
        ("body-0-value-buttons-count", "3"),
        ("body-1-value-items-count", "abc"),
        ("body-1-value-items-0-value-question", "\x00"),
        ("body-1-value-items-0-value-answer", "{not json"),
        ("body-2-value-cards-count", "7"),
        ("body-2-value-cards-0-value-page", "abc"),
        ("body-2-value-cards-0-value-image", "[1]"),
    ],
)
def test_a_forged_media_block_post_is_refused(superuser_client, media_form, field, value):
    url, page, data = media_form
    assert field in data or field.endswith("-count")
    data[field] = value

    assert_refused(superuser_client.post(url, data), page)


# --- Articles ---------------------------------------------------------------------------------


@pytest.fixture
def article_form(superuser_client, make_article):
    article = make_article(title="Ketamine and sleep", slug="ketamine-and-sleep")
    article.save_revision()
    url = edit_url(article)
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="page-edit-form")
    fields = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "date": "2026-03-09",
            "intro": "What the research says.",
            "body": streamfield([("text", rich_text("<p>Early trials.</p>"))]),
            "action-draft": "action-draft",
        }
    )
    for name, value in fields.items():
        data[name] = value
    return url, article, data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hero_image", "abc"),
        ("hero_image", "\x00"),
        ("author", "abc"),
        ("conditions", "abc"),
        ("date", "\x00"),
        ("body-0-value", "{not json"),
        ("body-0-value", "[" * DEEP + "]" * DEEP),
        ("body-count", "x"),
    ],
)
def test_a_forged_article_post_is_refused(superuser_client, article_form, field, value):
    url, article, data = article_form
    data[field] = value

    assert_refused(superuser_client.post(url, dict(data.lists())), article)


def test_the_real_article_form_data_saves(superuser_client, article_form):
    url, article, data = article_form

    assert superuser_client.post(url, dict(data.lists())).status_code == 302


# --- Snippets, the study library and settings -------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("condition", "abc"), ("consent_date", "\x00"), ("quote", "\x00"), ("consent_scope", "[]")],
)
def test_a_forged_testimonial_post_is_refused(superuser_client, make_testimonial, field, value):
    testimonial = make_testimonial()
    url = reverse("wagtailsnippets_stories_testimonial:edit", args=[testimonial.pk])
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="w-editor-form")
    data[field] = value

    response = superuser_client.post(url, dict(data.lists()))

    assert response.status_code in (200, 400)
    testimonial.refresh_from_db()
    assert "\x00" not in testimonial.quote


@pytest.mark.parametrize(("field", "value"), [("title", "\x00"), ("year", "abc"), ("year", "9" * 40)])
def test_a_forged_study_post_is_refused(superuser_client, make_study, field, value):
    study = make_study()
    url = reverse("evidence_study_modeladmin_edit", args=[study.pk])
    html = superuser_client.get(url).content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form[method=post]")
    data = querydict_from_html(str(form))
    data[field] = value

    response = superuser_client.post(url, dict(data.lists()))

    assert response.status_code in (200, 400)


SETTINGS_CORRUPTIONS = [
    ("header_links-count", "abc"),
    ("header_links-count", None),
    ("header_links-0-value-page", "abc"),
    ("disclaimer", "{not json"),
    ("disclaimer", "[" * DEEP + "]" * DEEP),
]


@pytest.mark.parametrize(("field", "value"), SETTINGS_CORRUPTIONS)
def test_a_forged_settings_post_is_refused(superuser_client, home_page, field, value):
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", home_page.get_site().pk])
    data = querydict_from_html(superuser_client.get(url).content.decode(), form_id="w-editor-form")
    links = nested_form_data(
        {"header_links": streamfield([("link", {"page": str(home_page.pk), "title": "Home", "url": ""})])}
    )
    for name, value_ in links.items():
        data[name] = value_
    if value is None:
        del data[field]
    else:
        data[field] = value

    response = superuser_client.post(url, dict(data.lists()))

    assert response.status_code in (200, 400)
    assert ClinicSettings.objects.filter(header_links__isnull=False).count() <= 1
