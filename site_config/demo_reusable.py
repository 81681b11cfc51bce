"""The demo's reusable content: the off-label disclaimer and the booking call to action, written
once and chosen on the pages that show them (the "Reusable content" block).

    disclaimer, booking = add_reusable_content(booking_page=contact)
    body = [{"type": "reusable_content", "value": disclaimer.pk}, ...]

Idempotent: an item that already exists (by name) is left as it is, since after the first run it
is the editors' to change. A new item is published at once, as the demo's pages are: code run by
the site's administrator, not an approval (no review is recorded for it).
"""

from django.db import transaction

from home.models import ReusableContent

OFF_LABEL_DISCLAIMER = "Off-label disclaimer"
BOOKING_CALL_TO_ACTION = "Booking call to action"


def off_label_disclaimer_body():
    # The clinic's words, from its current page (../shared/seed/).
    return [
        {
            "type": "notice",
            "value": {
                "kind": "disclaimer",
                "heading": "",
                "text": (
                    "<p>Ketamine for the treatment of addictions is still in the experimental stage "
                    "and is considered \u201coff-label use\u201d by the FDA. However, research has shown "
                    "promising results and is continuing to evolve.</p>"
                ),
            },
        }
    ]


def booking_call_to_action_body(booking_page):
    return [
        {
            "type": "call_to_action",
            "value": {
                "heading": "Is ketamine treatment right for you?",
                "text": "<p>Talk to our team in a free, confidential consultation.</p>",
                "button_label": "Book a consultation",
                "page": booking_page.pk,
                "link_url": "",
            },
        }
    ]


def published_item(name, body):
    item = ReusableContent.objects.filter(name=name).first()
    if item is not None:
        return item
    item = ReusableContent(name=name, body=body, live=False)
    item.save()
    item.save_revision().publish()
    item.refresh_from_db()
    return item


@transaction.atomic
def add_reusable_content(booking_page):
    """The off-label disclaimer and the booking call to action, published; returns both items.

    `booking_page`: the page the call to action's button leads to (the demo's "Book a
    consultation" page)."""
    disclaimer = published_item(OFF_LABEL_DISCLAIMER, off_label_disclaimer_body())
    booking = published_item(BOOKING_CALL_TO_ACTION, booking_call_to_action_body(booking_page))
    return disclaimer, booking
