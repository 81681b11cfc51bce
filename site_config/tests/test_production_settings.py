"""What the production settings make of the environment: plain HTTP only on loopback; with object
storage, the Content Security Policy letting pages show media from its origin, and documents
served through the site."""

import json

import pytest

from .support import run_production

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
    "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "d['img-src'], d.get('media-src'), getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None)]))"
)


def production_settings(**env):
    return run_production(["-c", SHOW], **env)


@pytest.mark.parametrize("hosts", ["127.0.0.1,www.example.com", "*", ".example.com", "10.0.0.5"])
def test_plain_http_is_refused_for_a_host_beyond_loopback(hosts):
    result = production_settings(LOCAL_PLAIN_HTTP="1", ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "LOCAL_PLAIN_HTTP=1 serves the site over plain HTTP and is only for loopback" in result.stderr
    assert hosts.split(",")[-1] in result.stderr.splitlines()[-1]


def test_plain_http_on_loopback_serves_without_the_redirect_or_secure_cookies():
    result = production_settings(LOCAL_PLAIN_HTTP="1", ALLOWED_HOSTS="127.0.0.1,localhost,[::1]")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[:3] == [False, False, False]


def test_without_plain_http_the_site_is_https_only():
    result = production_settings(ALLOWED_HOSTS="127.0.0.1")
    assert json.loads(result.stdout)[:3] == [True, True, True]


@pytest.mark.parametrize(
    "storage, origins",
    [
        (
            {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_S3_ADDRESSING_STYLE": "path"},
            ["http://127.0.0.1:9000"],
        ),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.example.net/", "AWS_S3_ADDRESSING_STYLE": "virtual"},
            ["https://clinic-media.s3.example.net"],
        ),
        # Unset, botocore chooses the style: either host may appear.
        (
            {"AWS_S3_REGION_NAME": "us-west-2"},
            ["https://clinic-media.s3.us-west-2.amazonaws.com", "https://s3.us-west-2.amazonaws.com"],
        ),
        (
            {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_S3_CUSTOM_DOMAIN": "media.example.com"},
            ["https://media.example.com"],
        ),
    ],
    ids=["path style", "virtual style", "amazon", "custom domain"],
)
def test_pages_may_show_media_from_the_bucket(storage, origins):
    result = production_settings(AWS_STORAGE_BUCKET_NAME="clinic-media", **storage)
    assert result.returncode == 0, result.stderr
    img_src, media_src, documents = json.loads(result.stdout)[3:]
    assert img_src == ["'self'", "data:", *origins]
    assert media_src == ["'self'", *origins]
    # Never a redirect to the bucket, whose documents/ is private: the site checks their privacy.
    assert documents == "serve_view"


def test_without_a_bucket_media_comes_from_the_site_only():
    img_src, media_src, documents = json.loads(production_settings().stdout)[3:]
    assert img_src == ["'self'", "data:"]
    assert media_src == ["'self'"]
    assert documents is None  # served from MEDIA_ROOT through /documents/
