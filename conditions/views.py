from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .reviews import DUE_SOON_DAYS, pages_needing_review


class ReviewsDueView(WagtailAdminTemplateMixin, TemplateView):
    """Report: pages whose medical review is overdue or due within a month."""

    template_name = "conditions/reviews_due.html"
    page_title = "Medical reviews due"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=pages_needing_review(), due_soon_days=DUE_SOON_DAYS, **kwargs
        )
