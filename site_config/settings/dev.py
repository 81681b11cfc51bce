"""Local development: harmless defaults so `make run` needs no configuration."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True

# A development-only key; production.py refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
