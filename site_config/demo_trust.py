"""What stands behind the demo's claims: the comparison each SUD stat's study gives, and the demo
testimonial's disclosures and the patient's signed authorization (shared/seed/README.md).

load_demo_content calls these; each is idempotent: a second run changes nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model

from stories.models.testimonials import authorizations_collection

# The SUD page's stats, by figure, and what their studies compared them with.
SUD_STAT_COMPARISONS = {
    # Krupitsky & Grinenko 1997: 65.8% (73 of 111) against 24% (24 of 100).
    "65.8": {"figure": "24", "unit": "%", "group": "with conventional treatment"},
    # Krupitsky et al. 2007: 50% (13 of 26) after three sessions against 22.2% (6 of 27).
    "50": {"figure": "22.2", "unit": "%", "group": "after one session"},
}
NO_COMPARISON = {"figure": None, "unit": "", "group": ""}


def with_comparison(stat):
    """A stat's raw value (as sud_body writes it) with the comparison its study gives, if any."""
    return {**stat, "comparison": dict(SUD_STAT_COMPARISONS.get(str(stat["figure"]), NO_COMPARISON))}


# The demo testimonial's signed authorization (45 CFR 164.508(c)): what it covers and until when.
AUTHORIZATION = {
    "patient": "Adelle P",
    "signed_on": datetime.date(2026, 1, 15),
    "expires": datetime.date(2028, 1, 15),
    "witness": "Front desk",
}


def authorization_lines(patient, signed_on, expires, witness):
    return [
        "Northwest Ketamine Clinics",
        "Authorization to use protected health information in the clinic's marketing",
        "(45 CFR 164.508)",
        "",
        f"Patient: {patient}",
        "Information to be used: the patient's written statement about their treatment, their",
        "first name and last initial, and that they were treated at the clinic.",
        "Used by: Northwest Ketamine Clinics, on its website.",
        "Purpose: marketing. The clinic receives no payment from anyone for this use.",
        f"This authorization expires on {expires:%B %-d, %Y}.",
        "The patient may revoke it at any time by writing to the clinic; treatment, payment,",
        "enrollment and eligibility for benefits do not depend on signing it.",
        "Information disclosed under it may be redisclosed by its recipient and no longer be",
        "protected by the Privacy Rule.",
        "",
        f"Signed by the patient on {signed_on:%B %-d, %Y}; received by {witness}.",
    ]


def pdf_escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def authorization_pdf(lines):
    """A one-page PDF of `lines` in Helvetica: the same bytes for the same lines."""
    text = "\n".join(
        ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"] + [f"({pdf_escape(line)}) Tj T*" for line in lines] + ["ET"]
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf


def authorization_document(patient, signed_on, expires, witness):
    """The patient's signed authorization in the private collection, added once."""
    Document = get_document_model()
    collection = authorizations_collection()
    title = f"Authorization: {patient}"
    found = Document.objects.filter(collection=collection, title=title).first()
    if found is not None:
        return found
    document = Document(title=title, collection=collection)
    filename = "authorization-" + "-".join(patient.lower().split()) + ".pdf"
    document.file.save(
        filename,
        ContentFile(authorization_pdf(authorization_lines(patient, signed_on, expires, witness))),
        save=False,
    )
    document.save()
    return document


def update_demo_testimonial(testimonial):
    """Give the demo testimonial the clinic's default disclosure of expected results, no material
    connection, and the patient's signed authorization, so it stays publishable. Returns whether
    it changed; a live testimonial's change is published, so its live revision holds it too."""
    wanted = {
        "results_disclosure": "",
        "material_connection": "",
        "authorization": authorization_document(**AUTHORIZATION),
        "authorization_expires": AUTHORIZATION["expires"],
    }
    if all(getattr(testimonial, name) == value for name, value in wanted.items()):
        return False
    with transaction.atomic():
        for name, value in wanted.items():
            setattr(testimonial, name, value)
        testimonial.save()
        if testimonial.live:
            testimonial.save_revision().publish()
    return True
