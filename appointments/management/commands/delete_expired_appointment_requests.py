"""Deletes the appointment requests older than their page's retention period.

    manage.py delete_expired_appointment_requests

Run it daily (docs/deploy.md has a cron line and a systemd timer).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.models import AppointmentFormPage


class Command(BaseCommand):
    help = "Deletes the appointment requests kept longer than their page's retention period."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        deleted = 0
        for page in AppointmentFormPage.objects.all():
            cutoff = now - timedelta(days=page.retention_days)
            count, _ = page.get_submissions().filter(submit_time__lt=cutoff).delete()
            deleted += count
        noun = "request" if deleted == 1 else "requests"
        self.stdout.write(f"Deleted {deleted} appointment {noun} older than their page's retention period.")
