import re

from django import forms
from django.db.models import Q

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.search.backends import get_search_backend

from .models import LevelOfEvidence, Study, StudyDesign

# What an editor may paste: a DOI (alone, as doi:..., or as a doi.org address), or the start of one.
DOI_QUERY = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.[0-9]{4,9}(?:/\S*)?)", re.IGNORECASE)
PMID_QUERY = re.compile(r"(?:PMID:?\s*)?([0-9]{5,10})", re.IGNORECASE)
YEAR_WORD = re.compile(r"(?:1[89]|2[0-9])[0-9]{2}")


def search_studies(objects, query):
    """The studies among `objects` that `query` names: by DOI or PubMed ID, by year, or by words
    of the title, authors or effect studied, with a year if one is given ("Jones 2018")."""
    if match := DOI_QUERY.fullmatch(query):
        return objects.filter(doi__istartswith=match.group(1))
    if match := PMID_QUERY.fullmatch(query):
        return objects.filter(pmid=match.group(1))
    words = query.split()
    years = [int(word) for word in words if YEAR_WORD.fullmatch(word)]
    words = [word for word in words if not YEAR_WORD.fullmatch(word)]
    if years:
        # A lone four-digit number may also be an early PubMed ID.
        by_pmid = Q(pmid=query) if not words and len(years) == 1 else Q()
        objects = objects.filter(Q(year__in=years) | by_pmid)
    if not words:
        return objects
    return get_search_backend().autocomplete(" ".join(words), objects, operator="and")


class StudyFilterForm(SearchFilterMixin, BaseFilterForm):
    """Search and filters in the study chooser."""

    level_of_evidence = forms.ChoiceField(
        choices=[("", "All levels")] + LevelOfEvidence.choices,
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    design = forms.ChoiceField(
        choices=[("", "All designs")] + StudyDesign.choices,
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        for name in ("level_of_evidence", "design"):
            if self.cleaned_data.get(name):
                objects = objects.filter(**{name: self.cleaned_data[name]})
        # Wagtail's own search (SearchFilterMixin.filter) finds words of the title and authors
        # only; this also finds identifiers and years.
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if query:
            objects = search_studies(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class StudyColumnsMixin:
    @property
    def columns(self):
        return super().columns + [
            Column("year", label="Year", width="8%"),
            Column("design", label="Design", accessor="get_design_display"),
            Column("level_of_evidence", label="Level of evidence", accessor="get_level_of_evidence_display"),
        ]


class StudyChooseView(StudyColumnsMixin, ChooseView):
    filter_form_class = StudyFilterForm


class StudyChooseResultsView(StudyColumnsMixin, ChooseResultsView):
    filter_form_class = StudyFilterForm


class StudyChooserViewSet(ChooserViewSet):
    """The modal editors pick a study from, wherever a page cites one."""

    model = Study
    icon = "doc-full"
    choose_one_text = "Choose a study"
    choose_another_text = "Choose another study"
    edit_item_text = "Edit this study"
    per_page = 20
    choose_view_class = StudyChooseView
    choose_results_view_class = StudyChooseResultsView
    # The modeladmin forms keep their own widgets.
    register_widget = False


study_chooser_viewset = StudyChooserViewSet("study_chooser")
