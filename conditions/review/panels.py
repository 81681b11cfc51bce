"""The content checks panel at the top of the page editor."""

from wagtail.admin.panels import Panel


class ContentChecksPanel(Panel):
    """Shows the content checks' warnings for the last saved version of the page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "conditions/review/content_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warnings"] = self.instance.content_warnings() if self.instance.pk else []
            return context
