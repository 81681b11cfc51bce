"""Gunicorn, the production application server:

    DJANGO_SETTINGS_MODULE=site_config.settings.production \\
        gunicorn -c site_config/gunicorn.conf.py site_config.wsgi

Read from the environment: BIND (default 0.0.0.0:$PORT, PORT default 8000), WEB_CONCURRENCY
(worker processes, default 2), GUNICORN_THREADS (threads per worker, default 4),
GUNICORN_TIMEOUT (seconds, default 30). Gunicorn also reads GUNICORN_CMD_ARGS and
FORWARDED_ALLOW_IPS itself.

Worker model: gthread, 2 workers x 4 threads, chosen by measurement. A sync worker handles one
request at a time, so a CSS file or a rendition that WhiteNoise answers in 2 ms waits behind
whatever page the worker is rendering, and a slow client holds the whole worker. With threads,
another thread of the same worker answers it while the page renders. `make bench-serving`
(bench/serving_bench.py: the production settings on SQLite; the hashed stylesheet requested 200
times alone, then while 4 clients request the demo Substance Use Disorder page without pause; a
new connection per request; 2 rounds) measured, on this project's 2-core machine with nothing
else running (the load generator shares its cores):

    worker model   stylesheet p50 (p95), alone -> mixed load   pages/s, mixed   page p50, mixed
    sync 2         2.0 (2.6) -> 69.2 (92.9) ms                  42.6             93.2 ms
    gthread 2x4    2.2 (3.1) ->  5.3 (21.7) ms                  36.2            103.3 ms
    gthread 2x8    2.1 (2.8) ->  5.2 (17.6) ms                  40.9             91.9 ms

Sync reproduces the queueing (issue 12 saw 2 -> 49 ms); gthread keeps the stylesheet, which a
first visit waits for before the page paints, within a few milliseconds. The price is page
throughput when every core is rendering: a worker's threads share its GIL. A longer run,
`bench/serving_bench.py --rounds 4 --static-requests 400 --models sync:2x1,gthread:2x4,gthread:4x2`,
gave sync 2 47.2 pages/s (44 to 49 by round, stylesheet p50 60.4 ms), gthread 2x4 38.4 pages/s
(31 to 50, stylesheet 4.6 ms) and gthread 4x2 36.9 pages/s (29 to 45, stylesheet 3.4 ms): about a
fifth fewer pages at saturation, for a stylesheet thirteen times faster. The trade is taken:
at saturation sync makes each visitor wait for the stylesheet nearly as long as for a page, and
with CACHE_URL the page cache answers repeated anonymous page views without a render, so the
lost throughput only concerns cache misses, editors and searches. Eight threads did the
stylesheet no better than four (five connections do not fill 2 x 4 threads) and their page rate
was within the rounds' spread; four workers of two threads are twice the processes, each with
its own memory, without serving more pages. WEB_CONCURRENCY, not GUNICORN_THREADS, is what adds
rendering capacity (about one worker per CPU core).

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
# A worker is replaced after this many requests, so a slow leak never grows without bound. A
# worker that stops stops accepting and keeps its kept-alive connections for up to 2 s (gunicorn's
# STOP_KEEPALIVE_LINGER) before the master forks its replacement; under even load two workers
# reach the same count together, and while both drain nobody accepts. At 2,000 (jitter 200)
# `make bench-load` saw both workers replaced in every 10 s case and the cached SUD page's p99
# at 2,110 to 5,470 ms (p50 12 to 15 ms). The wide jitter keeps the two apart.
max_requests = 20000
max_requests_jitter = 5000
# The application is loaded once, in the master, and each worker is forked from it, so a
# replacement serves within milliseconds; loaded in each worker, Django and Wagtail took 4 to 6 s
# to start, with that worker's share of the load waiting. Nothing connects to the database, Redis
# or the storage at import, so no connection is shared across the fork. New code is loaded by a
# restart or by SIGUSR2 (a new master beside the old), not by SIGHUP, which now only re-reads
# this file (docs/deploy.md).
preload_app = True
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
