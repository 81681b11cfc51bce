from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    """Site search over live, public pages (the full search is a later piece of work)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    # The SQLite backend wraps each term in double quotes without escaping
    # them, so a stray '"' is an FTS5 syntax error (a 500); quotes mean
    # nothing to this plain-text search, so the search leaves them out.
    terms = query.replace('"', " ").strip()
    results = Page.objects.live().public().specific().search(terms) if terms else Page.objects.none()
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
