"""What visitors and the log see while the database or the shared cache is out of reach.

The database: every request that needs it is answered 503 with `Retry-After` and a page that
needs nothing from it (templates/503.html: the clinic's crisis lines and what to do), never a
500. Django routes an exception from any layer (a view, a middleware, the session) to the 500
handler, which is `server_error` here: a database connection error becomes the 503. The log says
so once a minute per process (`ThrottledFilter`), not once per request, and Django's own
per-request error lines for those 503s are dropped (`SkipOutageAnswers`). Nothing has to be
restarted when the database returns: Django drops a connection that failed at the end of the
request, and the next request connects afresh (CONN_HEALTH_CHECKS checks a reused one first).
/healthz says "failing: database" meanwhile.

The object storage (home/storage.py): pages are served with the pictures that cannot be made
left out; an upload is refused by its form; and what still reaches the storage and fails (a
document's download, an upload after its form was checked) is the same 503, saying so.

The shared cache (Redis): django-redis's IGNORE_EXCEPTIONS (production.py) answers a read as a
miss and drops a write, so pages are rendered uncached and sessions come from the database;
the cache is used again as soon as Redis answers. Its warnings go through the same throttle.
"""

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

from home.storage import StorageUnavailable

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error):
    # OperationalError is also what SQLite raises for a missing table; an outage is a connection
    # that cannot be made or was lost, which the drivers word as such.
    if not isinstance(error, DATABASE_ERRORS):
        return False
    text = str(error).lower()
    return isinstance(error, InterfaceError) or any(
        words in text
        for words in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "the database system is",
            "unable to open database",
            "database is locked",
        )
    )


def is_outage(error):
    return is_database_outage(error) or isinstance(error, StorageUnavailable)


def server_error(request, template_name="500.html"):
    """handler500: a 503 that asks to retry when the database or the object storage is out of
    reach, else Django's 500."""
    error = sys.exc_info()[1]
    if not is_outage(error):
        return defaults.server_error(request, template_name)
    storage = isinstance(error, StorageUnavailable)
    if not storage:  # the storage's own logger has said so
        logger.error("The database is out of reach; answering 503 until it returns: %s", error)
    response = HttpResponse(loader.get_template("503.html").render({"storage": storage}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class SkipOutageAnswers(logging.Filter):
    """Drops django.request's line for each 503 of an outage (logged once a minute where it is
    found) and for each 503 of /healthz (the health check logs what failed)."""

    def filter(self, record):
        if getattr(record, "status_code", None) != 503:
            return True
        error = record.exc_info[1] if record.exc_info else None
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        return not (is_outage(error) or getattr(match, "url_name", None) == "healthz")


class ThrottledFilter(logging.Filter):
    """Lets one record of each kind through per `seconds`: its logger, its message (before the
    arguments, which carry each error's own words) and its `throttle_key` if it has one."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.last = {}

    def filter(self, record):
        now = time.monotonic()
        kind = (record.name, record.msg, getattr(record, "throttle_key", None))
        if now - self.last.get(kind, float("-inf")) < self.seconds:
            return False
        self.last[kind] = now
        return True
