"""A new condition page starts from the clinic's standard outline, so every condition page has
the same bones (Wagtail's init_new_page signal, sent when the editor opens "Add page")."""

from wagtail.models import Site

from home.models import ClinicSettings


def standard_outline(booking_page_id=None):
    """The bones every condition page shares, in the stream's raw form: the off-label disclaimer,
    the evidence under its heading, and the call to action. The intro is the page's own field,
    and the references are listed from the studies the page cites, so neither is a block.

    Required fields are left empty, not filled with sample words: the editor writes them, and the
    page cannot be submitted for review until they have been. The button leads to the clinic's
    booking page (clinic settings) when there is one."""
    return [
        {"type": "notice", "value": {"kind": "disclaimer", "heading": "", "text": ""}},
        {"type": "heading", "value": {"text": "What the research says", "level": "h2"}},
        {"type": "evidence_table", "value": {"caption": "", "rows": [{"study": None, "summary": ""}]}},
        {
            "type": "call_to_action",
            "value": {
                "heading": "",
                "text": "",
                "button_label": "Book a consultation",
                "page": booking_page_id,
                "link_url": "",
            },
        },
    ]


def start_from_the_outline(sender, page, parent, **kwargs):
    from .models import ConditionPage

    if not isinstance(page, ConditionPage) or page.body:
        return
    site = parent.get_site() or Site.objects.filter(is_default_site=True).first()
    booking_page_id = ClinicSettings.for_site(site).booking_page_id if site else None
    page.body = standard_outline(booking_page_id)
