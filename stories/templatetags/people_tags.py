"""The address of a person's public profile, for any template that names a person."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_url(context, person):
    """The person's profile address, or "" (no public profile, no live team page, no person).

    The team page is looked up once per request, however many people the page names."""
    if person is None or not hasattr(person, "get_profile_url"):
        return ""
    return person.get_profile_url(context.get("request"))
