"""/healthz answers 200 "ok" when the database, the cache and the storage answer, and 503 naming
the part that does not. Each failure is a real one: a closed port, a file where MEDIA_ROOT's
directory should be, a database file that cannot be opened."""

import os
import socket
import subprocess
import sys

from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


def closed_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_never_cached_and_cookieless(response):
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Vary" not in response or "Cookie" not in response["Vary"]


def test_ok_when_every_part_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert_never_cached_and_cookieless(response)


def test_503_naming_the_cache_when_redis_does_not_answer(client):
    # As production.py configures it: an unreachable Redis is a miss for the pages, not an error,
    # and still a failure here.
    broken = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_loopback_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    with override_settings(CACHES=broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode() == "failing: cache\n"
    assert_never_cached_and_cookieless(response)


def test_503_naming_the_storage_when_media_root_cannot_be_listed(client, tmp_path):
    # A file where the directory should be: unreadable even for root (the tests may run as root,
    # for whom chmod 000 changes nothing).
    not_a_directory = tmp_path / "media"
    not_a_directory.write_text("")
    with override_settings(MEDIA_ROOT=not_a_directory):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode() == "failing: storage\n"


def test_503_naming_the_database_when_it_cannot_be_opened(tmp_path):
    # A separate process: the test database cannot be taken away from this one.
    script = (
        "import django; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path}/no-such-directory/db.sqlite3",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 failing: database"
    assert "Health check failed: database" in result.stderr
