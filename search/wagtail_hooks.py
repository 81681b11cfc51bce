"""The admin's "Search terms" report with a formula-safe export.

Visitors type the search terms, so a term such as "=HYPERLINK(...)" must not run when a
superuser opens the report's CSV. Wagtail's report is served at its own address here, by a
subclass whose export escapes such cells. Its URLs are registered ahead of Wagtail's
(order=-1), so this address is matched first, and Wagtail's menu item and URL names still
lead to it.
"""

from django.urls import path

from wagtail import hooks
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from home.exports import FormulaSafeExportMixin


class FormulaSafeSearchTermsReportView(FormulaSafeExportMixin, SearchTermsReportView):
    pass


@hooks.register("register_admin_urls", order=-1)
def register_search_terms_report():
    return [
        path(
            "searchpicks/reports/search-terms/",
            FormulaSafeSearchTermsReportView.as_view(),
            name="search_terms_report",
        ),
        path(
            "searchpicks/reports/search-terms/results/",
            FormulaSafeSearchTermsReportView.as_view(results_only=True),
            name="search_terms_report_results",
        ),
    ]
