"""Gunicorn, the production application server:

    DJANGO_SETTINGS_MODULE=site_config.settings.production \\
        gunicorn -c site_config/gunicorn.conf.py site_config.wsgi

Read from the environment: BIND (default 0.0.0.0:$PORT, PORT default 8000), WEB_CONCURRENCY
(worker processes, default 2), GUNICORN_THREADS (threads per worker, default 4),
GUNICORN_TIMEOUT (seconds, default 30). Gunicorn also reads GUNICORN_CMD_ARGS and
FORWARDED_ALLOW_IPS itself.

Worker model: gthread. A sync worker handles one request at a time, so a CSS file or a
rendition that WhiteNoise answers in a millisecond waits behind whatever page the worker is
rendering (hundreds of milliseconds for a long condition page), and a slow client holds the
whole worker. With threads, the static file is answered by another thread of the same worker
while the page renders; page renders still share a worker's GIL, so WEB_CONCURRENCY, not
GUNICORN_THREADS, is what adds rendering capacity (about one worker per CPU core).

Gunicorn refuses to start when the static files have not been collected (the manifest that
CompressedManifestStaticFilesStorage needs is missing), instead of every page answering 500:
run `manage.py collectstatic --noinput` in the deploy step, before starting it.
"""

import os
import sys

bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The worker heartbeat file in memory: a container's /tmp may sit on a slow overlay disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Access log on stdout, errors on stderr; the access line carries the same request id as the
# application's log lines (site_config/request_id.py sets the response header).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'


def on_starting(server):
    """Refuse to start without collected static files, naming the command that collects them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.production")
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name and not staticfiles_storage.exists(manifest_name):
        sys.stderr.write(
            f"The static files have not been collected: {os.path.join(settings.STATIC_ROOT, manifest_name)} "
            "is missing. Run `manage.py collectstatic --noinput` before starting the server.\n"
        )
        sys.exit(1)
