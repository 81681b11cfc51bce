"""A large study import runs here, in the task worker, instead of in the request that confirms it.

The preview keeps the file in a StudyImport; confirming it sets it QUEUED and queues
`run_study_import`; the worker
(`manage.py db_worker --backend background`) checks every row, then saves the studies a chunk at
a time, recording its progress on the StudyImport for the admin's status page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task

from .importers import (
    ChunkFailed,
    ReferenceFileError,
    apply_in_chunks,
    plan_import,
    read_references,
    refuse_cited_changes,
)
from .models import StudyImport

# The task queue in the database that the worker runs. Where the settings have no such backend
# (the tests' settings), the task runs on the default backend, at once.
BACKGROUND_BACKEND = "background"
# Studies saved in one transaction; progress shows after each chunk.
CHUNK_SIZE = 500


def enqueue_import(study_import):
    backend = BACKGROUND_BACKEND if BACKGROUND_BACKEND in settings.TASKS else DEFAULT_TASK_BACKEND_ALIAS
    return run_study_import.using(backend=backend).enqueue(study_import.pk)


@task()
def run_study_import(import_id):
    run_import(StudyImport.objects.get(pk=import_id))


def run_import(job):
    Status = StudyImport.Status
    if job.status != Status.QUEUED:
        return  # already run (a task may be delivered twice)
    job.status = Status.CHECKING
    job.save(update_fields=["status"])
    try:
        plan = plan_import(read_references(job.filename, bytes(job.data)), job.defaults)
        refuse_cited_changes(plan, job.started_by)
    except (ReferenceFileError, ValidationError) as error:
        return finish(job, Status.FAILED, errors=errors_of(error))
    except Exception:
        finish(
            job, Status.FAILED, errors=["The import stopped on an unexpected error; nothing was imported."]
        )
        raise

    job.status = Status.RUNNING
    job.total = len(plan.operations)
    job.unchanged_count = len(plan.unchanged)
    job.save(update_fields=["status", "total", "unchanged_count"])

    def record_progress(done):
        job.done = done
        job.save(update_fields=["done"])

    try:
        apply_in_chunks(plan, CHUNK_SIZE, record_progress)
    except ChunkFailed as failed:
        return finish(
            job,
            Status.FAILED,
            errors=[
                f"Saving {failed.first} to {failed.last} failed ({failed.error}); none of those rows was "
                f"saved, and nothing after them. The {failed.saved} studies before them were imported: "
                "import the corrected file again, and they will be matched and left as they are."
            ],
        )
    except Exception:
        finish(
            job,
            Status.FAILED,
            errors=[f"The import stopped on an unexpected error after {job.done} studies."],
        )
        raise
    job.created_count = len(plan.to_create)
    job.updated_count = len(plan.to_update)
    finish(job, Status.DONE)


def finish(job, status, errors=()):
    job.status = status
    job.errors = list(errors)
    job.finished_at = timezone.now()
    # The file is not needed once the import has ended: a finished record keeps only its outcome.
    job.data = b""
    job.save()


def errors_of(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]
