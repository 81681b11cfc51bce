"""Requests no real browser or editor sends: a query string's NUL bytes and huge values made
harmless for every view; hand-forged admin form data answered with a 400 instead of a 500.

Query strings. PostgreSQL text cannot hold a NUL byte, so a filter such as ?condition=%00
would fail in the database. Django already turns undecodable bytes and lone surrogates into
U+FFFD, so NUL is the one character left to clean: it becomes a space, as the site search has
always read it (a slug with a space in it matches nothing: a 404). A value is also cut to
MAX_QUERY_VALUE_LENGTH characters; no link of the site comes near it.

Admin posts. The admin's own JavaScript always posts a StreamField's -count, -order, -deleted and -type
fields, numeric chooser ids and rich text as well-formed JSON. Wagtail's form binding trusts
that: a forged or truncated post makes it raise (ValueError for a chooser id that is not a
number or a count that is not an integer, KeyError for a missing field, JSONDecodeError or
RecursionError for a rich text's JSON, AttributeError or TypeError for JSON of the wrong
shape), and the chooser widget raises the same ValueError when it draws the refused form
again. Nothing has been saved at that point, so the request is refused as malformed.

Narrow on purpose: POST only, only the admin's add, edit and preview views, and only an
exception raised while Wagtail or Django reads the posted values into a form (the functions
in BINDING_FUNCTIONS). Anything else is still a 500 and still reaches the error log.
"""

import logging
import re
import traceback
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, QueryDict
from django.urls import reverse

logger = logging.getLogger(__name__)

MAX_QUERY_VALUE_LENGTH = 1_000


def clean_query_value(value):
    return value.replace("\x00", " ")[:MAX_QUERY_VALUE_LENGTH]


class CleanQueryStringMiddleware:
    """Give every view a request.GET without NUL bytes and without values of more than
    MAX_QUERY_VALUE_LENGTH characters (names and values alike)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lists = list(request.GET.lists())
        cleaned = [
            (clean_query_value(key), [clean_query_value(value) for value in values]) for key, values in lists
        ]
        if cleaned != lists:
            request.GET = QueryDict(urlencode([(key, value) for key, values in cleaned for value in values]))
        return self.get_response(request)


FORGED_DATA_ERRORS = (
    ValueError,  # json.JSONDecodeError is one
    TypeError,
    KeyError,  # MultiValueDictKeyError is one
    AttributeError,
    IndexError,
    RecursionError,
    ValidationError,
)
# Where posted values become a form's or a block's value (value_from_datadict, value_from_form)
# or a chooser widget reads its posted id again to draw the form (get_value_data).
BINDING_FUNCTIONS = {"value_from_datadict", "value_from_form", "get_value_data"}
# Admin views that bind a posted editor form: pages, snippets, settings, images, wagtail-modeladmin.
FORM_VIEW_NAME = re.compile(r"(^|_)(add|create|edit|preview_on_add|preview_on_edit)$")


def raised_while_binding_form_data(exception):
    return any(
        frame.f_code.co_name in BINDING_FUNCTIONS for frame, _ in traceback.walk_tb(exception.__traceback__)
    )


class MalformedAdminPostMiddleware:
    """Answer 400 to an admin form post whose data the admin's own forms could not have sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if (
            request.method != "POST"
            or match is None
            or not request.path.startswith(reverse("wagtailadmin_home"))
            or not FORM_VIEW_NAME.search(match.url_name or "")
            or not isinstance(exception, FORGED_DATA_ERRORS)
            or not raised_while_binding_form_data(exception)
        ):
            return None
        logger.warning(
            "Refused a malformed admin form post to %s (%s) by user %s: %s: %s",
            request.path,
            match.view_name,
            getattr(request.user, "pk", None),
            type(exception).__name__,
            str(exception)[:200],
        )
        return HttpResponseBadRequest(
            "The form data was malformed, so nothing was saved. Reload the editor and try again.",
            content_type="text/plain; charset=utf-8",
        )
