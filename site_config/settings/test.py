"""Test settings: fast hashing, an in-memory cache, background tasks run immediately.

DATABASE_URL still chooses the database, so the same suite runs on SQLite
(the default) and on PostgreSQL (CI sets DATABASE_URL).
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# What the tests store (the demo's images, uploads, renditions) goes to a folder of this run's,
# removed at exit, never to the project's media/; the `media` fixture gives a test its own.
if "MEDIA_ROOT" not in os.environ:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# test_nasty_input posts 100+ wrong page passwords from one address to one restriction;
# site_config/tests/test_throttling.py sets the real limit (base.py: 30) back for its tests.
PAGE_PASSWORD_FAILURE_LIMIT = 10_000
# No collectstatic before the tests: WhiteNoise reads the app's static folders as it is asked.
WHITENOISE_AUTOREFRESH = True
