"""The people blocks every page may use: the team and its medical review, and a testimonial; alone
(to_python, clean, render, preview), on a page (the query count does not grow with the people),
and through the page editor."""

import itertools

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import rich_text

import pytest

from home.blocks import BaseStreamBlock
from home.people_blocks import TeamBlock, TestimonialBlock

from .factories import StandardPageFactory
from .support import body_errors, edit_page, queries_to_serve, soup

pytestmark = pytest.mark.django_db

Image = get_image_model()
# The records and the condition page sit above home: named, never imported (as the blocks name them).
Person = apps.get_model("stories", "Person")
numbers = itertools.count(1)


def make_person(name=None, credentials="MD", **fields):
    """A person in People (stories.Person)."""
    return Person.objects.create(name=name or f"Person {next(numbers)}", credentials=credentials, **fields)


def condition_stream_block():
    return apps.get_model("conditions", "ConditionPage")._meta.get_field("body").stream_block


@pytest.fixture
def make_photo(make_image):
    def make(title="Portrait"):
        return make_image(title=title, size=(640, 640))

    return make


def raw_team(*people, heading="Our clinicians", statement="<p>Each page is reviewed by a clinician.</p>"):
    return {"heading": heading, "statement": statement, "people": [getattr(p, "pk", p) for p in people]}


def render(block, raw):
    return soup(block.render(block.to_python(raw)))


# The team


def test_the_team_shows_each_persons_photo_name_credentials_and_role(make_photo):
    lee = make_person(name="Dana Lee", credentials="MD", role="Medical director", photo=make_photo())
    ray = make_person(name="Sam Ray", credentials="PMHNP-BC", role="")

    html = render(TeamBlock(), raw_team(ray, lee))

    assert html.find("h2").get_text() == "Our clinicians"
    assert html.select_one(".team__statement").get_text() == "Each page is reviewed by a clinician."
    names = [name.get_text() for name in html.select("li.person h3")]
    assert names == ["Sam Ray, PMHNP-BC", "Dana Lee, MD"]  # in the order chosen
    people = html.select("li.person")
    assert people[0].find("picture") is None and people[0].select_one(".person__role") is None
    img = people[1].select_one("picture img")
    assert img["alt"] == "" and img["loading"] == "lazy" and img["width"] and img["height"]
    assert "320w" in people[1].select_one("picture source[type='image/avif']")["srcset"]
    assert people[1].select_one(".person__role").get_text() == "Medical director"


def test_without_a_heading_each_person_is_a_section():
    html = render(TeamBlock(), raw_team(make_person(name="Dana Lee"), heading=""))
    assert html.find("h2").get_text() == "Dana Lee, MD"
    assert html.find("h3") is None


@pytest.mark.parametrize(
    "raw",
    [{}, raw_team(), raw_team(None), raw_team(999_999), raw_team(statement="")],
    ids=["empty", "no people", "blank choice", "deleted person", "no statement"],
)
def test_a_drafts_values_render_as_nothing(raw):
    assert render(TeamBlock(), raw).get_text(strip=True) == ""


def test_a_deleted_person_leaves_the_others():
    kept, gone = make_person(name="Dana Lee"), make_person(name="Sam Ray")
    raw = raw_team(kept, gone)
    gone.delete()
    assert [name.get_text() for name in render(TeamBlock(), raw).select("li.person h3")] == ["Dana Lee, MD"]


@pytest.mark.parametrize("count", [0, 7])
def test_one_to_six_people(count):
    block = TeamBlock()
    people = [make_person() for _ in range(count)]
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw_team(*people)))
    assert set(excinfo.value.block_errors) == {"people"}
    assert isinstance(excinfo.value.block_errors["people"], ListBlockValidationError)


def test_the_preview_shows_people_from_the_library():
    block = TeamBlock()
    assert block.is_previewable
    assert block.render(block.get_preview_value()).strip() == ""

    make_person(name="Dana Lee", credentials="MD")
    preview = block.get_preview_value()
    assert "Dana Lee, MD" in soup(block.render(preview)).get_text()
    assert block.clean(preview)  # a value an editor could save


# A testimonial, on any page


def test_every_page_type_offers_the_people_blocks_under_people():
    for stream in (BaseStreamBlock(), condition_stream_block()):
        for name in ("testimonial", "team"):
            assert stream.child_blocks[name].meta.group == "People"
    # The condition page's testimonial is the shared one: its stored data loads as before.
    assert isinstance(condition_stream_block().child_blocks["testimonial"], TestimonialBlock)
    icons = [child.meta.icon for child in BaseStreamBlock().child_blocks.values()]
    assert icons.count("group") == icons.count("openquote") == 1


def test_a_plain_page_shows_a_testimonial(client, home_page, make_testimonial):
    testimonial = make_testimonial(quote="I got my evenings back.", attribution="Sam K")
    page = StandardPageFactory(
        parent=home_page, body=[{"type": "testimonial", "value": {"testimonial": testimonial.pk}}]
    )

    html = soup(client.get(page.url).content.decode())

    assert html.select_one("main .testimonial__quote").get_text(strip=True) == "I got my evenings back."


def test_the_testimonial_chooser_lists_only_testimonials_that_may_be_shown(editor_client, make_testimonial):
    make_testimonial(attribution="Alex A")
    make_testimonial(attribution="Bea B", live=False)
    make_testimonial(attribution="Cal C", consent=False)
    chooser = TestimonialBlock().child_blocks["testimonial"].widget

    response = editor_client.get(chooser.get_chooser_modal_url())

    html = response.json()["html"]
    assert "Alex A" in html
    assert "Bea B" not in html and "Cal C" not in html


def test_the_testimonial_says_why_it_may_not_be_shown(make_testimonial):
    assert make_testimonial().reason_not_shown() == ""
    assert "not published" in make_testimonial(live=False).reason_not_shown()
    assert "no recorded patient consent" in make_testimonial(consent=False).reason_not_shown()


# On a page


def test_a_pages_query_count_does_not_grow_with_its_people(
    client, home_page, make_photo, django_assert_num_queries
):
    people = [make_person(name=f"Clinician {n}", photo=make_photo(f"Portrait {n}")) for n in range(6)]
    one = StandardPageFactory(parent=home_page, body=[{"type": "team", "value": raw_team(people[0])}])
    six = StandardPageFactory(
        parent=home_page,
        body=[
            {"type": "team", "value": raw_team(*people[:3])},
            {"type": "team", "value": raw_team(*people[3:])},
        ],
    )
    client.get(one.url), client.get(six.url)  # the first visits make the renditions

    response, count = queries_to_serve(client, one)
    assert len(soup(response.content.decode()).select("main li.person picture")) == 1
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(six.url)
    assert len(soup(response.content.decode()).select("main li.person picture")) == 6


# Through the page editor


def team_form(*people, statement="<p>Reviewed by clinicians.</p>"):
    items = {
        str(i): {"value": str(person.pk), "deleted": "", "order": str(i), "id": ""}
        for i, person in enumerate(people)
    }
    return {
        "heading": "Our clinicians",
        # An empty Draftail editor posts null.
        "statement": rich_text(statement, features=["bold", "italic", "link"]) if statement else "null",
        "people": {**items, "count": str(len(people))},
    }


def test_an_editor_publishes_the_team_on_a_page(superuser_client, client, home_page):
    page = StandardPageFactory(parent=home_page, title="About us")
    lee = make_person(name="Dana Lee", credentials="MD")

    response = edit_page(superuser_client, page, ("team", team_form(lee)))

    assert response.status_code == 302
    html = soup(client.get(page.url).content.decode())
    assert html.select_one("main li.person h3").get_text() == "Dana Lee, MD"


def test_the_editor_sees_a_team_without_people_on_its_field(superuser_client, home_page):
    page = StandardPageFactory(parent=home_page, title="About us")

    response = edit_page(superuser_client, page, ("team", team_form(statement="")))

    assert response.status_code == 200  # the form again, with its errors
    assert set(body_errors(response)["blockErrors"]["0"]["blockErrors"]) == {"people"}


def test_the_editor_sees_a_testimonial_without_consent_on_its_field(
    superuser_client, home_page, make_testimonial
):
    page = StandardPageFactory(parent=home_page, title="Stories")
    testimonial = make_testimonial(consent=False)

    response = edit_page(superuser_client, page, ("testimonial", {"testimonial": str(testimonial.pk)}))

    assert response.status_code == 200
    errors = body_errors(response)["blockErrors"]["0"]["blockErrors"]
    assert set(errors) == {"testimonial"}
    assert "no recorded patient consent" in errors["testimonial"]["messages"][0]


@pytest.mark.parametrize(
    ("name", "expected"), [("team", "Dana Lee, MD"), ("testimonial", "Shown in the picker.")]
)
def test_the_block_pickers_preview_shows_the_library(superuser_client, make_testimonial, name, expected):
    make_person(name="Dana Lee", credentials="MD")
    make_testimonial(quote="Shown in the picker.")
    block = BaseStreamBlock().child_blocks[name]

    response = superuser_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    assert expected in soup(response.content.decode()).get_text()
