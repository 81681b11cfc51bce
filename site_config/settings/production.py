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
from .base import CONTENT_SECURITY_POLICY, STORAGES, env_list


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

# Background work waits in the database for the task workers instead of running in a request.
# "default" holds Wagtail's tasks and ours: search and reference index updates, renditions
# (home/tasks.py), focal points, deleting files, CDN purges. It is run by
# `manage.py db_worker --backend default --queue-name '*'`. "background" holds the long jobs
# (a large study import) for `manage.py db_worker --backend background`, so an import never
# holds up a search index update. A task is written in the transaction that queues it, so a
# rolled-back publish leaves none, and the worker sees it only once the publish has committed.
# TASKS_IMMEDIATE=1, for one small server without a default worker: that work runs in the
# request, as with `make run`; large imports still wait for a background worker.
TASKS_IMMEDIATE = os.environ.get("TASKS_IMMEDIATE", "").strip().lower() in ("1", "true", "yes")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend"
    },
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
if not TASKS_IMMEDIATE:
    # Mail sent in a request (workflow notifications, password reset) goes out from the worker
    # too; a management command's is sent at once, so it sees a failure (site_config/mail.py).
    EMAIL_WORKER_BACKEND = globals().get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_BACKEND = "site_config.mail.WorkerEmailBackend"

# Hashed names (cached for ever by browsers) and .gz/.br copies made by collectstatic, which
# WhiteNoise serves. gunicorn.conf.py refuses to start before collectstatic has run.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def media_origins(bucket, endpoint_url, region, addressing_style, custom_domain):
    """The origins media URLs point at, for the Content Security Policy: the custom domain's, or
    the bucket's on its server (path style: the server's; virtual: the bucket's own host name;
    unset: botocore chooses, so both)."""
    if custom_domain:
        return [f"https://{custom_domain.split('/')[0]}"]
    if endpoint_url:
        scheme, _, host = endpoint_url.partition("://")
        host = host.split("/")[0]
    else:
        scheme, host = "https", f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    path_style, virtual_style = f"{scheme}://{host}", f"{scheme}://{bucket}.{host}"
    return {"path": [path_style], "virtual": [virtual_style]}.get(
        addressing_style, [virtual_style, path_style]
    )


if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    from botocore.config import Config

    # django-storages' S3Storage, its outages raised as one error the site handles (home/storage.py).
    STORAGES["default"] = {"BACKEND": "home.object_storage.ObjectStorage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    # django-storages reads these from the settings (only the credentials from the environment).
    # An S3-compatible server other than Amazon's (MinIO, Ceph, moto): its URL.
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    # "path" (http://host/bucket/key) for a server without a host name per bucket, "virtual"
    # (http://bucket.host/key); unset, botocore chooses.
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    # A CDN or a domain of the clinic's in front of the bucket (media.example.com): media URLs
    # name it, over HTTPS, instead of the bucket.
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # Storage that is down or hangs costs a request seconds, not a worker: a short connect
    # timeout and one retry (botocore's defaults are 60 s and four retries).
    AWS_S3_CLIENT_CONFIG = Config(
        s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
        connect_timeout=2,
        read_timeout=20,
        retries={"mode": "standard", "max_attempts": 2},
    )
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    # Plain URLs, the same for every visitor and cacheable: the bucket's policy lets anyone read
    # images/ and original_images/, and nothing else.
    AWS_QUERYSTRING_AUTH = False
    # Documents are streamed by the site through /documents/, which checks their collection's
    # privacy, never redirected to the bucket (Wagtail's default for remote storage): a plain URL
    # would be public, and documents/ is not readable in the bucket.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    # The site's pages show images (and play media) from there.
    MEDIA_ORIGINS = media_origins(
        AWS_STORAGE_BUCKET_NAME,
        AWS_S3_ENDPOINT_URL,
        AWS_S3_REGION_NAME,
        AWS_S3_ADDRESSING_STYLE,
        AWS_S3_CUSTOM_DOMAIN,
    )
    _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    CONTENT_SECURITY_POLICY = {
        **CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **_directives,
            "img-src": [*_directives["img-src"], *MEDIA_ORIGINS],
            "media-src": [*_directives.get("media-src", ["'self'"]), *MEDIA_ORIGINS],
        },
    }

if os.environ.get("CACHE_URL"):
    # django-redis: with IGNORE_EXCEPTIONS a Redis that is down is a cache miss (pages render,
    # sessions come from the database), logged once a minute (site_config/outages.py), and
    # the cache is used again as soon as it answers. Short timeouts: a Redis that hangs costs
    # a request a fraction of a second, not the worker.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Anonymous page views from the shared cache (home/page_cache.py), for at most this many
    # seconds, and never past the clinic's midnight; PAGE_CACHE_SECONDS=0 turns it off. Without a
    # shared cache it stays off: a per-process cache would not hear of changes made elsewhere.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
    # The header, footer, breadcrumbs and page bodies of the pages that cache does not answer (editors,
    # listings' later pages), kept until a change; FRAGMENT_CACHE_SECONDS=0 turns it off.
    FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "86400"))
    # Sessions read from the shared cache, written through to the database: any server answers
    # any editor, and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# A CDN or caching proxy in front, purged whenever the page cache is invalidated
# (wagtail.contrib.frontend_cache): FRONTEND_CACHE_PURGE_URL for a proxy that takes HTTP PURGE
# requests (Varnish, nginx, Squid); CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN; or
# CLOUDFRONT_DISTRIBUTION_ID (with the AWS credentials). Pages then say s-maxage to it.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": required_env("CLOUDFLARE_API_TOKEN"),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
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

# LOCAL_PLAIN_HTTP=1 serves plain HTTP, without the redirect and with cookies a browser sends over
# HTTP: for the production stack on one machine's loopback (`make production`, the smoke test),
# where no TLS proxy stands in front. Refused unless every host in ALLOWED_HOSTS is a loopback
# name, so a site reachable from elsewhere never leaves HTTPS.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_PLAIN_HTTP = env_flag("LOCAL_PLAIN_HTTP")
if LOCAL_PLAIN_HTTP and (public := [host for host in ALLOWED_HOSTS if host.lower() not in LOOPBACK_HOSTS]):
    raise ImproperlyConfigured(
        "LOCAL_PLAIN_HTTP=1 serves the site over plain HTTP and is only for loopback, but ALLOWED_HOSTS "
        f"also names {', '.join(public)}. Serve those over HTTPS (BEHIND_TLS_PROXY=1 behind a proxy)."
    )
SECURE_SSL_REDIRECT = not LOCAL_PLAIN_HTTP
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
SESSION_COOKIE_SECURE = not LOCAL_PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not LOCAL_PLAIN_HTTP
# Wagtail's admin reads the CSRF token from its forms and pages (wagtailConfig), not the cookie.
CSRF_COOKIE_HTTPONLY = True
