from wagtail.admin.panels import Panel

from .checks import content_warnings


class ContentChecksPanel(Panel):
    """Shows the content checks' warnings at the top of the page editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "conditions/content_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warnings"] = content_warnings(self.instance) if self.instance.pk else []
            return context
