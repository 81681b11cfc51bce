"""What search engines and link previews read: the site's address and the image shared with a link."""

from wagtail.models import Site

# Open Graph's recommended size for shared links.
SOCIAL_IMAGE = "fill-1200x630|format-jpeg"


def site_url(request):
    """The site's public address, as its Site record gives it (the same base as page URLs)."""
    site = Site.find_for_request(request)
    return f"{site.root_url}/" if site else request.build_absolute_uri("/")
