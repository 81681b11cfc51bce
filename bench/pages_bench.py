"""Page benchmark: SQL queries and server time of the site's pages beside two floors, how they grow,
and what a phone downloads; the table goes to docs/performance.md.

    .venv/bin/python bench/pages_bench.py [--requests 200] [--growth-requests 40]
        [--blocks 10,50,200] [--articles 10,1000,10000] [--no-write]

Builds a throwaway site with the demo content (SQLite at /tmp/clinic-pages-bench.sqlite3, or the
database DATABASE_URL names; the bench settings: DEBUG off, an in-memory cache, static files
collected and served by WhiteNoise as in production, templates rendered without the test
environment's instrumentation) and measures in this process, through
Django's test client and the whole middleware stack, one request at a time:

- this site's own floor, a plain page (home's StandardPage, a title only, through the site's
  base template: header, menus, footer, breadcrumbs, settings), then the home page, the
  Substance Use Disorder page, the conditions index, an article, the article
  index and a search, each in three states: uncached (no page cache, no fragment cache: the
  floor of a cold server), fragments (the header, footer, breadcrumbs, body, head and reference
  list from the cache, what an editor, a listing's later page or a form gets) and cached (the full-page cache answers; a
  search is never answered from it, so it stays as fragments);
- two floors in the same run: a static file (the site's stylesheet, through the same stack) and a
  bare Wagtail page (Wagtail's own Page type, a title only, rendered by wagtailcore/page.html,
  which extends nothing);
- every case in turn, round after round (--requests rounds), so a busy spell on the machine falls
  on all of them; the median and p95 of each, and its ratio to each floor's median;
- the SUD page's queries and median time with its body repeated to 10, 50 and 200 blocks, and with
  10, 1,000 and 10,000 articles in the site (generated, as bench/search_bench.py makes them);
- page weight: Debian's Chromium (Playwright) loads the home and SUD pages at a phone's size from
  a live server of this process; every response is counted, with its bytes as sent compressed
  (text that the dev server sends uncompressed is counted gzipped, as WhiteNoise and the gzip
  middleware send it in production).

SQL queries are counted in a separate pass, so counting them does not slow the timed requests.
The results are written to artifacts/bench/pages.json, and the table to docs/performance.md
with the command, the date and the machine.
"""

import argparse
import gzip
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_bench import add_articles, fresh_database, generated_articles, percentile, vocabulary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261202
SUD = "/conditions/substance-use-disorder/"
PAGES = {
    "plain page": "/plain/",
    "home": "/",
    "SUD page": SUD,
    "conditions index": "/conditions/",
    "article": "/articles/recovery-is-not-a-straight-line/",
    "article index": "/articles/",
    "search": "/search/?q=ketamine",
}
FLOORS = {"static file": "/static/css/site.css", "bare Wagtail page": "/bare/"}
STATES = {  # (PAGE_CACHE_SECONDS, FRAGMENT_CACHE_SECONDS)
    "uncached": (0, 0),
    "fragments": (0, 600),
    "cached": (600, 600),
}
PHONE = {"width": 390, "height": 844}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def set_state(state):
    """The cache settings of a state (read on every request). What the cache holds stays: nothing
    changes during the run, so the entries the warm-up made are the ones a busy site has."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS = STATES[state]


def cases():
    for name, path in FLOORS.items():
        yield name, "floor", path
    for name, path in PAGES.items():
        for state in STATES:
            yield name, state, path


def request(client, path):
    client.cookies.clear()  # every request an anonymous visitor's first
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return elapsed, response


def count_queries(client, path, state):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_state(state if state != "floor" else "uncached")
    request(client, path)  # fills what this state caches
    with CaptureQueriesContext(connection) as captured:
        request(client, path)
    return len(captured)


def measure(client, rounds):
    """{(name, state): [ms, ...]}: every case once per round, in a shuffled order each round."""
    rng = random.Random(SEED)
    everything = list(cases())
    timings = {(name, state): [] for name, state, _ in everything}
    for _name, state, path in everything:  # warm up: imports, template loading, renditions
        set_state(state if state != "floor" else "uncached")
        request(client, path)
        request(client, path)
    for _ in range(rounds):
        rng.shuffle(everything)
        for name, state, path in everything:
            set_state(state if state != "floor" else "uncached")
            ms, _ = request(client, path)
            timings[(name, state)].append(ms)
    return timings


def summary(values):
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(percentile(ordered, 0.95), 2)}


def median_of(client, path, state, count):
    set_state(state)
    request(client, path)
    return round(statistics.median(request(client, path)[0] for _ in range(count)), 2)


def repeat_blocks(page, count):
    """The page's live body with its blocks repeated in order up to `count` blocks."""
    from conditions.models import ConditionPage

    raw = list(page.body.raw_data)
    page.body = [{k: v for k, v in raw[i % len(raw)].items() if k != "id"} for i in range(count)]
    ConditionPage.objects.filter(pk=page.pk).update(body=page.body)


def growth_with_blocks(client, sizes, count):
    from conditions.models import ConditionPage

    page = ConditionPage.objects.get(url_path__endswith="/substance-use-disorder/")
    original = list(page.body.raw_data)
    rows = []
    try:
        for size in sizes:
            repeat_blocks(page, size)
            rows.append(
                {
                    "blocks": size,
                    "queries": count_queries(client, SUD, "fragments"),
                    "median_ms": median_of(client, SUD, "fragments", count),
                    "uncached_queries": count_queries(client, SUD, "uncached"),
                    "uncached_median_ms": median_of(client, SUD, "uncached", count),
                }
            )
    finally:
        page.body = original
        ConditionPage.objects.filter(pk=page.pk).update(body=page.body)
    return rows


def growth_with_articles(client, sizes, count):
    import logging

    from stories.models import ArticleIndexPage, ArticlePage

    index = ArticleIndexPage.objects.get()
    rng = random.Random(SEED)
    articles = generated_articles(rng, vocabulary(rng))
    rows = []
    for size in sizes:
        have = ArticlePage.objects.count()
        if size > have:
            logging.disable(logging.INFO)
            add_articles(index, articles, size - have)
            logging.disable(logging.NOTSET)
        rows.append(
            {
                "articles": ArticlePage.objects.count(),
                "queries": count_queries(client, SUD, "fragments"),
                "median_ms": median_of(client, SUD, "fragments", count),
                "uncached_queries": count_queries(client, SUD, "uncached"),
                "uncached_median_ms": median_of(client, SUD, "uncached", count),
            }
        )
    return rows


def page_weight():
    """{page: {"requests": n, "bytes": compressed bytes, "by_type": {...}}} as a phone loads it."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    from playwright.sync_api import sync_playwright

    connections.close_all()
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    weights = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            for name, path in (("home", "/"), ("SUD page", SUD)):
                context = browser.new_context(viewport=PHONE, is_mobile=True, device_scale_factor=2)
                page = context.new_page()
                responses = []
                page.on("response", lambda response, seen=responses: seen.append(response))
                page.goto(base + path, wait_until="networkidle")
                page.mouse.wheel(0, 20_000)  # what loads lazily further down loads too
                page.wait_for_load_state("networkidle")
                by_type, total = {}, 0
                for response in responses:
                    size = sent_size(response)
                    kind = response.request.resource_type
                    by_type[kind] = by_type.get(kind, 0) + size
                    total += size
                weights[name] = {"requests": len(responses), "bytes": total, "by_type": by_type}
                context.close()
            browser.close()
    finally:
        server.terminate()
    return weights


def sent_size(response):
    try:
        body = response.body()
    except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
        return 0
    headers = response.headers
    if headers.get("content-encoding"):
        return response.request.sizes()["responseBodySize"]
    if headers.get("content-type", "").startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({model}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def ratio(value, floor):
    return f"{value / floor:.1f}x" if floor else "-"


def growth_table(title, heading, key, rows):
    lines = ["", f"{title} (fragments state; uncached in brackets):", ""]
    lines += [f"| {heading} | SQL queries | Median ms |", "|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row[key]:,} | {row['queries']} ({row['uncached_queries']}) | "
            f"{row['median_ms']:.2f} ({row['uncached_median_ms']:.2f}) |"
        )
    return lines


def table(results):
    timings, queries = results["timings"], results["queries"]
    static = timings["static file|floor"]["median_ms"]
    bare = timings["bare Wagtail page|floor"]["median_ms"]
    lines = [
        "| Request | State | SQL queries | Median ms | p95 ms | x static file | x bare Wagtail page |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, state, _ in cases():
        key = f"{name}|{state}"
        t = timings[key]
        lines.append(
            f"| {name} | {state} | {queries[key]} | {t['median_ms']:.2f} | {t['p95_ms']:.2f} | "
            f"{ratio(t['median_ms'], static)} | {ratio(t['median_ms'], bare)} |"
        )
    lines += growth_table("SUD page as its body grows", "Blocks", "blocks", results["blocks"])
    lines += growth_table("SUD page as the site's articles grow", "Articles", "articles", results["articles"])
    if results.get("weight"):
        lines += ["", "Page weight on a phone (390 x 844, Chromium), bytes as sent compressed:", ""]
        lines += ["| Page | Requests | KB in all | Document | Stylesheets | Scripts | Images | Other |"]
        lines += ["|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, weight in results["weight"].items():
            by = dict(weight["by_type"])
            parts = [by.pop(kind, 0) for kind in ("document", "stylesheet", "script", "image")]
            lines.append(
                f"| {name} | {weight['requests']} | {weight['bytes'] / 1000:.1f} | "
                + " | ".join(f"{part / 1000:.1f}" for part in [*parts, sum(by.values())])
                + " |"
            )
    return "\n".join(lines)


def targets(results):
    """Issue 16's targets, each with its figure from this run and whether it holds."""
    timings = results["timings"]
    static = timings["static file|floor"]["median_ms"]
    bare = timings["bare Wagtail page|floor"]["median_ms"]
    plain = timings["plain page|fragments"]["median_ms"] / bare
    plain_cold = timings["plain page|uncached"]["median_ms"] / bare
    uncached = timings["SUD page|uncached"]["median_ms"] / bare
    fragments = timings["SUD page|fragments"]["median_ms"] / bare
    cached = timings["SUD page|cached"]["median_ms"] / static
    by_blocks = {row["queries"] for row in results["blocks"]}
    by_articles = {row["queries"] for row in results["articles"]}

    def verdict(holds):
        return "holds" if holds else "**does not hold**"

    return "\n".join(
        [
            "| Target | This run | |",
            "|---|---|---|",
            f"| This site's floor (a plain page, title only, through the base template; its fragments cached) within 1.5x a bare Wagtail page | {plain:.1f}x (cold, nothing cached: {plain_cold:.1f}x) | {verdict(plain <= 1.5)} |",
            f"| Uncached SUD page (not answered by the page cache; its fragments cached) within 2x a bare Wagtail page | {fragments:.1f}x (cold, nothing cached: {uncached:.1f}x) | {verdict(fragments <= 2)} |",
            f"| Cached SUD page within 1.5x a static file | {cached:.1f}x | {verdict(cached <= 1.5)} |",
            f"| SUD page's SQL queries constant in blocks | {', '.join(map(str, sorted(by_blocks)))} | {verdict(len(by_blocks) == 1)} |",
            f"| SUD page's SQL queries constant in articles | {', '.join(map(str, sorted(by_articles)))} | {verdict(len(by_articles) == 1)} |",
        ]
    )


LOAD_BLOCK = re.compile(r"<!-- load benchmark -->.*?<!-- /load benchmark -->", re.DOTALL)


def write_doc(results, text):
    doc = ROOT / "docs" / "performance.md"
    # The load benchmark's section (bench/load_bench.py) stays as its last run left it.
    load = LOAD_BLOCK.search(doc.read_text()) if doc.exists() else None
    doc.write_text(
        f"""# Performance

What a page costs, measured by `make bench-pages` (bench/pages_bench.py; its docstring says how).
The figures below are from its last run; run it again to check them on another machine.

- Command: `{results["command"]}`
- Date: {results["date"]}
- Machine: {results["machine"]}
- Database: {results["database"]}; {results["rounds"]} rounds of every case, interleaved

Server time is measured in the benchmark's own process through Django's test client and the
whole middleware stack (no network, no gunicorn): it compares the pages with each other and with
the floors, not the capacity of a server. Under load, with gunicorn on PostgreSQL and Redis, see
the load table at the end (`make bench-load`); gunicorn's worker models are compared by
`make bench-serving` (README).

{text}

Against the targets (issue 16), from the same run:

{targets(results)}

What the states mean: *uncached* is a server with no cache at all (every query runs);
*fragments* is a page the full-page cache does not answer (an editor, a listing's later page, a
booking form), with the header, footer, breadcrumbs, the page's body, head and reference list from the shared cache (home/page_cache.py);
*cached* is an anonymous visitor answered from the full-page cache. A change to content renews
the fragments: the first request after it renders cold (*uncached*), the next ones with
fragments.
"""
        + (f"\n{load.group(0)}\n" if load else "")
    )
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="rounds of every case (default 200)")
    parser.add_argument(
        "--growth-requests", type=int, default=40, help="requests per growth step (default 40)"
    )
    parser.add_argument("--blocks", default="10,50,200", help="SUD body sizes (default 10,50,200)")
    parser.add_argument(
        "--articles", default="10,1000,10000", help="articles in the site (default 10,1000,10000)"
    )
    parser.add_argument("--no-weight", action="store_true", help="skip the page weight (needs Chromium)")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="write docs/performance.md from a run's JSON (artifacts/bench/) and stop",
    )
    args = parser.parse_args()
    if args.from_json:
        results = json.loads(args.from_json.read_text())
        print(f"written to {write_doc(results, table(results)).relative_to(ROOT)}")
        return

    os.environ["DATABASE_URL"] = fresh_database(
        os.environ.get("DATABASE_URL", "sqlite:////tmp/clinic-pages-bench.sqlite3")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_config.settings.bench"
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="clinic-bench-static-"))
    import logging

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from wagtail.models import Page, Site

    from home.models import StandardPage

    # No setup_test_environment(): it wraps every template render in a signal, which production
    # does not pay. The bench settings allow the test client's host.
    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = Site.objects.get(is_default_site=True).root_page
    home.add_child(instance=Page(title="Bare", slug="bare"))
    home.add_child(instance=StandardPage(title="Plain", slug="plain"))
    call_command("update_index", verbosity=0)
    logging.disable(logging.NOTSET)
    logging.disable(logging.INFO)
    database = f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}"

    client = Client()
    print("counting queries", flush=True)
    queries = {f"{name}|{state}": count_queries(client, path, state) for name, state, path in cases()}
    print(f"measuring {args.requests} rounds", flush=True)
    timings = {
        f"{name}|{state}": summary(values) for (name, state), values in measure(client, args.requests).items()
    }
    print("growth with blocks", flush=True)
    blocks = growth_with_blocks(client, [int(size) for size in args.blocks.split(",")], args.growth_requests)
    weight = None if args.no_weight else page_weight()
    print("growth with articles", flush=True)
    articles = growth_with_articles(
        client, [int(size) for size in args.articles.split(",")], args.growth_requests
    )

    results = {
        "command": " ".join(["bench/pages_bench.py", *sys.argv[1:]]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": database,
        "rounds": args.requests,
        "queries": queries,
        "timings": timings,
        "blocks": blocks,
        "articles": articles,
        "weight": weight,
    }
    text = table(results)
    print(text)
    out = ROOT / "artifacts" / "bench" / f"pages-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")
    if not args.no_write:
        print(f"and to {write_doc(results, text).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
