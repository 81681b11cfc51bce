"""Site search over articles, condition pages and treatment pages."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentPage
from home.stream_text import stream_text
from stories.models import ArticlePage

from .highlight import highlight

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SUGGESTIONS = 8

# The types a visitor can filter by: (URL value, label, model).
RESULT_TYPES = [
    ("articles", "Articles", ArticlePage),
    ("conditions", "Conditions", ConditionPage),
    ("treatments", "Treatments", TreatmentPage),
]
LABEL_OF_MODEL = {model: label for _, label, model in RESULT_TYPES}


def clean_query(raw):
    """The query as searched: no control characters, no stray quotes, at most MAX_QUERY_LENGTH.

    Returns (query, shortened). Double quotes are dropped because the SQLite
    backend would treat an unbalanced one as a syntax error; they carry no
    meaning for this plain-words search.
    """
    text = "".join(" " if ch in '"\x00' or (ord(ch) < 32) else ch for ch in raw)
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), shortened


def searchable_pages(models):
    return Page.objects.live().public().type(*models)


def describe(page, query):
    """What a result shows: its type, title, link, date (articles) and a snippet around the match.

    The snippet comes from the live page's own text (never a draft), and its stream's
    typed text, read from the raw stream without loading chosen records.
    """
    pieces = highlight(page.intro, query)
    if not any(is_match for _, is_match in pieces):
        body_pieces = highlight(stream_text(page.body), query)
        if any(is_match for _, is_match in body_pieces):
            pieces = body_pieces
    return {
        "page": page,
        "type_label": LABEL_OF_MODEL[type(page)].rstrip("s"),
        "date": getattr(page, "date", None),
        "snippet": pieces,
    }


def search(request):
    # Query.get normalises (cuts, then lower-cases) the text it is given, and again
    # when it saves; a query that grows when lower-cased ("İ") would then never
    # match its saved row. Normalising first makes both the same.
    query, shortened = clean_query(request.GET.get("q", ""))
    models_by_type = {value: model for value, _, model in RESULT_TYPES}
    chosen_type = request.GET.get("type", "")
    if chosen_type not in models_by_type:
        chosen_type = ""  # an unknown filter searches everything
    models = [models_by_type[chosen_type]] if chosen_type else list(models_by_type.values())

    results = page = None
    promotions = []
    if query:
        search_results = searchable_pages(models).specific().search(query)
        page = Paginator(search_results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = [describe(result, query) for result in page.object_list]
        query_record = Query.get(normalise_query_string(query))
        query_record.add_hit()
        if page.number == 1 and not chosen_type:
            promotions = list(
                query_record.editors_picks.select_related("page")
                .filter(Q(page__isnull=True) | Q(page__in=Page.objects.live().public()))
                .order_by("sort_order")
            )

    context = {
        "heading": f"Search results for \u201c{query}\u201d" if query else "Search",
        "search_query": query,
        "query_was_shortened": shortened,
        "max_query_length": MAX_QUERY_LENGTH,
        "search_results": results,
        "results_page": page,
        "promotions": promotions,
        "result_types": [(value, label) for value, label, _ in RESULT_TYPES],
        "chosen_type": chosen_type,
    }
    if not results:
        # Somewhere to go next: every condition, and the latest articles.
        context["conditions"] = ConditionPage.objects.live().public().order_by("title")
        context["latest_articles"] = ArticlePage.objects.live().public().order_by("-date", "-pk")[:3]
        context["conditions_index"] = ConditionIndexPage.objects.live().first()
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Page titles that start like the query, for the search box's suggestions."""
    query, _ = clean_query(request.GET.get("q", ""))
    if len(query) < 2:
        return JsonResponse({"suggestions": []})
    pages = searchable_pages(list(LABEL_OF_MODEL)).autocomplete(query)[:SUGGESTIONS]
    return JsonResponse({"suggestions": [{"title": page.title, "url": page.url} for page in pages]})
