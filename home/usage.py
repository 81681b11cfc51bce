"""Which pages use a record (a study, a testimonial), from Wagtail's reference index."""

from wagtail.models import Page, ReferenceIndex


def pages_using(obj):
    """Pages whose content refers to `obj` (chosen in a block or a field), live or not."""
    page_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids])
