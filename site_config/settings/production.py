"""Production: every secret and address comes from the environment.

The site refuses to start when a required variable is missing, and names it.
Every variable is listed, with its meaning, in .env.example at the repository root.
Optional: AWS_STORAGE_BUCKET_NAME (with AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME
and the usual AWS credentials) stores uploads in S3-compatible object storage;
CACHE_URL (redis://host:6379/0) points every server at one shared cache.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_list


def required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set in production "
            "(see the Configuration section of README.md)."
        )
    return value


def strong_secret_key(name):
    """The key, refused when Django's check security.W009 would call it weak."""
    value = required_env(name)
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure"):
        raise ImproperlyConfigured(
            f"The environment variable {name} is too weak: it needs at least 50 characters, "
            "at least 5 different ones, and must not start with 'django-insecure'. Make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    return value


DEBUG = False
SECRET_KEY = strong_secret_key("SECRET_KEY")
# base.py reads it; SQLite is never a silent fallback here (DATABASE_URL=sqlite:////path/db.sqlite3
# is accepted, for a single small server, but must be asked for).
required_env("DATABASE_URL")
required_env("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Hashed names (cached for ever by browsers) and .gz/.br copies made by collectstatic, which
# WhiteNoise serves. gunicorn.conf.py refuses to start before collectstatic has run.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False

if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }


# Security
# HTTPS only: plain HTTP is redirected and browsers are told to stay on HTTPS for a year.
# BEHIND_TLS_PROXY=1 when a proxy or load balancer terminates TLS and sets X-Forwarded-Proto
# (it must overwrite any X-Forwarded-Proto the client sent): Django then reads that header to
# know a request came over HTTPS, so the redirect stays on without looping.
# HSTS_INCLUDE_SUBDOMAINS=1 and HSTS_PRELOAD=1 only when every subdomain serves HTTPS.
def env_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


if env_flag("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("HSTS_PRELOAD")
# check --deploy asks for both; they are commitments for the whole domain (preload is hard to
# undo), so they stay the deployer's choice and the checks say nothing until it is made.
SILENCED_SYSTEM_CHECKS = [
    check
    for check, chosen in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    )
    if not chosen
]
# W019 asks for X_FRAME_OPTIONS = "DENY"; Wagtail's preview frames the site's own pages, so
# base.py sends SAMEORIGIN (and CSP frame-ancestors 'self'): other sites still cannot frame it.
SILENCED_SYSTEM_CHECKS.append("security.W019")
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# Wagtail's admin reads the CSRF token from its forms and pages (wagtailConfig), not the cookie.
CSRF_COOKIE_HTTPONLY = True
