"""The demo's appointment request page, at /book/, with the default questions.

    booking = add_appointment_page(home)

Idempotent: a page already at /book/ is left as it is, since after the first run it is the
editors' to change. Run setup_editorial_roles after it, so that the patient coordinators may
read its requests.
"""

from django.db import transaction

from appointments.models import AppointmentFormPage, default_appointment_fields
from home.models import ClinicSettings

SLUG = "book"
TITLE = "Book a consultation"
INTRO = (
    "Tell us how to reach you and when suits you. A patient coordinator calls or emails you back "
    "within one working day to find a time for your first consultation, which is free."
)


@transaction.atomic
def add_appointment_page(home):
    """The appointment request page under `home`, made if it does not exist yet."""
    existing = home.get_children().filter(slug=SLUG).specific().first()
    if existing is not None:
        return existing
    clinic = ClinicSettings.for_site(home.get_site()) if home.get_site() else None
    page = AppointmentFormPage(
        slug=SLUG,
        title=TITLE,
        intro=INTRO,
        # The clinic's own address hears of each request; the email holds no answer.
        notify_addresses=clinic.email if clinic and clinic.email else "",
    )
    page.form_fields = default_appointment_fields()
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
