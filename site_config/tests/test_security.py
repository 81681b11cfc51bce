"""Security headers on every public page, the admin's own policy, and a clean `check --deploy`."""

import pytest

from site_config.demo_data import DEMO_PAGES

from .support import run_production

PAGES = {**DEMO_PAGES, "404": "/no-such-page/"}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_sends_the_security_headers(client, demo, name):
    response = client.get(PAGES[name])
    assert response.status_code == (404 if name == "404" else 200)
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    # Frames: the site and the video block's players only; video files from the site.
    assert csp["frame-src"] == ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert csp["media-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_the_admin_may_run_inline_scripts_and_nothing_else_may(client, superuser_client, home_page):
    admin = directives(superuser_client.get(f"/admin/pages/{home_page.pk}/edit/"))
    assert "'unsafe-inline'" in admin["script-src"]
    assert not any(source.startswith("'nonce-") for source in admin["script-src"])
    assert "'unsafe-eval'" not in admin["script-src"]
    assert admin["frame-ancestors"] == ["'self'"]
    public = directives(client.get("/"))
    # A nonce appears only when a template uses one; the public templates have no inline script.
    assert public["script-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "embed_html",
    [
        '<iframe src="https://www.youtube.com/embed/M7lc1UVf-VE?feature=oembed"></iframe>',
        '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e"></iframe>',
    ],
)
def test_the_video_blocks_players_are_the_frames_the_policy_allows(client, home_page, embed_html):
    from urllib.parse import urlsplit

    from home.video_blocks import player_url

    player = urlsplit(player_url(embed_html))
    frame_src = directives(client.get("/"))["frame-src"]
    assert f"{player.scheme}://{player.netloc}" in frame_src
    assert "www.youtube.com" not in frame_src and "https:" not in frame_src


@pytest.mark.django_db
def test_the_admin_shows_images_from_the_object_storage(settings, superuser_client, home_page):
    """Thumbnails in the image library come from the bucket, which may be plain HTTP on a local stack."""
    settings.MEDIA_ORIGINS = ["http://127.0.0.1:9000"]

    admin = directives(superuser_client.get("/admin/images/"))

    assert "http://127.0.0.1:9000" in admin["img-src"]
    assert "http://127.0.0.1:9000" in admin["media-src"]


def test_check_deploy_reports_nothing():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


SHOW_HTTPS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
)


def test_https_everywhere_and_hsts_for_a_year():
    result = run_production(["-c", SHOW_HTTPS])
    assert result.stdout.split() == ["True", "31536000", "False", "False", "None"], result.stderr


def test_behind_a_tls_proxy_the_forwarded_proto_says_https_and_subdomains_opt_in():
    result = run_production(
        ["-c", SHOW_HTTPS], BEHIND_TLS_PROXY="1", HSTS_INCLUDE_SUBDOMAINS="1", HSTS_PRELOAD="1"
    )
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]
