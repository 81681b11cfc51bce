"""A request id on every log line written while a request is handled, and on its response.

The id comes from an incoming X-Request-ID header when a proxy in front set a sane one (a
short token of letters, digits, dots, dashes and underscores), so the proxy's access log and
ours can be joined; anything else is replaced by a fresh random id. It is returned as
X-Request-ID, so a visitor reporting an error page can quote it.

RequestIDMiddleware sets it; RequestIDFilter (named in LOGGING) writes it into each record as
record.request_id ("-" outside a request: management commands, startup).
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")

# A context variable, not a thread-local: each gthread worker thread (and any async task) sees its own.
current_request_id = contextvars.ContextVar("request_id", default="-")


def request_id_from(header_value):
    if header_value and SANE_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIDMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIDFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
