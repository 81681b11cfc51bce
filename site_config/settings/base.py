"""Settings shared by every environment.

Nothing secret lives here: the secret key, the database, storage and cache
come from the environment (see dev.py for the harmless local defaults and
production.py for what a deployment must set).
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from wagtail.embeds.oembed_providers import vimeo, youtube

import dj_database_url
import dj_email_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "home",
    "conditions",
    "evidence",
    "stories",
    "search",
    "appointments",
    "site_config",
    "wagtail_modeladmin",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.settings",
    # The appointment request form (appointments/): form pages and their stored submissions.
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    # The table block's editor (its JavaScript and template).
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    # Counts failed admin logins and locks out after AXES_FAILURE_LIMIT (below).
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so every log line of the request (and its response) carries its id.
    "site_config.request_id.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below; the admin's in site_config/csp_policy.py).
    "site_config.csp_policy.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files answered here, before sessions or pages (already compressed by collectstatic).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages. BREACH needs a secret in a compressed body next to text an attacker
    # chooses: Django masks the CSRF token afresh on every response and, since 4.2, pads
    # compressed responses with random bytes ("Heal the BREACH"), and no page reflects a secret.
    "django.middleware.gzip.GZipMiddleware",
    # Anonymous page views answered from the shared cache (home/page_cache.py): inside gzip and
    # the security headers, so each answer still gets its own request id, headers and
    # compression; ahead of sessions, so a hit touches no database.
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before any view reads request.GET: no NUL bytes, no huge values (site_config/middleware.py).
    "site_config.middleware.CleanQueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A hand-forged admin form post that Wagtail's form binding cannot read: 400, not 500.
    "site_config.middleware.MalformedAdminPostMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # {{ CSP_NONCE }} for the few inline scripts the public templates have.
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "site_config.wsgi.application"

# DATABASE_URL selects the database (postgres://user:pass@host:5432/name in
# production); without it the site runs on an embedded SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A reused connection is tested before a request uses it, so a database restart costs
        # no request an error (only matters when DB_CONN_MAX_AGE keeps connections open).
        conn_health_checks=os.environ.get("DB_CONN_HEALTH_CHECKS", "true").lower() in ("1", "true", "yes"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: a page being read never waits for a write (every search records a hit),
    # and a commit appends to the log without waiting for the disk to sync; a power cut can
    # lose the last commits, never corrupt the file (SQLite's "synchronous = NORMAL").
    # Reads: a search for a common word reads one index row per matching page, and SQLite's
    # default page cache (2 MB) holds a few hundred; at 10,000 articles it read most of them
    # from the file again for every search. They go through a memory map, into a 64 MiB
    # cache (docs/search.md); both are upper bounds, not allocations.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456"  # KiB (64 MiB); bytes (256 MiB)
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering fails a request in seconds (a 503 that asks to retry,
    # site_config/outages.py), not after the operating system's minutes-long TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts one field per block; long condition pages
# exceed Django's default of 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Northwest Ketamine Clinics"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# A medical page's approval records its reviewer on the revision it publishes.
WAGTAIL_FINISH_WORKFLOW_ACTION = "conditions.review.workflow.publish_workflow_state"
# Search runs in the database by default, through the site's own subclass of Wagtail's
# database backend (search/backends: ranked in one pass, engine highlighting, stop words):
# PostgreSQL full-text search (English stemming) on PostgreSQL, FTS5 with the Porter
# stemmer on SQLite (see search/migrations). ELASTICSEARCH_URL moves a larger site to
# Elasticsearch 8 (or, with SEARCH_ENGINE, another of Wagtail's engines such as opensearch3);
# install its client package, then run `manage.py update_index`. See docs/search.md.
SEARCH_ENGINES = {
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
if os.environ.get("ELASTICSEARCH_URL"):
    engine = os.environ.get("SEARCH_ENGINE", "elasticsearch8")
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}, not {engine!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_ENGINES[engine],
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "clinic"),
            "TIMEOUT": 5,
            "OPTIONS": {},
            # English analysis (stemming and stop words), as the database backends search.
            "INDEX_SETTINGS": {"settings": {"analysis": {"analyzer": {"default": {"type": "english"}}}}},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "english"}}
# mp4, webm and vtt: the video block's files and captions (home/video_blocks.py), played from the
# documents' serve view; their types named here, not left to the server's mime.types.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "mp4", "odt", "pdf", "pptx", "rtf", "txt", "vtt", "webm", "xlsx"]
WAGTAILDOCS_CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "vtt": "text/vtt"}
# Embedded videos come from YouTube and Vimeo only: their oEmbed answer is fetched once, when the
# editor saves, and the page frames their players (frame-src below) only when a visitor presses play.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The site shows images at most 1200 px wide. 40 megapixels takes any phone photo at its
# default size (12 to 24 MP) and stock photos (6000 x 4000 is 24 MP) while refusing the
# 48 MP-and-up full-sensor shots that should be scaled down first; an image's first
# renditions take about a tenth of a second per megapixel, so at most a few seconds. A
# high-quality 40 MP JPEG is about 15 MB, hence the 20 MB upload limit.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# An upload that cannot be decoded is refused with a message (home/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.images.ImageForm"
# An upload while the storage is out of reach is refused with a message (home/storage.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.documents.DocumentForm"

# Wagtail's background work (search index updates, reference index, renditions) runs in
# the request here and in the tests; production.py queues it for a worker.
# Jobs too long for a request (a large study import) wait in the database on the
# "background" queue for `manage.py db_worker --backend background` (`make run` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# The full-page cache for anonymous visitors (home/page_cache.py), off unless a shared cache is
# configured: production.py turns it on with CACHE_URL.
PAGE_CACHE_SECONDS = 0
# How long a request waits for another one's render of the same page to reach that cache before
# rendering the page itself (one render per page at a time, home/page_cache.py).
PAGE_CACHE_FILL_WAIT_SECONDS = 10
# What every page repeats (header, footer, breadcrumbs) and each page's rendered body, from the
# same shared cache under the same invalidation (home/page_cache.py, "Fragments"); off here for
# the same reason.
FRAGMENT_CACHE_SECONDS = 0

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Security headers, in every environment so dev and the tests run under them.
# Public pages: no inline script without the request's nonce, nothing from other origins,
# framed only by the site itself (Wagtail's preview). The admin gets inline scripts and
# styles (site_config/csp_policy.py): Wagtail 8's admin still writes inline <script> blocks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Video files play from the site (production.py adds the object storage's origins).
        "media-src": ["'self'"],
        # The video block's players, framed once a visitor presses play; no other site's frames.
        "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # Only the site itself may frame a page: Wagtail's preview shows it in an iframe.
        "frame-ancestors": ["'self'"],
    },
}
X_FRAME_OPTIONS = "SAMEORIGIN"  # the same as frame-ancestors 'self', for browsers without CSP
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Features the site never uses, turned off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Login throttling (django-axes): 30 failed admin logins from one IP address lock that
# address out for 15 minutes. By IP, not username: a guesser trying many usernames is
# stopped too, and nobody can lock a known editor out from elsewhere by guessing at their name.
AUTHENTICATION_BACKENDS = [
    # django-axes' backend, letting through logins without a request (the test client's login()).
    "site_config.throttling.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# The page password form (site_config/throttling.py): this many wrong passwords per restriction
# and address, then refused until the cool-off has passed since the last one.
PAGE_PASSWORD_FAILURE_LIMIT = 30
# Failures are counted per client address (site_config/throttling.client_ip): REMOTE_ADDR, or
# with TRUSTED_PROXY_COUNT=n (the load balancer, CDN and other proxies in front, each appending
# to X-Forwarded-For) the address the outermost of them saw. Behind a proxy, leaving it at 0
# counts every visitor as the proxy's one address, so one guesser locks everyone out.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "site_config.throttling.client_ip"

# Mail. EMAIL_URL names the SMTP server: submission://user:pass@host:587 (STARTTLS),
# smtp://user:pass@host:465?ssl=true, smtp://host:25 (no TLS); smtp+tls:// is read as
# submission://. Without it Django sends to an SMTP server on localhost:25 (a local relay);
# dev.py prints mail to the console and test.py keeps it in memory.
# A mail server that does not answer fails the send after this long instead of holding a
# worker (EMAIL_URL's ?timeout= overrides it).
EMAIL_TIMEOUT = 10
EMAIL_URL_SCHEMES = {"smtp", "submission", "submit", "console", "file", "memory", "dummy"}
if os.environ.get("EMAIL_URL"):
    _email_url = os.environ["EMAIL_URL"].strip().replace("smtp+tls://", "submission://", 1)
    if _email_url.split("://", 1)[0] not in EMAIL_URL_SCHEMES:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "EMAIL_URL must start with one of " + ", ".join(f"{s}://" for s in sorted(EMAIL_URL_SCHEMES))
        )
    globals().update(
        {name: value for name, value in dj_email_url.parse(_email_url).items() if value is not None}
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# ADMINS="Name <a@example.com>, b@example.com": Django mails them each 500 (when mail works).
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env_list("ADMINS")
]

# Logging: everything to stderr (the process manager or container keeps it), each line with
# the request id (site_config/request_id.py). django.request logs every 500 with its traceback.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "site_config.request_id.RequestIDFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # An outage of the database or the cache is logged once a minute, not once per request
        # (site_config/outages.py).
        "skip_outage_answers": {"()": "site_config.outages.SkipOutageAnswers"},
        "once_a_minute": {"()": "site_config.outages.ThrottledFilter", "seconds": 60},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(name)s] request_id=%(request_id)s %(message)s",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "plain",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's default "django" logger (a console handler only when DEBUG): its lines,
        # django.request's 500 tracebacks among them, go to the root's stderr handler, and its
        # errors are mailed to ADMINS when there are any.
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL, "propagate": True},
        "django.request": {"filters": ["skip_outage_answers"]},
        "site_config.outages": {"filters": ["once_a_minute"]},
        "site_config.health": {"filters": ["once_a_minute"]},
        "django_redis.cache": {"filters": ["once_a_minute"]},
        "home.storage": {"filters": ["once_a_minute"]},
    },
}
