"""Blocks that present evidence: stat callouts and the evidence table.

Both cite studies chosen from the library (evidence.Study); nothing about a
study is retyped into a page.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .choosers import study_chooser_viewset
from .models import Study


class StudyChooserBlock(study_chooser_viewset.get_block_class()):
    """Chooses a study; the page's search index holds the study's words, not just its id."""

    def get_searchable_content(self, value):
        return [value.title, value.effect, value.summary] if value else []


# How a unit is read aloud; a figure such as "65.8%" is announced as
# "65.8 percent" whatever the screen reader's punctuation setting.
SPOKEN_UNITS = {"%": "percent", "x": "times", "×": "times"}


def format_decimal(value: Decimal | None) -> str:
    """65.80 -> '65.8', 100.00 -> '100' (never '1E+2'); no figure (a draft's blank) -> ''."""
    return "" if value is None else f"{value.normalize():f}"


PLAIN_NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)")
PERCENT_UNITS = {"%", "percent", "per cent"}


class FigureField(forms.DecimalField):
    """A figure typed as a plain number, read as typed.

    A text box, not a number box: a browser's number box turns "50,5" into 505,
    or "5e" into a blank, before the server sees it. Here a comma, an exponent or
    a stray letter is refused with a message instead of being read as some number.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            typed = value.strip()
            if "," in typed:
                raise ValidationError(
                    f"Type the figure without a comma: {typed} could mean {typed.replace(',', '.')} "
                    f"or {typed.replace(',', '')}. Use a point for decimals, e.g. 65.8.",
                    code="comma",
                )
            if not PLAIN_NUMBER.fullmatch(typed) and re.fullmatch(r"[-+]?[\d.]+[eE][-+]?\d+", typed):
                raise ValidationError(
                    f"Type the figure in full, with a point for decimals, e.g. {Decimal(typed):f}, not {typed}.",
                    code="exponent",
                )
            if not PLAIN_NUMBER.fullmatch(typed):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class FigureBlock(blocks.DecimalBlock):
    """The number of a stat; a draft may hold none."""

    def __init__(self, *, max_digits, decimal_places, help_text=None, **kwargs):
        super().__init__(help_text=help_text, **kwargs)
        self.field = FigureField(
            required=self.field.required,
            help_text=help_text,
            max_digits=max_digits,
            decimal_places=decimal_places,
        )

    def to_python(self, value):
        try:
            return None if value in (None, "") else Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            return None


def percent_error(figure, unit):
    """What is wrong with a figure given as a percentage outside 0 to 100; "" if nothing."""
    if figure is not None and (unit or "").strip().lower() in PERCENT_UNITS and not 0 <= figure <= 100:
        return (
            f"A percentage is between 0 and 100, and {format_decimal(figure)}% is not: "
            "check the figure or its unit."
        )
    return ""


class ComparisonBlock(blocks.StructBlock):
    """The figure the study compares the stat with, and the group it belongs to: "24%" "with
    conventional treatment"."""

    figure = FigureBlock(
        max_digits=9,
        decimal_places=2,
        required=False,
        label="Comparison figure",
        help_text="The comparison's number, e.g. 24 (optional).",
    )
    unit = blocks.CharBlock(
        required=False,
        max_length=12,
        label="Comparison unit",
        help_text="Leave empty for the same unit as the stat's figure.",
    )
    group = blocks.CharBlock(
        required=False,
        max_length=120,
        label="Compared group",
        help_text="Who the comparison figure is about, e.g. 'with conventional treatment'.",
    )

    class Meta:
        icon = "order"
        label = "Compared with"

    def clean(self, value):
        value = super().clean(value)
        figure = value.get("figure")
        group = (value.get("group") or "").strip()
        errors = {}
        if figure is not None and not group:
            errors["group"] = ValidationError(
                f"Say who the figure {format_decimal(figure)} is about, e.g. 'with conventional treatment'; "
                "a comparison without its group means nothing to a reader."
            )
        if figure is None and (group or (value.get("unit") or "").strip()):
            errors["figure"] = ValidationError(
                "Give the comparison's figure, or clear its unit and group to show the stat alone."
            )
        if errors:
            raise StructBlockValidationError(errors)
        return value


ALCOHOL_STAT_PREVIEW = {
    "figure": Decimal("65.8"),
    "unit": "%",
    "comparison": {"figure": Decimal("24"), "unit": "%", "group": "with conventional treatment"},
    "caption": "One-year alcohol abstinence rates following ketamine psychedelic therapy.",
    "study": None,
    "citation": "Krupitsky EM, Grinenko AY. J Psychoactive Drugs. 1997;29(2):165-183.",
}


def spoken(figure, unit):
    """A figure as a screen reader should say it: "65.8 percent"; "" without a figure."""
    figure = format_decimal(figure)
    if not figure:
        return ""
    unit = (unit or "").strip()
    return " ".join(part for part in [figure, SPOKEN_UNITS.get(unit.lower(), unit)] if part)


class StatValue(blocks.StructValue):
    @cached_property
    def formatted_figure(self):
        """The figure and its unit, "65.8%"; nothing while a draft has no figure."""
        figure = format_decimal(self.get("figure"))
        return f"{figure}{self.get('unit') or ''}" if figure else ""

    @cached_property
    def comparison_unit(self):
        """The comparison's unit: its own, or the figure's when it has none."""
        comparison = self.get("comparison") or {}
        return (comparison.get("unit") or "").strip() or (self.get("unit") or "")

    @cached_property
    def formatted_comparison(self):
        """ "vs 24% with conventional treatment", shown beside the figure; nothing without both a
        figure and its comparison (a draft may hold either alone)."""
        comparison = self.get("comparison") or {}
        figure = format_decimal(comparison.get("figure"))
        group = (comparison.get("group") or "").strip()
        if not (self.formatted_figure and figure and group):
            return ""
        return f"vs {figure}{self.comparison_unit} {group}"

    @cached_property
    def spoken_figure(self):
        """The figure, and its comparison, as a screen reader should say them: "65.8 percent,
        against 24 percent with conventional treatment"."""
        figure = spoken(self.get("figure"), self.get("unit"))
        if not (figure and self.formatted_comparison):
            return figure
        comparison = self.get("comparison")
        return (
            f"{figure}, against {spoken(comparison.get('figure'), self.comparison_unit)} "
            f"{comparison['group'].strip()}"
        )

    @cached_property
    def source_label(self):
        study = self.get("study")
        # A study deleted from the library leaves the figure unsourced: say so.
        return study.short_citation if study else (self.get("citation") or "Citation pending")

    @cached_property
    def source_url(self):
        study = self.get("study")
        return study.link if study else ""


class StatBlock(blocks.StructBlock):
    """One figure with its caption and the source it comes from."""

    figure = FigureBlock(
        max_digits=9,
        decimal_places=2,
        help_text="The number only, with a point for decimals, e.g. 65.8; a percentage is 0 to 100.",
    )
    unit = blocks.CharBlock(
        required=False, max_length=12, help_text="Shown after the number, e.g. % (optional)."
    )
    comparison = ComparisonBlock(
        help_text="The figure the study compares it with, shown beside it: 'vs 24% with conventional "
        "treatment'. Give it whenever the study does.",
    )
    caption = blocks.CharBlock(max_length=220, help_text="What the figure measures.")
    study = StudyChooserBlock(
        required=False, label="Source study", help_text="The study in the library this figure comes from."
    )
    citation = blocks.CharBlock(
        required=False,
        max_length=300,
        label="Or citation",
        help_text="Only for a source that is not a study in the library.",
    )

    class Meta:
        icon = "snippet"
        template = "blocks/stat_block.html"
        label = "Stat"
        label_format = "{figure}{unit} {caption}"
        value_class = StatValue
        preview_value = ALCOHOL_STAT_PREVIEW

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        error = percent_error(value.get("figure"), value.get("unit"))
        if error:
            errors["figure"] = ValidationError(error)
        comparison = value.get("comparison")
        error = percent_error(comparison.get("figure"), value.comparison_unit) if comparison else ""
        if error:
            errors["comparison"] = StructBlockValidationError({"figure": ValidationError(error)})
        if not value.get("study") and not value.get("citation"):
            errors["study"] = ValidationError(
                "Every figure needs a source: choose a study, or enter a citation."
            )
        if errors:
            raise StructBlockValidationError(errors)
        return value


def cited_studies(stream):
    """Every study a stream cites, in order of first citation, each once.

    Blocks that cite studies say which through a `cited_studies(value)` method;
    the studies are already loaded (in bulk) with the stream, so this runs no query.
    """
    studies = {}
    for block in stream:
        for study in getattr(block.block, "cited_studies", lambda value: [])(block.value):
            if study is not None:
                studies.setdefault(study.pk, study)
    return list(studies.values())


class StatsRowBlock(blocks.StructBlock):
    """A row of one to four figures, each with its source."""

    stats = blocks.ListBlock(StatBlock(), min_num=1, max_num=4)

    class Meta:
        icon = "decimal"
        template = "blocks/stats_row_block.html"
        label = "Stat callouts"
        description = "One to four key figures, each with a caption and the study it comes from."
        preview_value = {
            "stats": [
                ALCOHOL_STAT_PREVIEW,
                {
                    "figure": Decimal("50"),
                    "unit": "%",
                    "comparison": {"figure": Decimal("22.2"), "unit": "%", "group": "after one session"},
                    "caption": "One-year heroin abstinence rates following three ketamine + therapy sessions.",
                    "study": None,
                    "citation": "Krupitsky EM et al. J Psychoactive Drugs. 2007;39(1):13-19.",
                },
            ]
        }

    def cited_studies(self, value):
        return [stat["study"] for stat in value["stats"]]

    def content_warnings(self, value):
        """For the page's content checks: a figure whose source study was deleted."""
        return [
            f"The figure {stat.formatted_figure or stat['caption']} has lost its source: its study was deleted "
            "from the library."
            for stat in value["stats"]
            if stat["study"] is None and not stat["citation"]
        ]


class EvidenceRowValue(blocks.StructValue):
    @cached_property
    def row_summary(self):
        study = self.get("study")
        return self.get("summary") or (study.summary if study else "")


class EvidenceRowBlock(blocks.StructBlock):
    """One row of the evidence table: a study from the library."""

    study = StudyChooserBlock(required=False)
    summary = blocks.TextBlock(
        required=False,
        help_text="Optional: replaces the study's own summary on this page only.",
    )

    class Meta:
        icon = "doc-full"
        label = "Study"
        value_class = EvidenceRowValue

    def clean(self, value):
        value = super().clean(value)
        if not value.get("study"):
            raise StructBlockValidationError(
                {"study": ValidationError("Choose the study this row presents.")}
            )
        return value


class EvidenceTableValue(blocks.StructValue):
    @cached_property
    def shown_rows(self):
        """The rows with a study: a row whose study was deleted (or not chosen yet, in a draft) has none."""
        return [row for row in self.get("rows") or [] if row.get("study")]


class EvidenceTableBlock(blocks.StructBlock):
    """The research behind a page, as a table: effect, study, level, magnitude, summary."""

    caption = blocks.CharBlock(
        max_length=120, help_text="The table's title, e.g. 'Substance Use Disorder research'."
    )
    rows = blocks.ListBlock(EvidenceRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        template = "blocks/evidence_table_block.html"
        label = "Evidence table"
        label_format = "{caption}"
        value_class = EvidenceTableValue
        description = (
            "A table of studies from the evidence library with their level of evidence "
            "and magnitude of effect."
        )

    def cited_studies(self, value):
        return [row["study"] for row in value["rows"]]

    def get_preview_value(self):
        # Two rows show what the table is, and fit the block picker's preview.
        studies = Study.objects.all()[:2]
        return self.to_python(
            {"caption": "Research", "rows": [{"study": study.pk, "summary": ""} for study in studies]}
        )
