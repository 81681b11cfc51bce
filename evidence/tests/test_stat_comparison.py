"""A stat with the comparison its study gives: "65.8% vs 24% with conventional treatment", said to a
screen reader as one sentence, validated as the figure is; tested without a page."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from evidence.blocks import StatBlock, StatsRowBlock

from .support import raw_stat, soup

pytestmark = pytest.mark.django_db

CONVENTIONAL = {"figure": "24", "unit": "%", "group": "with conventional treatment"}


def render(**fields):
    block = StatBlock()
    return soup(block.render(block.to_python(raw_stat(**fields))))


def comparison_errors(**comparison):
    """The errors on the comparison's fields, by field."""
    block = StatBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw_stat(comparison=comparison)))
    assert set(excinfo.value.block_errors) == {"comparison"}
    nested = excinfo.value.block_errors["comparison"]
    return {name: error.messages for name, error in nested.block_errors.items()}


class TestShown:
    def test_the_comparison_is_shown_beside_the_figure(self):
        figure = render(comparison=CONVENTIONAL).select_one(".stat__figure")

        shown = [span.get_text() for span in figure.select('[aria-hidden="true"]')]
        assert shown == ["65.8%", "vs 24% with conventional treatment"]

    def test_a_screen_reader_hears_the_figure_against_its_comparison(self):
        figure = render(comparison=CONVENTIONAL).select_one(".stat__figure")

        # What is not hidden from the accessibility tree is the one sentence.
        heard = [
            span.get_text()
            for span in figure.find_all("span", recursive=False)
            if span.get("aria-hidden") != "true"
        ]
        assert heard == ["65.8 percent, against 24 percent with conventional treatment"]
        assert "visually-hidden" in figure.select_one("span:not([aria-hidden])")["class"]

    def test_a_blank_comparison_unit_is_the_figures(self):
        html = render(comparison={"figure": "22.2", "unit": "", "group": "after one session"})

        assert html.select_one(".stat__comparison").get_text() == "vs 22.2% after one session"
        assert html.select_one(".visually-hidden").get_text() == (
            "65.8 percent, against 22.2 percent after one session"
        )

    def test_a_comparison_in_another_unit_is_read_in_it(self):
        html = render(figure="3", unit="x", comparison={"figure": "1", "unit": "", "group": "with placebo"})

        assert html.select_one(".stat__comparison").get_text() == "vs 1x with placebo"
        assert html.select_one(".visually-hidden").get_text() == "3 times, against 1 times with placebo"

    def test_a_stat_without_a_comparison_renders_as_before(self):
        figure = render().select_one(".stat__figure")

        assert figure.select_one(".stat__comparison") is None
        assert figure.select_one(".visually-hidden").get_text() == "65.8 percent"

    @pytest.mark.parametrize(
        "comparison",
        [
            {"figure": "24", "unit": "%", "group": ""},
            {"figure": None, "unit": "%", "group": "with conventional treatment"},
            {},
            None,
        ],
        ids=["no group", "no figure", "empty", "not stored"],
    )
    def test_a_drafts_half_comparison_shows_no_comparison(self, comparison):
        fields = {} if comparison is None else {"comparison": comparison}
        html = render(**fields)

        assert html.select_one(".stat__comparison") is None
        assert html.select_one(".visually-hidden").get_text() == "65.8 percent"

    def test_a_draft_without_its_figure_shows_no_comparison(self):
        html = render(figure=None, comparison=CONVENTIONAL)

        assert html.select_one(".stat__figure") is None
        assert "conventional" not in str(html)


class TestValidation:
    def test_a_full_comparison_is_valid(self):
        block = StatBlock()
        value = block.clean(block.to_python(raw_stat(comparison=CONVENTIONAL)))

        assert value["comparison"]["figure"] == Decimal("24")

    def test_no_comparison_is_valid(self):
        block = StatBlock()
        block.clean(block.to_python(raw_stat()))

    def test_a_figure_without_its_group_is_refused_on_the_group(self):
        errors = comparison_errors(figure="24", unit="%", group="  ")

        assert set(errors) == {"group"}
        assert errors["group"][0].startswith("Say who the figure 24 is about")

    def test_a_group_without_its_figure_is_refused_on_the_figure(self):
        errors = comparison_errors(figure="", unit="%", group="with conventional treatment")

        assert set(errors) == {"figure"}

    @pytest.mark.parametrize(("figure", "unit"), [("124", "%"), ("-1", "%"), ("101", "")])
    def test_a_percentage_outside_0_to_100_is_refused_on_the_comparisons_figure(self, figure, unit):
        # A blank unit is the stat's own: a percentage.
        errors = comparison_errors(figure=figure, unit=unit, group="with conventional treatment")

        assert set(errors) == {"figure"}
        assert errors["figure"][0].startswith("A percentage is between 0 and 100")

    def test_a_comparison_in_another_unit_may_exceed_100(self):
        block = StatBlock()
        block.clean(block.to_python(raw_stat(comparison={"figure": "150", "unit": "mg", "group": "before"})))

    @pytest.mark.parametrize("typed", ["24,5", "2e1", "twenty"])
    def test_the_comparisons_figure_is_read_as_typed(self, typed):
        field = StatBlock().child_blocks["comparison"].child_blocks["figure"].field
        with pytest.raises(ValidationError):
            field.clean(typed)


class TestPreview:
    def test_the_stat_preview_shows_a_comparison(self):
        block = StatBlock()
        html = soup(block.render(block.get_preview_value()))

        assert html.select_one(".stat__comparison").get_text() == "vs 24% with conventional treatment"

    def test_the_row_preview_shows_both_seed_comparisons(self):
        block = StatsRowBlock()
        html = soup(block.render(block.get_preview_value()))

        assert [span.get_text() for span in html.select(".stat__comparison")] == [
            "vs 24% with conventional treatment",
            "vs 22.2% after one session",
        ]
        block.clean(block.get_preview_value())
