"""/healthz: 200 "ok" when the database, the cache and the default storage answer; 503 naming
each part that does not.

For a load balancer or an uptime monitor. It reads no session and sets no cookie (it is
routed before Wagtail's pages and touches neither request.session nor request.user), and its
answer is never cached: Cache-Control: no-store.
"""

import logging
import os
import uuid

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("a key set in the cache could not be read back")
    cache.delete(key)


def check_storage():
    # exists() asks the storage itself: object storage that refuses the credentials or is
    # out of reach raises; a path that is simply absent answers False.
    default_storage.exists("healthz-probe")
    # On a file system exists() answers False rather than raise when MEDIA_ROOT cannot be read
    # or is not a directory, so list it (a fresh deploy with no upload yet has none: fine).
    if isinstance(default_storage, FileSystemStorage) and os.path.lexists(default_storage.location):
        os.listdir(default_storage.location)


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


@require_safe
def healthz(request):
    failing = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Once a minute per part (a monitor asks every few seconds): LOGGING's throttle.
            logger.exception("Health check failed: %s", name, extra={"throttle_key": name})
            failing.append(name)
    if failing:
        body, status = "failing: " + ", ".join(failing) + "\n", 503
    else:
        body, status = "ok", 200
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
