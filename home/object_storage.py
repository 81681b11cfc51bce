"""The default storage in production with object storage (settings/production.py): django-storages'
S3Storage, raising StorageUnavailable when the storage is out of reach (home/storage.py).

A file opened for reading is downloaded when it is first read, not when it is opened (S3File asks
only for its size then): `ObjectFile` reports a download that fails, before or part-way, the same
way, and keeps nothing of it, so that a later read tries again rather than reading half a file.
"""

from storages.backends.s3 import S3File, S3Storage

from .storage import reporting_outages


class ObjectFile(S3File):
    def _get_file(self):
        if self._file is None:
            self._download()
        return self._file

    @reporting_outages
    def _download(self):
        try:
            S3File._get_file(self)
        except Exception:
            self._file = None
            raise

    file = property(_get_file, S3File._set_file)


class ObjectStorage(S3Storage):
    _save = reporting_outages(S3Storage._save)
    delete = reporting_outages(S3Storage.delete)
    exists = reporting_outages(S3Storage.exists)
    listdir = reporting_outages(S3Storage.listdir)
    size = reporting_outages(S3Storage.size)
    get_modified_time = reporting_outages(S3Storage.get_modified_time)

    @reporting_outages
    def _open(self, name, mode="rb"):
        file = S3Storage._open(self, name, mode)
        file.__class__ = ObjectFile  # S3Storage._open names S3File itself
        return file
