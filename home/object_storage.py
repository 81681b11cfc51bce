"""The default storage in production with object storage (settings/production.py): django-storages'
S3Storage, raising StorageUnavailable when the storage is out of reach (home/storage.py)."""

from storages.backends.s3 import S3Storage

from .storage import reporting_outages


class ObjectStorage(S3Storage):
    _open = reporting_outages(S3Storage._open)
    _save = reporting_outages(S3Storage._save)
    delete = reporting_outages(S3Storage.delete)
    exists = reporting_outages(S3Storage.exists)
    listdir = reporting_outages(S3Storage.listdir)
    size = reporting_outages(S3Storage.size)
    get_modified_time = reporting_outages(S3Storage.get_modified_time)
