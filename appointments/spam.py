"""Keeping bots out of the appointment form without any third-party service.

Three checks, each answered with a message a person can act on:

- a honeypot: a text field people never see (it is off-screen and out of the tab order) that
  bots filling every input fill in;
- a minimum fill time: the form carries the time it was shown, signed with SECRET_KEY so it
  cannot be forged, and a form sent within MINIMUM_FILL_SECONDS of it is refused;
- a rate limit: at most REQUESTS_PER_HOUR stored requests per client address an hour, counted
  in the cache (the address as django-axes and the page-password throttle read it).

wagtail-honeypot 1.3.1 was considered: its timestamp is unsigned (a bot sends any old time), a
refused submission is silently shown the thank-you page, and its mixin is an AbstractEmailForm,
which mails everything the visitor wrote.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.module_loading import import_string

MINIMUM_FILL_SECONDS = 2
# A form left open longer than this is shown again with a fresh time, to send once more.
MAXIMUM_FILL_SECONDS = 12 * 60 * 60
REQUESTS_PER_HOUR = 20
WINDOW_SECONDS = 60 * 60

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
SALT = "appointments.form-started"

TOO_FAST = "Please wait a few seconds and send the form again."
EXPIRED = "This form was open for a long time. Please check your answers and send it again."
REFUSED = "This request could not be sent. Please leave the last field empty and send the form again."


def started_stamp():
    """The time the form is shown, signed."""
    return signing.dumps(time.time(), salt=SALT)


def seconds_since(stamp):
    """Seconds since the signed `stamp` was made; None if it is missing, forged or too old."""
    try:
        started = signing.loads(stamp, salt=SALT, max_age=MAXIMUM_FILL_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(started, (int, float)):
        return None
    return time.time() - started


class SpamGuardMixin(forms.Form):
    """The honeypot and the fill-time fields, and their checks. Their values are never stored."""

    guard_fields = (HONEYPOT_FIELD, STARTED_FIELD)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Leave this field empty",
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started_stamp
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(REFUSED, code="honeypot")
        elapsed = seconds_since(self.data.get(STARTED_FIELD))
        if elapsed is None:
            self.restart()
            raise forms.ValidationError(EXPIRED, code="expired")
        if elapsed < MINIMUM_FILL_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned_data

    def restart(self):
        """Shows the form again with a fresh time, so that sending it again can succeed."""
        self.data = self.data.copy()
        self.data[STARTED_FIELD] = started_stamp()

    def question_fields(self):
        """The page's own fields, in order (the guard fields are rendered apart)."""
        return [field for field in self if field.name not in self.guard_fields]

    def guard(self):
        return [self[name] for name in self.guard_fields]

    def visitor_data(self):
        """What the visitor answered to the page's own questions: what is stored."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.guard_fields}


def client_address(request):
    # The one definition of the client's address (site_config/throttling.client_ip), named in
    # settings so that this app does not import the project's entry points.
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)


def rate_key(request):
    return f"appointment-requests:{client_address(request)}"


def over_limit(request):
    """Whether this address has sent REQUESTS_PER_HOUR requests in the current hour."""
    return cache.get(rate_key(request), 0) >= REQUESTS_PER_HOUR


def count_request(request):
    key = rate_key(request)
    # The hour starts with the address's first request; add() leaves a running count alone.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr(): this request opens a new hour.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
