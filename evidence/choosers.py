from django import forms

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import LevelOfEvidence, Study, StudyDesign


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
        return super().filter(objects)


class StudyChooseView(ChooseView):
    filter_form_class = StudyFilterForm


class StudyChooseResultsView(ChooseResultsView):
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
