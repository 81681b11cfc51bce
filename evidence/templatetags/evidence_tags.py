from django import template

register = template.Library()


@register.filter
def reference_number(reference_numbers, study):
    """The number of `study` in the page's reference list, or '' where the page has none."""
    if not reference_numbers or study is None:
        return ""
    return reference_numbers.get(study.pk, "")
