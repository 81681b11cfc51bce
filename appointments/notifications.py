"""The email that tells the clinic a request arrived. It links to the requests in the admin and
holds nothing the visitor wrote: email passes through servers the clinic does not control."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

logger = logging.getLogger(__name__)

SUBJECT = "New appointment request"


def requests_url(page):
    """The address of the page's requests in the admin."""
    path = reverse("wagtailforms:list_submissions", args=[page.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notification_text(page, submission):
    received = date_format(timezone.localtime(submission.submit_time), "DATETIME_FORMAT")
    return (
        f"An appointment request arrived through \u201c{page.title}\u201d on {received}.\n\n"
        f"Read it in the admin (sign in as a patient coordinator):\n{requests_url(page)}\n\n"
        f"Requests are deleted {page.retention_days} days after they arrive.\n"
    )


def notify_clinic(page, submission):
    """Mails the page's notify addresses. The request is stored either way: a mail server that
    refuses is logged, and the visitor still sees the confirmation."""
    recipients = page.notify_list()
    if not recipients:
        return
    try:
        # Through EMAIL_BACKEND, which production queues for the task worker (site_config/mail.py).
        send_mail(SUBJECT, notification_text(page, submission), None, recipients)
    except Exception:
        logger.exception("Could not send the notification of appointment request %s", submission.pk)
