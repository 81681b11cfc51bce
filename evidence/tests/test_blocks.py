"""The evidence blocks: stat callouts and the evidence table, tested without a page."""

from decimal import Decimal

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from evidence.blocks import EvidenceRowBlock, EvidenceTableBlock, StatBlock, StatsRowBlock, format_decimal
from evidence.models import LevelOfEvidence, MagnitudeOfEffect

from .support import raw_stat, raw_table, soup

pytestmark = pytest.mark.django_db


class TestFormatDecimal:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("65.80", "65.8"), ("100.00", "100"), ("100", "100"), ("0.50", "0.5"), ("1200", "1200")],
    )
    def test_trailing_zeros_dropped_without_exponent(self, value, expected):
        assert format_decimal(Decimal(value)) == expected


class TestStatBlockClean:
    def test_stat_with_citation_only_is_valid(self):
        block = StatBlock()
        value = block.clean(block.to_python(raw_stat()))
        assert value["figure"] == Decimal("65.8")

    def test_stat_with_study_only_is_valid(self, make_study):
        study = make_study()
        block = StatBlock()
        value = block.clean(block.to_python(raw_stat(study=study.pk, citation="")))
        assert value["study"] == study

    def test_stat_without_study_or_citation_is_an_error_on_study(self):
        block = StatBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_stat(study=None, citation="")))

        assert set(excinfo.value.block_errors) == {"study"}
        [message] = excinfo.value.block_errors["study"].messages
        assert message.startswith("Every figure needs a source")

    def test_deleted_study_and_no_citation_is_an_error_on_study(self, make_study):
        study = make_study()
        raw = raw_stat(study=study.pk, citation="")
        study.delete()
        block = StatBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))
        assert "study" in excinfo.value.block_errors


class TestStatFigure:
    """The figure is read as typed: nothing ambiguous is turned into another number."""

    def figure_errors(self, figure, unit="%"):
        block = StatBlock()
        data = {f"stat-{name}": value for name, value in raw_stat(figure=figure, unit=unit).items()}
        data["stat-study"] = ""
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.value_from_datadict(data, {}, "stat"))
        assert set(excinfo.value.block_errors) == {"figure"}
        return excinfo.value.block_errors["figure"].messages

    @pytest.mark.parametrize("figure", ["50,5", "1,000", "65,80"])
    def test_a_comma_is_refused_with_a_message_not_read_as_thousands(self, figure):
        [message] = self.figure_errors(figure, unit="")
        assert "comma" in message
        assert figure in message

    @pytest.mark.parametrize("figure", ["5e", "six", "50.5.1", "NaN", "Infinity", "+5", "5."])
    def test_anything_but_a_plain_number_is_refused_with_a_message(self, figure):
        assert self.figure_errors(figure, unit="") == ["Enter a number."]

    @pytest.mark.parametrize(("figure", "in_full"), [("1e3", "1000"), ("6.5E1", "65")])
    def test_an_exponent_is_refused_with_the_figure_in_full(self, figure, in_full):
        [message] = self.figure_errors(figure, unit="")
        assert message == f"Type the figure in full, with a point for decimals, e.g. {in_full}, not {figure}."

    @pytest.mark.parametrize("figure", ["505", "100.01", "-1"])
    def test_a_percentage_above_100_or_below_0_is_refused_on_the_figure(self, figure):
        [message] = self.figure_errors(figure, unit="%")
        assert (
            message
            == f"A percentage is between 0 and 100, and {figure}% is not: check the figure or its unit."
        )

    @pytest.mark.parametrize(("figure", "unit"), [("0", "%"), ("100", " % "), ("505", "mg"), ("505", "")])
    def test_a_percentage_from_0_to_100_or_another_unit_is_accepted(self, figure, unit):
        block = StatBlock()
        value = block.clean(block.to_python(raw_stat(figure=figure, unit=unit)))
        assert value["figure"] == Decimal(figure)

    @pytest.mark.parametrize(
        ("typed", "kept"), [("50.5", "50.5"), (" 65.80 ", "65.80"), ("-3", "-3"), (".5", "0.5")]
    )
    def test_a_plain_number_is_kept_as_typed(self, typed, kept):
        block = StatBlock()
        data = {f"stat-{name}": value for name, value in raw_stat(figure=typed, unit="").items()}
        data["stat-study"] = ""
        assert block.clean(block.value_from_datadict(data, {}, "stat"))["figure"] == Decimal(kept)

    def test_the_figure_box_is_a_text_box_the_browser_does_not_reinterpret(self):
        # A number box would send "50,5" as 505 (or blank) before the server could say anything.
        widget = StatBlock().child_blocks["figure"].field.widget
        html = soup(widget.render("figure", "50.5"))
        assert html.input["type"] == "text"
        assert html.input["inputmode"] == "decimal"
        assert html.input["value"] == "50.5"

    def test_both_errors_show_at_once(self):
        block = StatBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_stat(figure="505", unit="%", citation="")))
        assert set(excinfo.value.block_errors) == {"figure", "study"}


class TestStatsRowBlockClean:
    @pytest.mark.parametrize("count", [1, 4])
    def test_one_to_four_stats_are_allowed(self, count):
        block = StatsRowBlock()
        value = block.clean(block.to_python({"stats": [raw_stat() for _ in range(count)]}))
        assert len(value["stats"]) == count

    @pytest.mark.parametrize(("count", "message"), [(0, "minimum"), (5, "maximum")])
    def test_zero_or_five_stats_are_rejected(self, count, message):
        block = StatsRowBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"stats": [raw_stat() for _ in range(count)]}))

        list_error = excinfo.value.block_errors["stats"]
        assert isinstance(list_error, ListBlockValidationError)
        assert message in " ".join(list_error.non_block_errors)

    def test_error_in_one_stat_points_at_that_stat_and_field(self):
        block = StatsRowBlock()
        raw = {"stats": [raw_stat(), raw_stat(citation="")]}
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))

        list_error = excinfo.value.block_errors["stats"]
        assert set(list_error.block_errors) == {1}
        assert set(list_error.block_errors[1].block_errors) == {"study"}


class TestStatBlockRender:
    def render(self, **fields):
        block = StatBlock()
        return soup(block.render(block.to_python(raw_stat(**fields))))

    def test_figure_is_shown_visually_and_spoken_for_screen_readers(self):
        html = self.render(figure="65.80", unit="%")
        figure = html.select_one(".stat__figure")

        visual = figure.find("span", attrs={"aria-hidden": "true"})
        assert visual.get_text() == "65.8%"
        assert figure.select_one(".visually-hidden").get_text() == "65.8 percent"

    def test_round_figure_has_no_exponent(self):
        html = self.render(figure="100.00", unit="%")
        assert html.find("span", attrs={"aria-hidden": "true"}).get_text() == "100%"
        assert html.select_one(".visually-hidden").get_text() == "100 percent"
        assert "E+" not in str(html)

    @pytest.mark.parametrize(
        ("unit", "shown", "spoken"),
        [("", "12", "12"), ("x", "12x", "12 times"), ("mg", "12mg", "12 mg")],
    )
    def test_units_are_read_aloud(self, unit, shown, spoken):
        html = self.render(figure="12", unit=unit)
        assert html.find("span", attrs={"aria-hidden": "true"}).get_text() == shown
        assert html.select_one(".visually-hidden").get_text() == spoken

    def test_a_draft_without_a_figure_shows_its_caption_and_source_and_no_none(self):
        # "Save draft" stores a blank figure as None; so does a number box sent "5e".
        html = self.render(figure=None, unit="%")
        assert html.select_one(".stat__figure") is None
        assert html.select_one(".stat__caption").get_text() == "One-year alcohol abstinence."
        assert "None" not in html.get_text()

    def test_caption_is_in_the_figcaption(self):
        html = self.render(caption="Heroin abstinence at one year.")
        assert html.select_one("figure.stat figcaption .stat__caption").get_text() == (
            "Heroin abstinence at one year."
        )

    def test_study_source_links_to_its_doi(self, make_study):
        study = make_study(authors="Jones JL, Mateus CF", year=2018, doi="10.3389/fpsyt.2018.00277")
        html = self.render(study=study.pk, citation="")

        link = html.select_one("figcaption .stat__source a")
        assert link["href"] == "https://doi.org/10.3389/fpsyt.2018.00277"
        assert link.get_text() == "Jones et al., 2018"

    def test_study_wins_over_citation_text(self, make_study):
        study = make_study(authors="Jones JL", year=2018)
        html = self.render(study=study.pk, citation="Some other source")
        source = html.select_one(".stat__source").get_text(" ", strip=True)
        assert "Jones, 2018" in source
        assert "Some other source" not in source

    def test_citation_text_is_shown_without_a_link(self):
        html = self.render(study=None, citation="Krupitsky EM et al. 2007.")
        source = html.select_one("figcaption .stat__source")
        assert "Krupitsky EM et al. 2007." in source.get_text()
        assert source.find("a") is None

    def test_deleted_study_leaves_the_figure_marked_citation_pending(self, make_study):
        study = make_study()
        block = StatBlock()
        raw = raw_stat(study=study.pk, citation="")
        study.delete()
        value = block.to_python(raw)

        source = soup(block.render(value)).select_one(".stat__source")

        assert " ".join(source.get_text().split()) == "Source: Citation pending"

    def test_study_with_citation_pending_is_not_linked(self, make_study):
        study = make_study(doi="", pmid="", url="", journal="")
        html = self.render(study=study.pk, citation="")
        source = html.select_one(".stat__source")
        assert "Citation pending" in source.get_text()
        assert source.find("a") is None

    def test_caption_is_escaped(self):
        html = self.render(caption="<script>alert(1)</script>")
        assert html.find("script") is None


class TestStatsRowBlockRender:
    def test_renders_each_stat_in_a_row_sized_by_count(self):
        block = StatsRowBlock()
        value = block.to_python({"stats": [raw_stat(figure="65.8"), raw_stat(figure="50", unit="%")]})
        html = soup(block.render(value))

        row = html.select_one("div.stats")
        assert "stats--2" in row["class"]
        assert [span.get_text() for span in row.select("span[aria-hidden=true]")] == ["65.8%", "50%"]

    def test_studies_load_in_one_query_whatever_the_number_of_stats(
        self, make_study, django_assert_num_queries
    ):
        studies = [make_study() for _ in range(4)]
        block = StatsRowBlock()

        with django_assert_num_queries(1):
            value = block.to_python({"stats": [raw_stat(study=studies[0].pk)]})
            block.render(value)
        with django_assert_num_queries(1):
            value = block.to_python({"stats": [raw_stat(study=study.pk) for study in studies]})
            block.render(value)


class TestEvidenceRowBlock:
    def test_row_without_study_is_an_error_on_study(self):
        block = EvidenceRowBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"study": None, "summary": "A summary with no study."}))

        assert set(excinfo.value.block_errors) == {"study"}
        assert excinfo.value.block_errors["study"].messages == ["Choose the study this row presents."]

    def test_row_with_study_is_valid(self, make_study):
        study = make_study()
        block = EvidenceRowBlock()
        assert block.clean(block.to_python({"study": study.pk, "summary": ""}))["study"] == study

    def test_table_requires_at_least_one_row(self):
        block = EvidenceTableBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"caption": "Research", "rows": []}))
        assert set(excinfo.value.block_errors) == {"rows"}

    def test_row_error_inside_a_table_points_at_that_row(self, make_study):
        block = EvidenceTableBlock()
        raw = raw_table([make_study(), None])
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))

        rows_error = excinfo.value.block_errors["rows"]
        assert set(rows_error.block_errors) == {1}
        assert set(rows_error.block_errors[1].block_errors) == {"study"}


class TestEvidenceTableBlockRender:
    def render(self, raw, context=None):
        block = EvidenceTableBlock()
        return soup(block.render(block.to_python(raw), context))

    def test_renders_a_captioned_table_with_column_headers(self, make_study):
        html = self.render(raw_table([make_study()], caption="Substance Use Disorder research"))

        table = html.find("table")
        assert table.caption.get_text(strip=True) == "Substance Use Disorder research"
        headers = table.thead.find_all("th")
        assert [th.get_text(strip=True) for th in headers] == [
            "Effect",
            "Study",
            "Level of evidence",
            "Magnitude of effect",
            "Summary",
        ]
        assert all(th["scope"] == "col" for th in headers)
        assert html.select_one("details.evidence-legend")  # how to read the levels and magnitudes

    def test_scrollable_region_is_named_by_the_caption(self, make_study):
        html = self.render(raw_table([make_study()]), {"block_id": "abc123"})
        region = html.select_one("div.evidence-table")
        assert region["aria-labelledby"] == "evidence-abc123"
        assert html.find(id="evidence-abc123").name == "caption"

    def test_one_row_per_study_with_words_not_codes(self, make_study):
        first = make_study(
            effect="Alcohol withdrawal",
            authors="Jones JL, Mateus CF",
            year=2018,
            doi="10.3389/fpsyt.2018.00277",
            level_of_evidence=LevelOfEvidence.SYSTEMATIC_REVIEW,
            magnitude_of_effect=MagnitudeOfEffect.LARGE,
            summary="Ketamine reduced withdrawal.",
        )
        second = make_study(
            effect="Heroin use",
            authors="Krupitsky EM",
            year=2002,
            doi="",
            pmid="12504563",
            level_of_evidence=LevelOfEvidence.RCT,
            magnitude_of_effect=MagnitudeOfEffect.UNCLEAR,
        )
        html = self.render(raw_table([first, second]))

        rows = html.tbody.find_all("tr")
        assert len(rows) == 2
        row_header = rows[0].find("th")
        assert row_header["scope"] == "row"
        assert row_header.get_text(strip=True) == "Alcohol withdrawal"
        cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
        assert cells == [
            "Jones et al., 2018",
            "Systematic review or meta-analysis",
            "Large",
            "Ketamine reduced withdrawal.",
        ]
        assert rows[0].td.a["href"] == "https://doi.org/10.3389/fpsyt.2018.00277"

        assert rows[1].th.get_text(strip=True) == "Heroin use"
        assert rows[1].td.a["href"] == "https://pubmed.ncbi.nlm.nih.gov/12504563/"
        assert [td.get_text(strip=True) for td in rows[1].find_all("td")][1:3] == [
            "Randomised controlled trial",
            "None or unclear",
        ]

    def test_row_summary_overrides_the_study_summary(self, make_study):
        study = make_study(summary="The library's summary.")
        html = self.render(raw_table([study], summary="This page's summary."))
        last_cell = html.tbody.find_all("td")[-1].get_text(strip=True)
        assert last_cell == "This page's summary."

    def test_row_without_override_shows_the_study_summary(self, make_study):
        study = make_study(summary="The library's summary.")
        html = self.render(raw_table([study]))
        assert html.tbody.find_all("td")[-1].get_text(strip=True) == "The library's summary."

    def test_untraced_study_shows_citation_pending(self, make_study):
        study = make_study(title="An unpublished trial", doi="", pmid="", url="", journal="")
        html = self.render(raw_table([study]))

        study_cell = html.tbody.find("td")
        assert "citation pending" in study_cell.get_text()
        assert "An unpublished trial" in study_cell.get_text()
        assert study_cell.find("a") is None

    def test_study_with_only_a_journal_is_cited_without_a_link(self, make_study):
        study = make_study(authors="Roe R", year=2001, doi="", pmid="", url="", journal="Lancet")
        html = self.render(raw_table([study]))
        study_cell = html.tbody.find("td")
        assert study_cell.get_text(strip=True) == "Roe, 2001"
        assert study_cell.find("a") is None

    def test_row_whose_study_was_deleted_is_skipped(self, make_study):
        kept = make_study(effect="Kept effect")
        deleted = make_study(effect="Deleted effect")
        raw = raw_table([kept, deleted])
        deleted.delete()

        html = self.render(raw)

        assert [th.get_text(strip=True) for th in html.tbody.find_all("th")] == ["Kept effect"]

    def test_studies_load_in_one_query_whatever_the_number_of_rows(
        self, make_study, django_assert_num_queries
    ):
        studies = [make_study() for _ in range(30)]
        block = EvidenceTableBlock()

        with django_assert_num_queries(1):
            html = soup(block.render(block.to_python(raw_table(studies[:1]))))
        assert len(html.tbody.find_all("tr")) == 1

        with django_assert_num_queries(1):
            html = soup(block.render(block.to_python(raw_table(studies))))
        assert len(html.tbody.find_all("tr")) == 30


class TestEvidenceTablePreview:
    def test_preview_lists_studies_from_the_library(self, make_study):
        make_study(effect="Preview effect")
        block = EvidenceTableBlock()
        assert block.is_previewable
        html = soup(block.render(block.get_preview_value()))
        assert [th.get_text(strip=True) for th in html.tbody.find_all("th")] == ["Preview effect"]
