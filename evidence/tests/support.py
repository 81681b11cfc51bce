"""Helpers the evidence tests share: the evidence blocks' raw values, as StreamField stores them,
and reading a rendered block or admin page."""

from bs4 import BeautifulSoup


def soup(html):
    return BeautifulSoup(str(html), "html.parser")


def page_text(response):
    """A response's visible text, whitespace collapsed."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def raw_stat(**fields):
    """A stat as StreamField stores it (decimals are serialised as strings), sourced by a citation."""
    return {
        "figure": "65.8",
        "unit": "%",
        "caption": "One-year alcohol abstinence.",
        "study": None,
        "citation": "Krupitsky EM, Grinenko AY. J Psychoactive Drugs. 1997.",
        **fields,
    }


def raw_table(studies, caption="Substance Use Disorder research", **row_fields):
    """An evidence table's raw value, one row per study (a study or its id; None for an empty row)."""
    return {
        "caption": caption,
        "rows": [{"study": getattr(study, "pk", study), "summary": "", **row_fields} for study in studies],
    }


def evidence_table(*studies):
    """An evidence table as an item of a page's raw stream."""
    return {"type": "evidence_table", "value": raw_table(studies, caption="Research")}
