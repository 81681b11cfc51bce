"""The Content Security Policy, with a looser one for the Wagtail admin.

Public pages run no inline script without the request's nonce (settings:
CONTENT_SECURITY_POLICY). Wagtail 8's admin still writes inline <script> blocks
(inline panels, multiple chooser panels, date widgets), so under /admin/ scripts
may be inline; the admin is only reachable after login.
"""

from django.conf import settings

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"

# Replaces these directives of the public policy for admin pages. No nonce in script-src:
# a nonce would make browsers ignore 'unsafe-inline'.
ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "frame-src": [SELF, "https:"],
    # Wagtail's preview shows the page in an iframe of the editor.
    "frame-ancestors": [SELF],
}


def admin_directives():
    """The admin's directives, with the object storage's origins (production.py's MEDIA_ORIGINS):
    its thumbnails and previews come from there, over plain HTTP on a local stack."""
    media = list(getattr(settings, "MEDIA_ORIGINS", []))
    return {
        **ADMIN_DIRECTIVES,
        "img-src": [*ADMIN_DIRECTIVES["img-src"], *media],
        "media-src": [SELF, *media],
    }


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for admin URLs."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**admin_directives(), **(parts.replace or {})}
        return parts
