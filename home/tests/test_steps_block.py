"""The steps block ("How treatment works"): alone (to_python, clean, render, preview)."""

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from home.blocks import BaseStreamBlock
from home.content_blocks import StepsBlock

from .support import soup


def raw_steps(*steps, heading="How treatment works"):
    """`steps` are (title, text) pairs."""
    return {"heading": heading, "steps": [{"title": title, "text": text} for title, text in steps]}


def render(raw):
    block = StepsBlock()
    return soup(block.render(block.to_python(raw)))


def test_the_steps_are_an_ordered_list_in_their_order():
    html = render(
        raw_steps(("Call us", "A free consultation."), ("Assessment", ""), ("Treatment", "Six sessions."))
    )

    assert html.find("h2").get_text() == "How treatment works"
    steps = html.select("ol.steps__list > li.step")
    assert [step.find("h3").get_text() for step in steps] == ["Call us", "Assessment", "Treatment"]
    assert [getattr(step.find("p"), "text", None) for step in steps] == [
        "A free consultation.",
        None,
        "Six sessions.",
    ]


def test_without_a_heading_each_step_is_a_section():
    html = render(raw_steps(("Call us", ""), ("Treatment", ""), heading=""))
    assert [h2.get_text() for h2 in html.find_all("h2")] == ["Call us", "Treatment"]


@pytest.mark.parametrize(
    "raw",
    [{}, raw_steps(), raw_steps(("", "Text of a step not named yet."))],
    ids=["empty", "no steps", "untitled step"],
)
def test_a_drafts_values_render_as_nothing(raw):
    assert render(raw).get_text(strip=True) == ""


def test_an_untitled_step_is_left_out():
    html = render(raw_steps(("Call us", ""), ("", "Half written.")))
    assert [li.get_text(strip=True) for li in html.select("li.step")] == ["Call us"]


@pytest.mark.parametrize("count", [1, 7])
def test_two_to_six_steps(count):
    block = StepsBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw_steps(*[(f"Step {n}", "") for n in range(count)])))
    assert set(excinfo.value.block_errors) == {"steps"}
    assert isinstance(excinfo.value.block_errors["steps"], ListBlockValidationError)


def test_a_step_needs_a_title_on_its_field():
    block = StepsBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw_steps(("Call us", ""), ("", "No title."))))
    assert set(excinfo.value.block_errors["steps"].block_errors[1].block_errors) == {"title"}


def test_the_preview_is_three_steps_an_editor_could_save():
    block = StepsBlock()
    assert block.is_previewable
    preview = block.get_preview_value()
    assert len(soup(block.render(preview)).select("ol li")) == 3
    assert block.clean(preview)


def test_the_picker_offers_it_under_text_with_its_own_icon_and_open_items():
    stream = BaseStreamBlock()
    block = stream.child_blocks["steps"]
    assert block.meta.group == "Text" and block.label and block.get_description()
    other_icons = {child.meta.icon for name, child in stream.child_blocks.items() if name != "steps"}
    assert block.meta.icon not in other_icons | {"placeholder"}
    assert block.child_blocks["steps"].meta.collapsed is False
