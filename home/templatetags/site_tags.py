import json
from urllib.parse import urljoin

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page

from ..seo import SOCIAL_IMAGE, site_url

register = template.Library()

# Characters that could close the <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """Structured data as a JSON-LD <script>, escaped like Django's json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


DESCRIPTION_LENGTH = 160


@register.simple_tag
def page_description(page):
    """The page's meta description: what the editor wrote under Promote, else its intro."""
    if not isinstance(page, Page):  # views without a page (search) pass an empty string
        return ""
    text = page.search_description or getattr(page, "intro", "")
    text = " ".join(str(text).split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"


@register.simple_tag
def breadcrumb_trail(page):
    """The page's ancestors from the home page down (not the tree's root), fetched once per page."""
    if "_breadcrumb_trail" not in page.__dict__:
        page._breadcrumb_trail = list(page.get_ancestors().filter(depth__gt=1))
    return page._breadcrumb_trail


@register.simple_tag(takes_context=True)
def site_structured_data(context):
    """schema.org data every page carries: the clinic, and the page's place in the site."""
    request = context["request"]
    page = context.get("page")
    clinic = context["settings"]["home"]["ClinicSettings"]
    graph = [clinic.structured_data(site_url(request))]
    if isinstance(page, Page) and page.depth > 2:
        items = [*breadcrumb_trail(page), page]
        graph.append(
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": item.title,
                        "item": item.get_full_url(request),
                    }
                    for position, item in enumerate(items, start=1)
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


@register.simple_tag(takes_context=True)
def social_image_url(context, page):
    """The absolute URL of the image shared with a link to the page (Open Graph, Twitter)."""
    request = context["request"]
    hero = getattr(page, "hero_image", None)
    if hero is not None:
        return request.build_absolute_uri(hero.get_rendition(SOCIAL_IMAGE).url)
    return urljoin(site_url(request), static("img/og-default.png"))
