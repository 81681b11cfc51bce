"""The full-page cache for anonymous visitors, shared by every server through the default cache.

What is cached: a GET (or HEAD) of a page Wagtail serves, from a visitor who sends no cookie and
no query string, answered 200 without setting a cookie and without `Cache-Control: private`,
`no-cache` or `no-store`. So an editor (who has a session cookie), a search, a page of a listing
(`?page=2`), a password form (it sets the CSRF cookie) and anything under a view restriction are
never cached. Each answer says what the cache did in `X-Page-Cache: hit` or `miss`.

When it is invalidated: every change that can alter what a visitor sees (a page published,
unpublished, moved or deleted; a study, testimonial, person, condition, clinic setting, menu,
image, document, site or view restriction saved or deleted) gives the cache a new generation,
and each entry's key holds the generation it was made under, so every server's next request
misses and renders afresh. One shared token makes this a single cache write, whatever the change
touches: a study edit reaches every page that cites it, a person's name every byline, a menu
every page. The new generation is written when the change's transaction commits, never before,
so no server can cache the old content under the new generation.

Consent ends by date, not by an edit ("Expires on D" means the testimonial leaves every page on
D): each key also holds the clinic's local date, and no entry outlives the day it was made.

A CDN in front (wagtail.contrib.frontend_cache, WAGTAILFRONTENDCACHE from the environment in
production.py) is told the same: each new generation purges every live public page's URL, and
cacheable pages say `s-maxage` (never past the clinic's midnight) while browsers are told
`max-age=0`, since no one can purge a browser.

The cache is on when PAGE_CACHE_SECONDS is above 0. production.py turns it on only with a shared
cache (CACHE_URL): with a per-process cache, a change made by another process (a worker, a
management command, another gunicorn worker) could not reach it.

Fragments: what every page repeats (the header's menu, the footer's locations and links, a page's
breadcrumb trail) and what a page's stream makes (its rendered body, its head's description,
shared card, hero preload and structured data, a condition page's reference list) are kept in
the same cache under the same generation and the clinic's date (`fragment()`, and the `{% cached_fragment %}` template tag), so a page
that the full-page cache does not answer (an editor's visit, a listing's second page, a page with
a query string) does not query for them either; a preview always renders afresh. On when
FRAGMENT_CACHE_SECONDS is above 0, which production.py sets with the shared cache.

One render per page at a time: when a page is not in the cache, the first request to ask for it
renders it, and the others asking meanwhile, on any server, wait for its entry rather than render
it too (`PAGE_CACHE_FILL_WAIT_SECONDS`, after which each renders it itself). So a cold page under
load (after a deploy, after a change) is rendered once, not once per visitor. A page that cannot
be cached (it sets a cookie, carries a nonce, is private) is remembered as such under the same
generation, so its visitors never wait for one another.

Neither keeps what was rendered while the object storage failed (home/storage.py): a picture
left out then is back on the next request after the storage is.

The wagtail-cache package does this job for earlier Wagtail releases but does not support
Wagtail 8 (it requires wagtail<8.0), hence this module.
"""

import functools
import hashlib
import logging
import time as clock
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import storage

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
GENERATION_KEY = "page-cache:generation"
# Kept under a page's key when its answer may not be cached, so its visitors render it at once.
UNCACHEABLE = "uncacheable"
# Paths that are never Wagtail pages, so no lookup is spent on them.
SKIPPED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz", "/search/")

# Models whose rows change without changing what a visitor sees: bookkeeping, logs, sessions,
# queues, search index rows, renditions (made while rendering), editors' drafts and workflow
# state. Every other model's save or delete invalidates the cache; a new model invalidates it
# until it is listed here, so forgetting one costs cache hits, never a stale page.
NOT_CONTENT_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_tasks_database",
    "sessions",
    "wagtailadmin",
    "wagtailembeds",
    "wagtailsearch",
    "wagtailusers",
}
NOT_CONTENT_MODELS = {
    "conditions.MedicalReview",  # written when a review is approved, just before the publish
    "conditions.MedicalReviewTask",
    "evidence.StudyImport",  # an import's progress; saving its studies invalidates (importers.py)
    "wagtailcore.Comment",
    # An appointment request changes no page (and a visitor could otherwise empty the cache at will).
    "wagtailforms.FormSubmission",
    "wagtailcore.CommentReply",
    "wagtailcore.GroupApprovalTask",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.GroupSitePermission",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.Revision",
    "wagtailcore.Task",
    "wagtailcore.TaskState",
    "wagtailcore.UploadedFile",
    "wagtailcore.Workflow",
    "wagtailcore.WorkflowContentType",
    "wagtailcore.WorkflowPage",
    "wagtailcore.WorkflowState",
    "wagtailcore.WorkflowTask",
    "wagtailimages.Rendition",
    "wagtailsearchpromotions.Query",  # every search logs its terms here
    "wagtailsearchpromotions.QueryDailyHits",
}
# What saving a draft writes on a page or snippet (save_revision, locking): the live content is
# untouched, so these saves do not invalidate. Publishing saves the object whole, and signals.
DRAFT_FIELDS = {
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
    "wagtail_admin_comments",
}


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def fragments_enabled():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) > 0


def store():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# The parts of the site whose change can change its markup: its code, templates and static files.
RELEASE_SOURCES = ("home", "conditions", "evidence", "stories", "search", "appointments", "site_config")
RELEASE_SKIPPED = {"tests", "__pycache__", "demo_media", "migrations"}


@functools.cache
def release():
    """A digest of this release's code, templates and static files, read once per process.

    Part of every key, so a new release starts with its own entries: none of the old release's
    pages and fragments (old markup, old static file names) is served by its servers, and during
    a rolling switch each release's servers keep to their own."""
    root = Path(settings.BASE_DIR)
    folders = [root / name for name in RELEASE_SOURCES] + [root / "templates", root / "static"]
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not RELEASE_SKIPPED.intersection(path.relative_to(root).parts):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def current_generation():
    """The shared generation token (a new one if the cache lost it: evicted, restarted), with
    this release's digest."""
    generation = store().get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add(): two servers finding it missing at once agree on the first one's token.
        if not store().add(GENERATION_KEY, generation, timeout=None):
            generation = store().get(GENERATION_KEY) or generation
    return f"{release()}-{generation}"


def seconds_until_midnight(now=None):
    now = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time.min))
    return max(1, int((midnight - now).total_seconds()))


def lifetime():
    """Seconds an entry may live: the configured lifetime, never past the clinic's midnight."""
    return min(settings.PAGE_CACHE_SECONDS, seconds_until_midnight())


def cache_key(request, generation):
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{generation}:{timezone.localdate().isoformat()}:{digest}"


def may_use_cache(request):
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


def is_cacheable(request, response):
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        match is not None
        and match.url_name == "wagtail_serve"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        # A page whose inline script carries this request's CSP nonce cannot be served again:
        # the next answer's header has another nonce (or none), and a nonce must not be reused.
        and not isinstance(getattr(request, "_csp_nonce", None), str)
    )


class PageCacheMiddleware:
    """Answers anonymous page requests from the shared cache, and fills it (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        # The key is fixed before the page is read from the database: a change committed while
        # this page renders gives a new generation, so this (possibly older) page is stored
        # under the old one, where no request looks any more.
        key = cache_key(request, current_generation())
        cached = store().get(key)
        if cached is None:
            lock = f"page-cache-fill:{key}"
            claimed = store().add(lock, 1, timeout=fill_wait())
            if claimed is None:  # the cache cannot be reached: nothing to share, nothing to wait for
                return self.render(request, key)
            if claimed:
                try:
                    return self.render(request, key)
                finally:
                    store().delete(lock)
            # Another request is rendering this page.
            cached = wait_for_fill(key, lock)
            if cached is None:
                return self.render(request, key)
        if cached == UNCACHEABLE:
            return self.get_response(request)
        cached[HEADER] = "hit"
        return cached

    def render(self, request, key):
        failures = storage.failures()
        response = self.get_response(request)
        # A page rendered while the object storage failed lacks pictures it will have again.
        if storage.failures() != failures:
            return response
        if not is_cacheable(request, response):
            if response.status_code == 200:
                store().set(key, UNCACHEABLE, lifetime())
            return response
        seconds = lifetime()
        # Every visitor gets the same bytes for a while, so no browser should keep them: only
        # a shared cache that the site purges (a CDN) may, and only until the entry would end.
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        else:
            patch_cache_control(response, max_age=0)
        patch_vary_headers(response, ["Cookie"])
        store().set(key, response, seconds)
        response[HEADER] = "miss"
        return response


def fill_wait():
    return getattr(settings, "PAGE_CACHE_FILL_WAIT_SECONDS", 10)


def wait_for_fill(key, lock):
    """The entry another request is rendering, once it is stored; None if that request ends
    without storing one (or the wait runs out), so this one renders the page itself."""
    deadline = clock.monotonic() + fill_wait()
    pause = 0.02
    while clock.monotonic() < deadline:
        clock.sleep(pause)
        found = store().get_many([key, lock])
        if key in found:
            return found[key]
        if lock not in found:
            return None
        pause = min(pause * 2, 0.2)
    return None


# Fragments.


def request_generation(request):
    """The generation, read once per request, before the fragments it keys are read."""
    if not hasattr(request, "_content_generation"):
        request._content_generation = current_generation()
    return request._content_generation


def fragment(request, name, build, *parts):
    """`build()`'s result from the shared cache under this generation, `name` and `parts`
    (anything that tells one site's or page's fragment from another's), else built and stored;
    always built in a preview.

    The generation is read before `build()` reads the database: a change committed meanwhile
    leaves what was built under the old generation, where no request looks any more."""
    if not fragments_enabled() or getattr(request, "is_preview", False):
        return build()
    generation = request_generation(request)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"fragment:{generation}:{name}:{digest}"
    value = store().get(key)
    if value is None:
        failures = storage.failures()
        value = build()
        if storage.failures() == failures:
            store().set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


# Invalidation.


def invalidate(reason=""):
    """A new generation for every server, and a CDN purge, when the current transaction commits.

    Outside a transaction that is at once. Inside one, once per transaction however many rows
    change (a publish saves the page and sends two signals); a rolled-back transaction drops
    its callback, and the next change schedules another.
    """
    if not (enabled() or fragments_enabled()):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(entry[1], "page_cache_invalidation", False) for entry in connection.run_on_commit
    ):
        return

    def new_generation():
        store().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        logger.info("Page cache invalidated (%s)", reason or "content changed")
        purge_frontend_cache()

    new_generation.page_cache_invalidation = True
    transaction.on_commit(new_generation)


def purge_frontend_cache():
    """Purges every live public page from the CDN (a task; the worker sends the requests)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().filter(depth__gt=1))
    batch.purge()


def changes_content(sender):
    label = sender._meta.label
    return sender._meta.app_label not in NOT_CONTENT_APPS and label not in NOT_CONTENT_MODELS


def on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not changes_content(sender):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    invalidate(f"{sender._meta.label} saved")


def on_delete(sender, **kwargs):
    if changes_content(sender):
        invalidate(f"{sender._meta.label} deleted")


def on_m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and changes_content(type(instance)):
        invalidate(f"{type(instance)._meta.label} relations changed")


def on_publication(sender, **kwargs):
    invalidate(f"{sender._meta.label} published or unpublished")


def on_move(sender, **kwargs):
    invalidate("page moved")


def connect_signals():
    post_save.connect(on_save, dispatch_uid="page_cache_save")
    post_delete.connect(on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(on_publication, dispatch_uid=f"page_cache_{id(signal)}")
    post_page_move.connect(on_move, dispatch_uid="page_cache_move")
