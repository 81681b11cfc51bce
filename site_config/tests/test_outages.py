"""A database out of reach is a 503 that asks to retry, and is logged once a minute; any other
error stays a 500 (site_config/outages.py). The whole story, with PostgreSQL and Redis taken
away from gunicorn and given back, is in resilience/ (`make resilience`)."""

import logging

from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import RequestFactory
from django.urls import resolve

import pytest

from site_config import outages


@pytest.fixture
def real_error(django_db_blocker):
    """The error Django raises for a SQLite database at a path, through the real driver (a
    connection of its own, never the test database)."""

    def make(name):
        with django_db_blocker.unblock():
            return error_of(name)

    return make


def error_of(name):
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": name}})
    try:
        with handler["default"].cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except OperationalError as error:
        return error
    finally:
        handler["default"].close()
    raise AssertionError("no error")


def answer_while_raising(error):
    try:
        raise error
    except OperationalError:
        return outages.server_error(RequestFactory().get("/conditions/"))


def test_a_database_out_of_reach_is_a_503_that_asks_to_retry(tmp_path, real_error):
    response = answer_while_raising(real_error(str(tmp_path / "no-such-folder" / "db.sqlite3")))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "We will be back in a few minutes" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_any_other_database_error_is_still_a_500(tmp_path, real_error):
    response = answer_while_raising(real_error(str(tmp_path / "db.sqlite3")))  # no such table

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_django_request_lines_for_outage_answers_are_dropped(tmp_path, real_error):
    outage = real_error(str(tmp_path / "missing" / "db.sqlite3"))
    other = real_error(str(tmp_path / "db.sqlite3"))
    skip = outages.SkipOutageAnswers()

    def record(status, error=None, path="/conditions/"):
        line = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), None)
        line.status_code, line.request = status, RequestFactory().get(path)
        line.request.resolver_match = resolve(path)  # as Django's handler sets it
        line.exc_info = (type(error), error, None) if error else None
        return line

    assert not skip.filter(record(503, outage))
    assert not skip.filter(record(503, path="/healthz"))
    assert skip.filter(record(500, other))
    assert skip.filter(record(503))  # a 503 of the site's own making


@pytest.mark.parametrize("key", [None, "database"])
def test_the_throttle_lets_one_line_of_a_kind_through_a_minute(monkeypatch, key):
    now = [1000.0]
    monkeypatch.setattr(outages.time, "monotonic", lambda: now[0])
    throttle = outages.ThrottledFilter(seconds=60)

    def line(message="The database is out of reach: %s", argument="first"):
        record = logging.LogRecord(
            "site_config.outages", logging.ERROR, __file__, 1, message, (argument,), None
        )
        if key:
            record.throttle_key = key
        return throttle.filter(record)

    assert line() is True
    assert line(argument="another worded error") is False
    assert line(message="Another kind: %s") is True
    now[0] += 59
    assert line() is False
    now[0] += 2
    assert line() is True
