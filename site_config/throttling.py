"""Throttles guessing at page passwords: too many wrong ones and the form is refused for a while.

Wagtail's password form for a private page (wagtail.views.authenticate_with_password) has no
limit of its own. This view wraps it at the same URL (site_config/urls.py): wrong passwords are
counted per restriction and client address in the cache, and after PAGE_PASSWORD_FAILURE_LIMIT
of them the form answers 429 with the lockout page until AXES_COOLOFF_TIME has passed
since the last wrong one. Admin logins are throttled by django-axes (settings/base.py).
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from wagtail import views as wagtail_views

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped for a login without a request.

    Every login over HTTP has a request; only code (the shell, the test client's login())
    authenticates without one, and django-axes would refuse it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request):
    """The address a request came from, for counting failures (django-axes and page passwords).

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies (load balancer, CDN) stand in front: then
    REMOTE_ADDR is the nearest proxy's, the same for every visitor, and the client is the address
    the outermost trusted proxy saw, which it appended to X-Forwarded-For. Anything further left
    in that header was written by the client itself and is never believed.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # The last `count` entries were appended by the trusted proxies, outermost first.
    return forwarded[-count] if len(forwarded) >= count else remote


def failures_key(request, page_view_restriction_id):
    return f"page-password-failures:{page_view_restriction_id}:{client_ip(request)}"


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form, refused after too many wrong passwords."""
    key = failures_key(request, page_view_restriction_id)
    cooloff = settings.AXES_COOLOFF_TIME
    if request.method == "POST" and cache.get(key, 0) >= settings.PAGE_PASSWORD_FAILURE_LIMIT:
        return render(
            request,
            "lockout.html",
            {"cooloff_timedelta": cooloff},
            status=429,
        )
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # The right password redirects to the page; a wrong one shows the form again.
    if request.method == "POST" and not 300 <= response.status_code < 400:
        cache.add(key, 0, timeout=int(cooloff.total_seconds()))
        cache.incr(key)
        cache.touch(key, timeout=int(cooloff.total_seconds()))
    return response
