from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import Study


class StudyChooserViewSet(ChooserViewSet):
    """The modal editors pick a study from, wherever a page cites one."""

    model = Study
    icon = "doc-full"
    choose_one_text = "Choose a study"
    choose_another_text = "Choose another study"
    edit_item_text = "Edit this study"
    per_page = 20
    # The modeladmin forms keep their own widgets.
    register_widget = False


study_chooser_viewset = StudyChooserViewSet("study_chooser")
