"""The database or the cache goes away under gunicorn and comes back: visitors get an answer that
says to retry (never a 500), /healthz names the part that is down, the log says so once a minute
per worker (not once per request), and service resumes by itself."""

import re
from contextlib import contextmanager

import pytest

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
