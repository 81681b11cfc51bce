"""manage.py stalled_tasks [--older-than MINUTES] [--requeue]: the background tasks a worker
started long ago and never finished.

A task worker killed mid-job (SIGKILL, the machine lost, out of memory) leaves its task RUNNING
in the queue for ever: django-tasks' database worker has no lease that expires. Run this on a
schedule (docs/deploy.md): it names every task RUNNING for longer than --older-than minutes
(default 60, longer than any job of this site takes), logs each as an error and exits 1, so the
scheduler's alert fires; nothing is silently lost. With --requeue it also puts them back in the
queue (READY), for the next worker to run again. The site's tasks bear running twice: index
updates, renditions and purges are made again, an import matches its studies by identifier, and
a notification mail the dead worker had already sent goes a second time. A task still running on
a live worker past the limit would run twice at once, hence the generous default.
"""

import logging
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Reports (and with --requeue, queues again) background tasks RUNNING for too long."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES")
        parser.add_argument("--requeue", action="store_true", help="put them back in the queue")

    def handle(self, older_than, requeue, **options):
        if older_than < 0:
            raise CommandError("--older-than takes a number of minutes, 0 or more.")
        limit = timezone.now() - timedelta(minutes=older_than)
        stalled = list(
            DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=limit).order_by(
                "started_at"
            )
        )
        for task in stalled:
            logger.error(
                "Task %s (%s) has been running since %s on worker %s%s",
                task.pk,
                task.task_path,
                task.started_at.isoformat(timespec="seconds"),
                ", ".join(task.worker_ids) or "unknown",
                "; queued again" if requeue else "",
            )
            self.stdout.write(
                f"{task.pk} {task.task_path} running since {task.started_at:%Y-%m-%d %H:%M} UTC"
            )
        if requeue and stalled:
            DBTaskResult.objects.filter(
                pk__in=[task.pk for task in stalled], status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
        if stalled:
            raise CommandError(
                f"{len(stalled)} task(s) running for over {older_than} minutes"
                + (": queued again." if requeue else "; --requeue queues them again.")
            )
        self.stdout.write(f"No task has been running for over {older_than} minutes.")
