"""The database, the cache or the object storage goes away under gunicorn and comes back: visitors
get an answer (a page without its pictures, or one that says to retry: never a 500), /healthz
names the part that is down, the log says so once a minute per worker (not once per request),
and service resumes by itself."""

import io
import re
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .conftest import WORKERS, until

# Requests the full-page cache does not answer (a query string): each needs the database.
UNCACHED = ["/?from=resilience", "/conditions/substance-use-disorder/?from=resilience", "/articles/?page=1"]
REQUESTS_DURING_OUTAGE = 30


@contextmanager
def cut(proxy):
    proxy.cut()
    try:
        yield
    finally:
        proxy.restore()


def new_log_lines(stack, since):
    return stack.log_lines()[since:]


@pytest.fixture
def log_mark(stack):
    return len(stack.log_lines())


def test_everything_answers_before_anything_goes_away(stack):
    assert stack.get("/healthz").status == 200
    for path in UNCACHED:
        assert stack.get(path).status == 200, path


def test_the_database_goes_away_and_comes_back(stack, log_mark):
    stack.get("/")  # cached now, for the visitors who come while the database is away
    with cut(stack.database):
        answers = [stack.get(UNCACHED[i % len(UNCACHED)]) for i in range(REQUESTS_DURING_OUTAGE)]
        health = stack.get("/healthz")
        cached_home = stack.get("/")

        assert [answer.status for answer in answers] == [503] * REQUESTS_DURING_OUTAGE
        for answer in answers:
            assert answer.headers["Retry-After"] == "30"
            assert "We will be back in a few minutes" in answer.body
            assert 'href="tel:988"' in answer.body  # a visitor in crisis is never left without a number
        assert (health.status, health.body) == (503, "failing: database\n")
        # A page in the shared cache is still served: it needs no database.
        assert (cached_home.status, cached_home.headers.get("X-Page-Cache")) == (200, "hit")

    # Back without a restart: every worker's lost connection is replaced on its next request.
    until(lambda: stack.get("/healthz").status == 200)
    for _ in range(2 * WORKERS):
        for path in UNCACHED:
            assert stack.get(path).status == 200, path

    lines = new_log_lines(stack, log_mark)
    outage_lines = [line for line in lines if "The database is out of reach" in line]
    assert 1 <= len(outage_lines) <= WORKERS, outage_lines
    assert not [line for line in lines if "Internal Server Error" in line or "Service Unavailable" in line]


def test_redis_goes_away_and_comes_back(stack, log_mark):
    page = "/conditions/substance-use-disorder/"
    until(lambda: stack.get(page).headers.get("X-Page-Cache") == "hit")
    with cut(stack.cache):
        answers = [stack.get(page) for _ in range(REQUESTS_DURING_OUTAGE)]
        health = stack.get("/healthz")

        # Served, rendered afresh: the page cache is not there to answer.
        assert [answer.status for answer in answers] == [200] * REQUESTS_DURING_OUTAGE
        assert {answer.headers.get("X-Page-Cache") for answer in answers} == {"miss"}
        assert "Substance Use Disorder" in answers[-1].body
        assert (health.status, health.body) == (503, "failing: cache\n")

    until(lambda: stack.get("/healthz").status == 200)
    # The cache is used again: a miss fills it, the next visitor is a hit.
    until(lambda: stack.get(page).headers.get("X-Page-Cache") == "hit")

    lines = new_log_lines(stack, log_mark)
    ignored = [line for line in lines if re.search(r"\[django_redis\.cache\].*Exception ignored", line)]
    assert 1 <= len(ignored) <= WORKERS, ignored
    assert not [line for line in lines if "Internal Server Error" in line]


FORGET_RENDITIONS = """
from django.core.cache import cache
from wagtail.images import get_image_model
get_image_model().get_rendition_model().objects.all().delete()
cache.clear()
"""
UNREACHABLE = "The file store cannot be reached just now, so this file was not saved."


def pictures(html):
    return html.count("<picture")


def upload_image(stack, session, title):
    """The admin's image form, posted as a browser would; the requests response."""
    add = f"{stack.url}/admin/images/add/"
    form = BeautifulSoup(session.get(add, timeout=30).text, "html.parser")
    collection = form.select_one("[name=collection]")
    collection = (collection.find("option") or collection).get("value") if collection else ""
    jpeg = io.BytesIO()
    Image.new("RGB", (640, 360), "teal").save(jpeg, "JPEG")
    return session.post(
        add,
        data={"title": title, "collection": collection, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"file": (f"{title}.jpg", jpeg.getvalue(), "image/jpeg")},
        headers={"Referer": add},
        allow_redirects=False,
        timeout=60,
    )


def images_titled(stack, title):
    script = f"from wagtail.images import get_image_model; print(get_image_model().objects.filter(title={title!r}).count())"
    return int(stack.manage("shell", "-c", script).stdout.split()[-1])


def test_the_object_storage_goes_away_and_comes_back(stack, log_mark):
    page = "/articles/"
    shown = pictures(stack.get(page + "?from=resilience").body)
    assert shown > 0
    # Every rendition forgotten: each picture must be made again from its original in the bucket.
    stack.manage("shell", "-c", FORGET_RENDITIONS)
    session = stack.admin_session()

    with cut(stack.storage):
        answers = [stack.get(page + "?from=resilience") for _ in range(4)]
        visitors = [stack.get(page) for _ in range(3)]
        health = stack.get("/healthz")
        upload = upload_image(stack, session, "Taken while away")

        assert [answer.status for answer in answers + visitors] == [200] * 7
        assert [pictures(answer.body) for answer in answers + visitors] == [0] * 7
        # Not kept by the page cache: the pictures come back with the storage.
        assert "hit" not in {answer.headers.get("X-Page-Cache") for answer in visitors}
        assert (health.status, health.body) == (503, "failing: storage\n")
        assert upload.status_code == 200 and UNREACHABLE in upload.text

    assert images_titled(stack, "Taken while away") == 0
    until(lambda: stack.get("/healthz").status == 200)
    until(lambda: pictures(stack.get(page + "?from=resilience").body) == shown)
    until(lambda: stack.get(page).headers.get("X-Page-Cache") == "hit")
    assert upload_image(stack, session, "Taken once back").status_code == 302
    assert images_titled(stack, "Taken once back") == 1

    lines = new_log_lines(stack, log_mark)
    outage_lines = [line for line in lines if "The object storage is out of reach" in line]
    assert 1 <= len(outage_lines) <= WORKERS, outage_lines
    assert not [line for line in lines if "Internal Server Error" in line]
