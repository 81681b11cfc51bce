"""Serving the demo for Lighthouse: production-like (no DEBUG), compressed responses, loopback only."""

from .dev import *  # noqa: F403
from .dev import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Production compresses at the web server; here Django does it.
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]
