"""The brand stylesheet: the clinic's brand colour as CSS custom properties.

The site's policy allows no inline style (CONTENT_SECURITY_POLICY's style-src is 'self'), and a
nonce would keep a page out of the page cache, so the colour set in clinic settings comes as a
tiny stylesheet of its own. base.html links it only when a brand colour is set, with the colour
in its address: a browser may keep it for good, and a new colour is a new address.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import ClinicSettings

YEAR = 365 * 24 * 60 * 60


@require_safe
def brand_stylesheet(request):
    clinic = ClinicSettings.for_request(request)
    palette = clinic.brand_palette
    declarations = "".join(f"{name}:{value};" for name, value in palette.items())
    response = HttpResponse(f":root{{{declarations}}}\n" if declarations else "", content_type="text/css")
    if palette and request.GET.get("v") == clinic.brand_stylesheet_version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        # An address from before the colour changed: answer with today's colour, kept by no one.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
