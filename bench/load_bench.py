"""Load benchmark: requests per second, p50 and p99 latency and errors under concurrent load, with
wrk (Debian's package), against the production stack on loopback.

    bash scripts/production.sh load      (make bench-load)   a fresh stack, this, then stop
    .venv/bin/python bench/load_bench.py URL [--seconds 10] [--connections 8] [--threads 2]

The stack is `make production`'s, in its own state folder: one gunicorn server (gthread, 2
workers x 4 threads) with the production settings on PostgreSQL, Redis and the S3 server, the
demo content loaded. First, --connections visitors at once at the Substance Use Disorder page,
which the fresh server has never rendered (how long the slowest waits, and how many renders the
page cache let through: one). Then three cases, each for --seconds with --connections open connections:
the Substance Use Disorder page answered from the page cache (an anonymous visitor), the same
page rendered (a query string keeps the page cache out; the fragments still come from Redis),
and a search. wrk runs on the same machine and shares its cores with the server: the figures are
this machine's, load generator included, not a server's capacity. The table is printed, written
to artifacts/bench/load.json, and put in docs/performance.md between its load markers.
"""

import argparse
import concurrent.futures
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "SUD page, cached": "/conditions/substance-use-disorder/",
    "SUD page, rendered": "/conditions/substance-use-disorder/?load=1",
    "search": "/search/?q=ketamine",
}
START, END = "<!-- load benchmark -->", "<!-- /load benchmark -->"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
# A pause before each wrk run, past gunicorn's keep-alive (site_config/gunicorn.conf.py: 5 s): the
# connections the previous run left idle hold the worker threads until it ends, and a run started
# at once measured almost nothing (0 requests in 10 s).
PAUSE_S = 6


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, args):
    time.sleep(PAUSE_S)
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.seconds}s",
        "--timeout=10s",
        "--latency",
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=args.seconds + 60
    ).stdout
    latency = dict(re.findall(r"^\s*(50|99)\.?0*%\s+(\S+)\s*$", output, re.MULTILINE))
    if not {"50", "99"} <= latency.keys():
        raise SystemExit(f"wrk's output has no latency distribution:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": round(milliseconds(latency["50"]), 2),
        "p99_ms": round(milliseconds(latency["99"]), 2),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, sockets.groups())) if sockets else 0),
    }


def first_visitors(url, count):
    """`count` visitors at once at a page the fresh stack has never rendered: how long the slowest
    waited, and what the page cache told each (one render per page at a time: one miss)."""

    def visit():
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()
            return time.perf_counter() - started, response.headers.get("X-Page-Cache", "none")

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(lambda _: visit(), range(count)))
    states = [state for _, state in answers]
    return {
        "visitors": count,
        "slowest_s": round(max(seconds for seconds, _ in answers), 2),
        "misses": states.count("miss"),
        "hits": states.count("hit"),
    }


def table(results):
    lines = [
        f"Under load: wrk, {results['connections']} connections on {results['threads']} threads for "
        f"{results['seconds']} s per case, against one gunicorn server (gthread 2 x 4) on PostgreSQL and "
        f"Redis, on this machine ({results['date']}; `{results['command']}`):",
        "",
        "| Case | Requests | Requests/s | p50 ms | p99 ms | Errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in results["cases"].items():
        lines.append(
            f"| {name} | {row['requests']:,} | {row['requests_per_s']:.1f} | {row['p50_ms']:.2f} | "
            f"{row['p99_ms']:.2f} | {row['errors']} |"
        )
    first = ", ".join(f"{name} {ms:,.1f} ms" for name, ms in results.get("first_request_ms", {}).items())
    lines += ["", f"Before each case, one request alone (not in the table): {first}."]
    cold = results.get("first_visitors")
    if cold:
        lines += [
            "",
            f"First, {cold['visitors']} visitors at once at the SUD page, which the fresh server had never "
            f"rendered: the slowest answer took {cold['slowest_s']:.2f} s; the page cache answered "
            f"{cold['misses']} miss and {cold['hits']} hits (one render per page at a time).",
        ]
    return "\n".join(lines)


def write_doc(text):
    doc = ROOT / "docs" / "performance.md"
    current = doc.read_text() if doc.exists() else "# Performance\n"
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        current = current[: current.index(START)] + block + current[current.index(END) + len(END) :]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    doc.write_text(current)
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the stack's address, e.g. http://127.0.0.1:8200")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench-load` installs it (Debian package wrk).")
    if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("The load benchmark only runs against loopback.")

    results = {
        "command": " ".join(["bench/load_bench.py", *sys.argv[1:]]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": args.seconds,
        "connections": args.connections,
        "threads": args.threads,
        "cases": {},
    }
    results["first_visitors"] = first_visitors(
        args.url.rstrip("/") + CASES["SUD page, cached"], args.connections
    )
    print(f"first visitors: {results['first_visitors']}", flush=True)
    for name, path in CASES.items():
        # One request alone first: the first render after a start makes what the page lacks
        # (renditions, caches) and took 32 s under wrk's 8 connections, which it would measure.
        started = time.perf_counter()
        with urllib.request.urlopen(args.url.rstrip("/") + path, timeout=300) as response:
            response.read()
        results.setdefault("first_request_ms", {})[name] = round((time.perf_counter() - started) * 1000, 1)
        run_wrk(args.url.rstrip("/") + path, argparse.Namespace(**{**vars(args), "seconds": 2}))  # warm up
        results["cases"][name] = run_wrk(args.url.rstrip("/") + path, args)
        print(f"{name}: {results['cases'][name]}", flush=True)
    text = table(results)
    print(text)
    out = ROOT / "artifacts" / "bench" / "load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)} and {write_doc(text).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
