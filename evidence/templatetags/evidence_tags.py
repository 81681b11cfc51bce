from django import template

from ..models import evidence_scales

register = template.Library()

# The levels of evidence and magnitudes of effect, for the legend under an evidence table.
register.simple_tag(evidence_scales)


@register.filter
def reference_number(reference_numbers, study):
    """The number of `study` in the page's reference list, or '' where the page has none."""
    if not reference_numbers or study is None:
        return ""
    return reference_numbers.get(study.pk, "")
