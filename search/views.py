"""Site search over articles, condition pages and treatment pages."""

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentPage
from home.stream_text import stream_text
from stories.models import ArticlePage

from .highlight import SNIPPET_LENGTH, has_match, pieces
from .vocabulary import did_you_mean

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


def searchable_pages(models, private):
    """The live pages of `models` outside every private section.

    `private` is `Page.objects.private_q()`, read once per request: Wagtail's `public()` reads
    the view restrictions again each time it is called (five times on a page of results).
    """
    return Page.objects.live().exclude(private).type(*models)


def mark_matches(texts, query):
    """The texts with the query's matches marked by the search backend, in one query.

    A backend without highlight() (Elasticsearch, or Wagtail's fallback) leaves them unmarked.
    """
    highlight = getattr(get_search_backend(), "highlight", None)
    return highlight(texts, query) if highlight else list(texts)


def describe(pages, query):
    """What each result shows: its type, title, link, date (articles) and a snippet around the match.

    The snippet is the summary if it matches, else the stream's text if that does: both from the
    live page (never a draft), the stream's typed text read from its raw data without loading
    chosen records. The title and the snippet have their matched words marked.
    """
    texts = []
    for page in pages:
        texts += [page.title, page.intro, stream_text(page.body)]
    marked = mark_matches(texts, query)
    described = []
    for number, page in enumerate(pages):
        title, intro, body = marked[3 * number : 3 * number + 3]
        summary = body if not has_match(intro) and has_match(body) else intro
        described.append(
            {
                "page": page,
                "type_label": LABEL_OF_MODEL[type(page)].rstrip("s"),
                "date": getattr(page, "date", None),
                "title": pieces(title),
                "snippet": pieces(summary, SNIPPET_LENGTH),
            }
        )
    return described


def results_page(search_results, number):
    """The asked-for page of results, fetched before it is counted.

    The site's backend counts the matches in the query that fetches a page, so fetching first
    leaves the paginator's count nothing to ask; a page past the end falls back to the last.
    """
    paginator = Paginator(search_results, RESULTS_PER_PAGE)
    try:
        first = int(number)
    except (TypeError, ValueError):
        first = 1  # the paginator shows the first page for anything that is not a number
    if first >= 1:  # below 1 the paginator shows the last page, which it must count to find
        start = (first - 1) * RESULTS_PER_PAGE
        list(search_results[start : start + RESULTS_PER_PAGE])
    return paginator.get_page(number)


def visible_results(query, models, private):
    return searchable_pages(models, private).specific().search(query)


def record_hit(text):
    """Counts a search of `text` in the search-terms report; returns the query string it is kept under.

    A query already searched today costs one UPDATE; the first of the day, Wagtail's own
    Query.get and add_hit (which read the query and the day's row before writing).
    """
    query_string = normalise_query_string(text)  # what Query.get looks up
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(query__query_string=query_string, date=today).update(
        hits=F("hits") + 1
    )
    if not counted:
        Query.get(text).add_hit(today)
    return query_string


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
    private = Page.objects.private_q()
    if query:
        page = results_page(visible_results(query, models, private), request.GET.get("page"))
        results = describe(list(page.object_list), query)
        searched = record_hit(normalise_query_string(query))
        if page.number == 1 and not chosen_type:
            promotions = list(
                SearchPromotion.objects.filter(query__query_string=searched)
                .select_related("page")
                # EXISTS by the promoted page's key: `page__in` the visible pages read every page.
                .filter(
                    Q(page__isnull=True)
                    | Exists(Page.objects.live().exclude(private).filter(pk=OuterRef("page")))
                )
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
    if query and not results:
        # A misspelling gets a corrected query, offered only if it finds something the visitor may see.
        context["did_you_mean"] = did_you_mean(
            query, lambda text: visible_results(text, models, private)[:1].count() > 0
        )
    if not results:
        # Somewhere to go next: every condition, and the latest articles.
        context["conditions"] = (
            ConditionPage.objects.live().exclude(private).from_own_rows().order_by("title")
        )
        context["latest_articles"] = ArticlePage.objects.live().exclude(private).order_by("-date", "-pk")[:3]
        # By key, not in the tree's order: PostgreSQL walked the page tree to find it (10 ms at
        # 10,000 articles). A site has one conditions index.
        context["conditions_index"] = ConditionIndexPage.objects.live().order_by("pk").first()
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Page titles that start like the query, for the search box's suggestions."""
    query, _ = clean_query(request.GET.get("q", ""))
    if len(query) < 2:
        return JsonResponse({"suggestions": []})
    pages = searchable_pages(list(LABEL_OF_MODEL), Page.objects.private_q()).autocomplete(query)[:SUGGESTIONS]
    return JsonResponse({"suggestions": [{"title": page.title, "url": page.url} for page in pages]})
