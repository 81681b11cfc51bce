"""Unpublish testimonials whose patient consent or signed authorization has expired, and tell
editors where they appeared.

Consent that expires on a date ends on it: a testimonial whose consent expires today is
unpublished today (Testimonial.consent_expired, TestimonialQuerySet.expired).

Run it daily from the scheduler that runs Wagtail's publish_scheduled, e.g.

    15 0 * * *  manage.py unpublish_expired_testimonials

Pages stop showing an expired testimonial at once whether or not this runs
(every page checks consent when it renders); this command takes it off the
live list, records who and why in Wagtail's history, indexes the pages it was
on again (so its words no longer find them), and emails editors the pages that
lost a testimonial so they can fill the gap. A withdrawn consent needs no
command: recording it takes the testimonial off at once.
"""

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from home.usage import pages_using
from stories.models import Testimonial


def ended(testimonial):
    """What has expired: the consent, the signed authorization, or both, with the dates."""
    today = timezone.localdate()
    parts = [
        f"{what} expired {date:%Y-%m-%d}"
        for what, date in (
            ("consent", testimonial.consent_expires),
            ("authorization", testimonial.authorization_expires),
        )
        if date and date <= today
    ]
    return "; ".join(parts)


class Command(BaseCommand):
    help = "Unpublishes testimonials whose consent has expired and emails editors the pages affected."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        expired = list(Testimonial.objects.filter(live=True).expired().order_by("consent_expires", "pk"))
        if not expired:
            self.stdout.write("No published testimonial has expired consent or authorization.")
            return

        lines = []
        for testimonial in expired:
            pages = list(pages_using(testimonial).live().order_by("title"))
            if not dry_run:
                with transaction.atomic():
                    testimonial.unpublish()
            lines.append(
                f"{testimonial} ({ended(testimonial)}) "
                + (
                    "appeared on: "
                    + "; ".join(f"{page.title} ({page.url or page.url_path})" for page in pages)
                    if pages
                    else "was not on any live page."
                )
            )
        verb = "Would unpublish" if dry_run else "Unpublished"
        report = (
            f"{verb} {len(expired)} testimonial(s) whose patient consent or authorization has expired:\n"
            + "\n".join(f"- {line}" for line in lines)
        )
        self.stdout.write(report)
        if not dry_run:
            self.notify_editors(report)

    def notify_editors(self, report):
        # Named: with more than one authentication backend (django-axes), with_perm needs to be told
        # which one holds the permissions.
        editors = (
            get_user_model()
            .objects.with_perm(
                "stories.change_testimonial", backend="django.contrib.auth.backends.ModelBackend"
            )
            .filter(is_active=True)
        )
        recipients = sorted({user.email for user in editors if user.email})
        if recipients:
            try:
                send_mail(
                    "Testimonials taken off the site: patient consent expired",
                    report
                    + "\n\nThe pages above now show no testimonial where these were. Replace them if needed.",
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                )
            except (OSError, smtplib.SMTPException) as error:
                # The unpublishing above stands (each was its own transaction); the scheduler
                # sees the non-zero exit and the report above tells editors what to look at.
                raise CommandError(
                    f"The testimonials above were unpublished, but emailing {len(recipients)} "
                    f"editor(s) failed: {type(error).__name__}: {error}"
                ) from error
            self.stdout.write(f"Told {len(recipients)} editor(s) by email.")
