"""Object storage out of reach: one error for every part of the site to handle, and a mark on
what was built while it was away.

django-storages lets botocore's own errors through (a refused or timed-out connection, a 5xx
from the server, a download cut off part-way), which nothing in Wagtail or Django expects.
`ObjectStorage` (home/object_storage.py, the default storage in production) raises
`StorageUnavailable` instead, an OSError, so that:
- a picture on a page whose rendition must be made from the original is left out, as for a
  file that cannot be read (home/images.py), and the page is still served;
- an upload in the admin is refused with the form's message (`RefusesUploadsWhileUnreachable`,
  on the image and document forms) and,
  if the storage fails after the form was checked, the 500 handler answers 503 with what
  happened (site_config/outages.py): nothing is saved, since the file is stored before its row;
- what was rendered while it failed is not kept by the page cache or the fragment cache
  (home/page_cache.py compares `failures()` before and after), so pictures return with the
  storage, not a day later.
"""

import functools
import logging
import threading
import time

logger = logging.getLogger(__name__)
_failures = threading.local()
# After a failed call, calls in the next seconds fail at once without asking the storage: a page
# with a dozen pictures costs one timeout or refusal and its retry, not a dozen.
QUIET_SECONDS = 5
_quiet_until = 0.0


class StorageUnavailable(OSError):
    """The object storage did not answer, or answered with a server error."""


def failures():
    """How many storage calls have failed in this thread so far (it only grows)."""
    return getattr(_failures, "count", 0)


def is_outage(error):
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import BotoCoreError, ClientError
    from s3transfer.exceptions import RetriesExceededError

    if isinstance(error, ClientError):
        return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    # A download cut off part-way and retried to the end is s3transfer's RetriesExceededError.
    return isinstance(error, (BotoCoreError, S3UploadFailedError, RetriesExceededError))


def reporting_outages(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        global _quiet_until
        if time.monotonic() < _quiet_until:
            _failures.count = failures() + 1
            raise StorageUnavailable("The object storage was out of reach moments ago")
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            if not is_outage(error):
                raise
            _failures.count = failures() + 1
            _quiet_until = time.monotonic() + QUIET_SECONDS
            logged(error)
            raise StorageUnavailable(f"The object storage is out of reach: {error}") from error

    return call


def logged(error):
    # Once a minute per process (LOGGING's throttle on this logger), however many calls fail.
    logger.error("The object storage is out of reach: %s", error)


class RefusesUploadsWhileUnreachable:
    """For a form with a `file` field (Wagtail's image and document forms): a new file is refused
    with the field's message while its storage does not answer, rather than failing on save."""

    unreachable_message = (
        "The file store cannot be reached just now, so this file was not saved. "
        "Please try again in a few minutes."
    )

    def clean(self):
        cleaned_data = super().clean()
        if "file" not in self.changed_data:
            # Left out, the unchanged file is not assigned to the object again: Django's image
            # field would then open it to read its size (from the storage, on every title edit),
            # and an edit that touches no file would fail while the storage is away.
            cleaned_data.pop("file", None)
        elif "file" not in self.errors:
            storage = self._meta.model._meta.get_field("file").storage
            try:
                storage.exists("upload-probe")
            except StorageUnavailable:
                self.add_error("file", self.unreachable_message)
        return cleaned_data

    def _get_validation_exclusions(self):
        # Nor is it assigned again by the model's own validation (the same reading of its size).
        exclude = super()._get_validation_exclusions()
        if "file" not in self.changed_data:
            exclude.add("file")
        return exclude
