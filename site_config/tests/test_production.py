"""The production settings served by Gunicorn as a deployment runs them: static files compressed
and cached for ever, pages compressed, uploads served without object storage, every 500 logged
with its traceback and request id, a refusal to start before collectstatic, a weak key refused."""

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from home.tests.network import free_port

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "pr0duction-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(tmp_path, **extra):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": "2",
    }
    return {**env, **extra}


@pytest.mark.parametrize(
    "key",
    ["short-key-with-many-different-characters", "ab" * 30, "django-insecure-" + STRONG_KEY],
    ids=["shorter than 50", "fewer than 5 distinct", "django-insecure"],
)
def test_a_weak_secret_key_is_refused(tmp_path, key):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=production_env(tmp_path, SECRET_KEY=key),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is too weak" in result.stderr


def gunicorn(env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "site_config/gunicorn.conf.py", "site_config.wsgi"],
        env={**env, "BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def get(port, path, **headers):
    # The proxy in front terminates TLS and says so (SECURE_PROXY_SSL_HEADER).
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_serving(server, port):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start within 15 s")


def test_gunicorn_serves_the_production_settings(tmp_path):
    env = production_env(tmp_path)
    (tmp_path / "media" / "original_images").mkdir(parents=True)
    (tmp_path / "media" / "original_images" / "photo.jpg").write_bytes(b"\xff\xd8 an uploaded photo")
    (tmp_path / "media" / "documents").mkdir()
    (tmp_path / "media" / "documents" / "private.pdf").write_bytes(b"%PDF private")

    # Before collectstatic: refuses to start, and says what to run.
    refused = gunicorn(env, free_port())
    _, stderr = refused.communicate(timeout=20)
    assert refused.returncode != 0
    assert "Run `manage.py collectstatic --noinput`" in stderr

    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert collect.returncode == 0, collect.stderr
    hashed_css = next((tmp_path / "static").glob("css/*.*.css"))

    port = free_port()
    server = gunicorn(env, port)
    try:
        wait_until_serving(server, port)

        status, headers, body = get(port, f"/static/css/{hashed_css.name}", **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        cache_control = headers["Cache-Control"]
        assert "immutable" in cache_control
        assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 31536000
        assert gzip.decompress(body) == hashed_css.read_bytes()

        assert get(port, "/media/original_images/photo.jpg")[::2] == (200, b"\xff\xd8 an uploaded photo")
        # Document files are only served through /documents/, which checks their collection's privacy.
        # (A 404 whose page would need the unmigrated database: any status but the file's 200.)
        for path in ("/media/documents/private.pdf", "/media/original_images/../documents/private.pdf"):
            status, _, body = get(port, path)
            assert status != 200 and b"PDF private" not in body, path

        # The database has no tables (never migrated): a page is a real 500, logged.
        # (Migrating takes 15 s, too long here: the error page stands in for a page, compressed too.)
        status, headers, body = get(
            port, "/", **{"X-Request-ID": "probe-500-request-id", "Accept-Encoding": "gzip"}
        )
        assert status == 500
        assert headers["Content-Encoding"] == "gzip"
        assert b"</html>" in gzip.decompress(body)
        assert headers["X-Request-ID"] == "probe-500-request-id"
        status, headers, _ = get(port, "/healthz", **{"X-Request-ID": "bad id with spaces!"})
        assert len(headers["X-Request-ID"]) == 32 and headers["X-Request-ID"] != "bad id with spaces!"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    error_lines = [line for line in stderr.splitlines() if "request_id=probe-500-request-id" in line]
    assert any(
        "ERROR [django.request]" in line and "Internal Server Error: /" in line for line in error_lines
    )
    assert "Traceback (most recent call last)" in stderr
    assert "no such table" in stderr
