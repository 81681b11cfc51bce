import json
from urllib.parse import urljoin

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import Token
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.images.models import Picture
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag
from wagtail.models import Page, Site

from .. import page_cache
from ..content_blocks import faq_structured_data
from ..images import rendition_or_none, renditions_or_none
from ..media_blocks import HERO_IMAGES
from ..models.locations import visible_locations
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


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """The page's ancestors from the home page down (not the tree's root): once per page, and
    from the shared cache where it is on (a title changes only by a publish, which renews it)."""
    if "_breadcrumb_trail" not in page.__dict__:
        request = context.get("request")

        def ancestors():
            return list(page.get_ancestors().filter(depth__gt=1))

        if request is None or page.pk is None:
            page._breadcrumb_trail = ancestors()
        else:
            page._breadcrumb_trail = page_cache.fragment(
                request, "breadcrumbs", ancestors, page.pk, page.path
            )
    return page._breadcrumb_trail


class CachedFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist

    def render(self, context):
        request = context.get("request")
        values = [expression.resolve(context) for expression in self.vary_on]
        # No request, or a value it varies on missing (a view without a page): rendered each time.
        if request is None or any(value in (None, "") for value in values):
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        parts = [site.pk if site else None, *values]
        # The clinic's date too: a testimonial whose consent ends today leaves at midnight.
        parts.append(timezone.localdate().isoformat())
        return page_cache.fragment(request, self.name, lambda: self.nodelist.render(context), *parts)


@register.tag
def cached_fragment(parser, token):
    """{% cached_fragment "name" [value ...] %}...{% endcached_fragment %}: markup rendered once per
    content generation, site, day and values (a page's pk for its body) while the fragment cache is
    on (home/page_cache.py), and afresh in a preview or when a value is missing. Nothing inside
    may depend on the visitor or the request beyond its site and the values named: no form, no
    CSP nonce."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a quoted fragment name, then the values it varies on"
        )
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(bits[1][1:-1], vary_on, nodelist)


@register.simple_tag(takes_context=True)
def page_structured_data(context, page):
    """The page's own schema.org data (SitePage.structured_data), or None."""
    structured_data = getattr(page, "structured_data", None)
    return structured_data(context["request"]) if callable(structured_data) else None


@register.simple_tag
def faq_page_data(page):
    """The page's FAQPage for search engines, from its FAQ blocks; None without an answered question."""
    return faq_structured_data(page)


@register.simple_tag(takes_context=True)
def site_structured_data(context):
    """schema.org data every page carries: the clinic, and the page's place in the site."""
    request = context["request"]
    page = context.get("page")
    clinic = context["settings"]["home"]["ClinicSettings"]
    graph = [clinic.structured_data(site_url(request))]
    if isinstance(page, Page) and page.depth > 2:
        items = [*breadcrumb_trail(context, page), page]
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
def site_locations(context):
    """The site's published locations, for the footer: one query per request."""
    request = context.get("request")
    return visible_locations(request) if request is not None else []


@register.simple_tag(takes_context=True)
def social_image_url(context, page):
    """The absolute URL of the image shared with a link to the page (Open Graph, Twitter)."""
    request = context["request"]
    hero = getattr(page, "hero_image", None)
    rendition = rendition_or_none(hero, SOCIAL_IMAGE) if hero is not None else None
    if rendition is not None:
        return request.build_absolute_uri(rendition.url)
    return urljoin(site_url(request), static("img/og-default.png"))


# The hero image's `sizes`, as templates/blocks/hero_block.html gives them to its <picture>.
HERO_IMAGE_SIZES = "(max-width: 48rem) 100vw, 36rem"


@register.filter
def opens_with_hero(page):
    """Whether the page's first block is a hero (which then stands in for the page's header)."""
    body = getattr(page, "body", None) if isinstance(page, Page) else None
    return bool(body) and body[0].block_type == "hero"


@register.simple_tag
def hero_image_preload(page):
    """A <link rel="preload"> for the image of the hero that opens the page (its first block),
    so the browser fetches it with the stylesheet instead of after layout. It names the
    renditions the hero's <picture> offers first (AVIF), with their type, so a browser that
    cannot show AVIF preloads nothing rather than a file it would not use.

    No query of its own: the stream loads the hero's image and renditions (HeroBlock's
    bulk_to_python), and the body renders from the same loaded value."""
    if not opens_with_hero(page):
        return ""
    image = page.body[0].value.get("image")
    renditions = renditions_or_none(image, *HERO_IMAGES) if image else None
    if not renditions:
        return ""
    formats = Picture(renditions).formats
    file_format = next(fmt for fmt in Picture.source_format_order if fmt.name in formats)
    return format_html(
        '<link rel="preload" as="image" type="{}" imagesrcset="{}" imagesizes="{}" fetchpriority="high">',
        file_format.mime_type,
        Picture.get_width_srcset(formats[file_format.name]),
        HERO_IMAGE_SIZES,
    )


class PictureOrNothingNode(PictureNode):
    """Wagtail's {% picture %}, rendering nothing for an image whose file cannot be read."""

    def render(self, context):
        image = self.validate_image(context)
        renditions = renditions_or_none(image, *self.get_filters()) if image else None
        picture = None
        if renditions:
            picture = Picture(renditions, {key: value.resolve(context) for key, value in self.attrs.items()})
        if self.output_var_name:
            context[self.output_var_name] = picture
            return ""
        return picture.__html__() if picture else ""


@register.tag
def picture_or_nothing(parser, token):
    """{% picture_or_nothing image filter-specs attr=value... [as name] %}: {% picture %}, but an image
    without one (or whose file is missing or broken) renders as nothing, and the fault is logged.

    With `as name`, the attributes stay (unlike {% picture %}) and `name` is the picture to
    print, or None: a template can leave out the element around a missing image.
    """
    bits = token.split_contents()
    output_var_name = None
    if len(bits) > 2 and bits[-2] == "as":
        output_var_name = bits[-1]
        bits = bits[:-2]
    wagtail_token = Token(token.token_type, " ".join(["picture", *bits[1:]]), token.position, token.lineno)
    node = parse_image_tag(parser, wagtail_token)
    return PictureOrNothingNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=output_var_name
    )
