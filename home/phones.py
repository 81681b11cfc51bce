"""Phone numbers as visitors read them, checked that they can be dialled, and as tel: links."""

from django.conf import settings

import phonenumbers

# Numbers written without +country code are read as numbers of this country.
PHONE_REGION = getattr(settings, "CLINIC_PHONE_REGION", "US")

PHONE_HELP = (
    "As visitors should read it, e.g. (503) 555-0100 or (503) 555-0100 ext. 2; "
    "with + and the country code if it is not a US number."
)
NOT_DIALLABLE = "This is not a phone number that can be dialled: check the digits and the area code."


def parse_phone(text):
    """The number, parsed; None if it is blank or cannot be dialled."""
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def tel_link(text):
    """The number as a tel: address (RFC 3966, with its extension); "" if it cannot be dialled."""
    number = parse_phone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966) if number else ""
