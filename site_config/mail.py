"""Mail sent while a request is handled goes out from the task worker: the editor approving a
page or the visitor asking for a password reset never waits for the mail server, and never
sees an error page when it is slow or down.

Production sets EMAIL_BACKEND to WorkerEmailBackend and EMAIL_WORKER_BACKEND to the backend
EMAIL_URL chose (settings/production.py). In a request (Wagtail's workflow notifications,
password reset, error mail to ADMINS), each message is written out as the mail server will
receive it. One task per message on the default backend then sends those bytes through
EMAIL_WORKER_BACKEND.

Outside a request (a management command, or the worker itself), messages are sent at once
through EMAIL_WORKER_BACKEND. A command run by a scheduler, such as
unpublish_expired_testimonials, still sees the server's refusal and exits 1 with a message.
"""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from django_tasks import task

from .request_id import current_request_id

logger = logging.getLogger(__name__)


def in_request():
    # RequestIDMiddleware (first in MIDDLEWARE) sets an id for each request; outside one it is "-".
    return current_request_id.get() != "-"


def worker_connection(**kwargs):
    return get_connection(settings.EMAIL_WORKER_BACKEND, **kwargs)


class WorkerEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND: queues a request's messages for the worker and sends the rest at once."""

    def send_messages(self, email_messages):
        if not in_request():
            return worker_connection(fail_silently=self.fail_silently).send_messages(email_messages)
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                send_written_mail.enqueue(*written(message))
            except Exception:
                # The queue lives in the database. When it cannot be written (the database
                # is down, perhaps the very error being mailed to ADMINS), send the message now.
                logger.exception("Could not queue a message for the task worker; sending it now")
                queued += worker_connection(fail_silently=self.fail_silently).send_messages([message])
            else:
                queued += 1
        return queued


def written(message):
    """The message as task arguments: its envelope and its bytes as the SMTP server gets them
    (headers, alternatives, attachments, Message-ID and Date included)."""
    data = message.message().as_bytes(linesep="\r\n")
    return message.from_email, message.recipients(), base64.b64encode(data).decode("ascii")


@task()
def send_written_mail(from_email, recipients, data):
    """Sends a message written in a request. A refusal fails the task, which the worker logs
    with its traceback and keeps, failed, in the task results."""
    message = WrittenMessage(from_email, recipients, base64.b64decode(data))
    with worker_connection() as connection:
        return connection.send_messages([message])


class WrittenMessage(EmailMessage):
    """A message written out earlier, sent byte for byte. Its envelope comes from the task."""

    def __init__(self, from_email, recipients, data):
        super().__init__(from_email=from_email, to=recipients)
        self.data = data

    def message(self):
        return WrittenMIME(self.data)


class WrittenMIME:
    """What Django's mail backends read from a message's MIME form: its bytes."""

    def __init__(self, data):
        self.data = data  # lines end in CRLF, as on the wire

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n"):
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self):
        return None  # the console backend then prints the bytes as UTF-8
