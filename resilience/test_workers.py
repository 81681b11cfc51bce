"""A gunicorn worker killed under load: only the requests in flight on it fail, the other worker
keeps answering, and gunicorn starts a new one."""

import os
import signal
import threading
import time

from .conftest import WORKERS, until

CLIENTS = 4
THREADS_PER_WORKER = 4  # site_config/gunicorn.conf.py: gthread, GUNICORN_THREADS default 4
SECONDS = 8
KILL_AFTER = 3
# Renders (a query string keeps the page cache out), a search, the health check, a cached page.
PATHS = [
    "/conditions/substance-use-disorder/?load",
    "/articles/?load",
    "/search/?q=ketamine",
    "/healthz",
    "/",
]


def test_a_worker_killed_under_load_loses_only_its_requests_in_flight(stack):
    until(lambda: len(stack.workers()) == WORKERS)
    for _ in range(2 * WORKERS):  # every worker warm: templates compiled, connections open
        for path in PATHS:
            assert stack.get(path).status == 200
    answers, failures = [], []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(number):
        turn = number
        while time.monotonic() < stop:
            path = PATHS[turn % len(PATHS)]
            turn += 1
            try:
                status = stack.get(path).status
            except OSError as error:  # the connection reset when its worker died
                with lock:
                    failures.append((path, repr(error)))
                continue
            with lock:
                answers.append((time.monotonic(), status))

    threads = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    victim = stack.workers()[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    for thread in threads:
        thread.join()

    # At most one request per client can have been in flight, and no more than the worker's threads.
    assert len(failures) <= min(CLIENTS, THREADS_PER_WORKER), failures
    assert {status for _, status in answers} == {200}
    assert len([at for at, _ in answers if at > killed_at]) >= 10, "too little was answered after the kill"
    # gunicorn replaced the worker.
    until(lambda: len(stack.workers()) == WORKERS and victim not in stack.workers())
