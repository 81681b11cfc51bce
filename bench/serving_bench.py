"""Serving benchmark: does a static file wait behind page renders, for each gunicorn worker model?

    .venv/bin/python bench/serving_bench.py [--static-requests 200] [--page-clients 4] [--seconds-cap 60]
        [--rounds 2] [--models sync:2x1,gthread:2x4,gthread:2x8]

Builds a throwaway production site in a temporary folder (SQLite; migrate, collectstatic,
load_demo_content, with site_config.settings.production behind a TLS proxy, as a deployment
runs it) and serves it with site_config/gunicorn.conf.py, the worker model overridden on the
command line: by default sync with 2 workers, gthread with 2 workers x 4 threads, and 2 x 8. For
each it starts gunicorn on a free loopback port and measures, with a fresh connection per request
(as a browser opens parallel connections), gzip accepted:

- alone: the hashed stylesheet the page links to, --static-requests times, one after another,
  then the demo Substance Use Disorder page (the longest demo page) 20 times;
- mixed: the same stylesheet while --page-clients clients request that page with no think time.

Without CACHE_URL the page cache is off, so every page request is a render: the load of cache
misses, editors and searches. It reports p50, p95 and max latency and requests per second for
the stylesheet and the page, how the page requests fell on the workers, and the share of the
cores that gunicorn, the load generator and every other process on the machine used, then stops
gunicorn. The models are measured round after round (--rounds), so a busy spell on a shared
machine falls on all of them. Each measurement stops early after --seconds-cap seconds; the
table says how many requests ran. The load generator runs on the same machine and shares its
cores with the server: the numbers compare the worker models with each other, they are not the
capacity of a server. The results are also written to artifacts/bench/serving.json.
"""

import argparse
import gzip
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/conditions/substance-use-disorder/"
# worker class:workers x threads
MODELS = "sync:2x1,gthread:2x4,gthread:2x8"
PAGE_REQUESTS_ALONE = 20
WARM_UP_REQUESTS = 10
# A short random pause between two stylesheet requests, so they do not fall in step with the
# page renders they wait behind.
STATIC_PAUSE_MS = (0, 20)


def worker_models(text):
    """[(label, worker class, workers, threads)] from "sync:2x1,gthread:2x4"."""
    models = []
    for item in text.split(","):
        worker_class, _, size = item.strip().partition(":")
        workers, _, threads = size.partition("x")
        workers, threads = int(workers), int(threads or 1)
        label = f"sync {workers}" if worker_class == "sync" else f"{worker_class} {workers}x{threads}"
        models.append((label, worker_class, workers, threads))
    return models


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(folder):
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "1",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
        # No task worker runs beside this server: Wagtail's tasks run in the request.
        "TASKS_IMMEDIATE": "1",
    }


def build_site(env):
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )


def fetch(port, path):
    """One GET on a new connection, as the proxy in front sends it (TLS terminated): the milliseconds
    it took, and the body."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET",
            path,
            headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, br", "Connection": "close"},
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    # With CACHE_URL, production serves anonymous pages from the page cache: this measures renders.
    if response.getheader("X-Page-Cache") == "hit":
        raise RuntimeError(f"{path} came from the page cache, not a render")
    return (time.perf_counter() - started) * 1000, body


class Gunicorn:
    """gunicorn with the repository's config file and the worker model given on its command line."""

    def __init__(self, env, log_path, worker_class, workers, threads):
        self.port = free_port()
        self.log_path = log_path
        self.expected_class = worker_class
        command = [sys.executable, "-m", "gunicorn", "-c", "site_config/gunicorn.conf.py"]
        command += ["--worker-class", worker_class, "--workers", str(workers), "--threads", str(threads)]
        # The worker's process id first on each access line, to count how the workers shared the pages.
        command += ["--access-logformat", "%(p)s %(U)s %(s)s %(M)sms"]
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [*command, "site_config.wsgi"],
            env={**env, "BIND": f"127.0.0.1:{self.port}"},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self):
        try:
            self.wait_until_serving()
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_until_serving(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start within 30 s")
        # gunicorn silently turns sync into gthread when threads > 1: check what it runs.
        if f"Using worker: {self.expected_class}" not in self.log_path.read_text():
            raise RuntimeError(f"gunicorn does not run {self.expected_class}: {self.log_path.read_text()}")

    def pages_per_worker(self, start, end):
        """How many page requests each worker process answered, from a part of the access log."""
        with self.log_path.open("rb") as log:
            log.seek(start)
            lines = log.read(end - start).decode(errors="replace").splitlines()
        counts = {}
        for line in lines:
            match = re.match(rf"<(\d+)> {re.escape(PAGE)} ", line)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        return sorted(counts.values(), reverse=True)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class CPUWatch:
    """How the machine's cores were used over a measurement, as shares of all of them: by gunicorn
    (its master and workers), by this load generator, and by every other process on the machine
    (the noise from whatever else runs there)."""

    def __init__(self, server):
        self.server = server
        self.start = (time.perf_counter(), self.machine_ticks(), *self.our_ticks())

    @staticmethod
    def machine_ticks():
        # user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
        fields = [int(field) for field in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return sum(fields) - fields[3] - fields[4]

    def our_ticks(self):
        """(gunicorn's CPU ticks, the load generator's)."""
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    # After the command's closing parenthesis: state, ppid, ... utime (12th), stime.
                    stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
        master = self.server.process.pid
        server = {master} | {pid for pid, fields in stats.items() if int(fields[1]) == master}

        def ticks(pids):
            return sum(int(stats[pid][11]) + int(stats[pid][12]) for pid in pids if pid in stats)

        return ticks(server), ticks({os.getpid()})

    def shares(self):
        started, machine, server, client = self.start
        now_server, now_client = self.our_ticks()
        used = {
            "server": now_server - server,
            "client": now_client - client,
        }
        used["others"] = max(0, self.machine_ticks() - machine - used["server"] - used["client"])
        capacity = (time.perf_counter() - started) * os.sysconf("SC_CLK_TCK") * os.cpu_count()
        return {name: round(ticks / capacity, 2) for name, ticks in used.items()}


def static_requests(port, path, count, cap, rng):
    latencies = []
    started = time.perf_counter()
    while len(latencies) < count and time.perf_counter() - started < cap:
        time.sleep(rng.uniform(*STATIC_PAUSE_MS) / 1000)
        latencies.append(fetch(port, path)[0])
    return latencies, time.perf_counter() - started


def measure_alone(server, css, args, rng):
    watch = CPUWatch(server)
    static, static_seconds = static_requests(server.port, css, args.static_requests, args.seconds_cap, rng)
    pages = []
    started = time.perf_counter()
    while len(pages) < PAGE_REQUESTS_ALONE and time.perf_counter() - started < args.seconds_cap:
        pages.append(fetch(server.port, PAGE)[0])
    return {
        "static": static,
        "static_seconds": static_seconds,
        "page": pages,
        "page_seconds": time.perf_counter() - started,
        "cpu": watch.shares(),
    }


def measure_mixed(server, css, args, rng):
    """The stylesheet, while the page clients keep every worker busy rendering."""
    stop = threading.Event()
    done = []  # (finished at, latency ms), from every page client
    failures = []

    def page_client():
        while not stop.is_set():
            try:
                latency, _ = fetch(server.port, PAGE)
            except Exception as error:  # reported below, not raised in a thread
                failures.append(repr(error))
                return
            done.append((time.perf_counter(), latency))

    clients = [threading.Thread(target=page_client, daemon=True) for _ in range(args.page_clients)]
    for client in clients:
        client.start()
    # Let every client have a render in flight before the stylesheet is asked for.
    deadline = time.perf_counter() + 10
    while len(done) < args.page_clients and time.perf_counter() < deadline:
        time.sleep(0.01)
    window_start = time.perf_counter()
    log_start = server.log_path.stat().st_size
    watch = CPUWatch(server)
    try:
        static, static_seconds = static_requests(
            server.port, css, args.static_requests, args.seconds_cap, rng
        )
    finally:
        cpu = watch.shares()
        window_end = time.perf_counter()
        log_end = server.log_path.stat().st_size
        stop.set()
        for client in clients:
            client.join(timeout=35)
    if failures:
        raise RuntimeError(f"page clients failed: {failures[:3]}")
    return {
        "static": static,
        "static_seconds": static_seconds,
        "page": [latency for finished, latency in done if window_start <= finished <= window_end],
        "page_seconds": window_end - window_start,
        "pages_per_worker": server.pages_per_worker(log_start, log_end),
        "cpu": cpu,
    }


def summary(latencies, seconds):
    ordered = sorted(latencies)
    if not ordered:
        return None
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "per_second": round(len(ordered) / seconds, 1),
    }


def pooled(rounds, case, what):
    """One summary over every round of a case: the latencies together, the seconds added up."""
    latencies = [latency for one in rounds for latency in one[case][what]]
    return summary(latencies, sum(one[case][f"{what}_seconds"] for one in rounds))


def stylesheet_path(port):
    _, body = fetch(port, PAGE)
    html = gzip.decompress(body).decode() if body[:2] == b"\x1f\x8b" else body.decode()
    match = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="(/static/[^"]+\.css)"', html) or re.search(
        r'<link[^>]+href="(/static/[^"]+\.css)"[^>]+rel="stylesheet"', html
    )
    if not match:
        raise RuntimeError(f"no stylesheet link in {PAGE}")
    return match.group(1)


def print_table(results, args):
    print()
    print(
        f"Per worker model, {args.rounds} rounds of: {args.static_requests} stylesheet requests one at a "
        f"time, alone, then while {args.page_clients} clients request {PAGE} without pause. A new "
        "connection per request. Latencies of every round together; req/s over the time they took."
    )
    print(
        f"The load generator shares the machine's {os.cpu_count()} cores with gunicorn: compare the rows "
        "with each other, not with a server's capacity."
    )
    header = (
        f"{'worker model':<13} {'load':<16} {'what':<11} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'req/s':>7}  pages per worker, each round"
    )
    print(header)
    print("-" * len(header))
    for label, model in results.items():
        rounds = model["rounds"]
        for case, load in (("alone", "alone"), ("mixed", f"{args.page_clients} page clients")):
            for what in ("static", "page"):
                row = pooled(rounds, case, what)
                if not row:
                    continue
                split = ""
                if what == "page" and case == "mixed":
                    split = ", ".join(" / ".join(map(str, one[case]["pages_per_worker"])) for one in rounds)
                print(
                    f"{label:<13} {load:<16} {'stylesheet' if what == 'static' else 'page':<11} "
                    f"{row['requests']:>5} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f} "
                    f"{row['per_second']:>7.1f}  {split}"
                )
                label = load = ""
    print()
    print(
        "Mixed load, round by round: stylesheet p50, pages per second, and the share of the cores used by "
        "gunicorn / the load generator / other processes on the machine (noise when above 0)"
    )
    for label, model in results.items():
        for number, one in enumerate(model["rounds"], 1):
            mixed = one["mixed"]
            static = summary(mixed["static"], mixed["static_seconds"])
            page = summary(mixed["page"], mixed["page_seconds"])
            cpu = mixed["cpu"]
            print(
                f"{label:<13} round {number}: {static['p50_ms']:>6.1f} ms {page['per_second']:>6.1f} pages/s   "
                f"cores: {cpu['server']:>4.0%} / {cpu['client']:>4.0%} / {cpu['others']:>4.0%}"
            )
            label = ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static-requests", type=int, default=200, help="stylesheet requests per case")
    parser.add_argument("--page-clients", type=int, default=4, help="clients requesting the page at once")
    parser.add_argument("--seconds-cap", type=float, default=60, help="seconds each measurement may take")
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds over the worker models, one after another"
    )
    parser.add_argument("--models", type=worker_models, default=MODELS, help=f"default {MODELS}")
    args = parser.parse_args()

    started = time.perf_counter()
    results = {
        label: {"worker_class": worker_class, "workers": workers, "threads": threads, "rounds": []}
        for label, worker_class, workers, threads in args.models
    }
    with tempfile.TemporaryDirectory(prefix="clinic-serving-bench-") as name:
        folder = Path(name)
        env = production_env(folder)
        build_site(env)
        print(f"site built in {time.perf_counter() - started:.0f} s")
        rng = random.Random(20261127)
        # Round after round over the models, so a busy spell on the machine falls on all of them.
        for number in range(1, args.rounds + 1):
            for label, worker_class, workers, threads in args.models:
                log_name = f"gunicorn-{worker_class}-{workers}x{threads}-{number}.log"
                with Gunicorn(env, folder / log_name, worker_class, workers, threads) as server:
                    css = stylesheet_path(server.port)
                    for _ in range(WARM_UP_REQUESTS):  # every worker has rendered the page
                        fetch(server.port, PAGE)
                        fetch(server.port, css)
                    alone = measure_alone(server, css, args, rng)
                    mixed = measure_mixed(server, css, args, rng)
                results[label]["rounds"].append({"alone": alone, "mixed": mixed})
                print(f"round {number}, {label}: measured")
    print_table(results, args)
    print(f"took {time.perf_counter() - started:.0f} s")

    for model in results.values():
        for case in ("alone", "mixed"):
            model[case] = {what: pooled(model["rounds"], case, what) for what in ("static", "page")}
    out = ROOT / "artifacts" / "bench" / "serving.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    settings = {
        key: getattr(args, key) for key in ("static_requests", "page_clients", "seconds_cap", "rounds")
    }
    out.write_text(
        json.dumps(
            {
                "command": " ".join(["bench/serving_bench.py", *sys.argv[1:]]),
                **settings,
                "cpu_count": os.cpu_count(),
                "stylesheet": css,
                "page": PAGE,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
