"""Search benchmark: indexing time, index size and search latency over generated articles.

    .venv/bin/python bench/search_bench.py [--sizes 1000,10000] [--searches 200] [--time-limit 300]

Uses the database DATABASE_URL names, recreated from scratch: a SQLite file,
or a database "<name>_bench" on the PostgreSQL server DATABASE_URL points at.
`make bench-search` runs it on SQLite and on a local PostgreSQL server (`make bench`
then runs bench/serving_bench.py). For each size, in order, it:

- adds articles up to that size (search indexing off; the generator continues where the
  last size stopped, so the 10,000 hold the 1,000 and a run never starts over);
- runs `update_index`, then `compact_search_index` as docs/search.md says to after it, and
  times both; on PostgreSQL, then VACUUM (ANALYZE) of the database, as autovacuum would
  (settle()); then reads the size on disk of the search index's tables (PostgreSQL:
  pg_total_relation_size; SQLite: the pages dbstat counts for them);
- requests the search page (/search/?q=...) and the search box's suggestions
  (/search/suggest/?q=...) end to end through Django's test client, after a warm-up, for
  fixed queries in four classes (a rare word, a common word, words that stand next to each
  other in the text, a word that matches nothing) and the suggestions, taken in turn (round
  robin), so a quiet or busy moment of the machine falls on every class alike. Each request
  runs inside django.test.utils.CaptureQueriesContext, which counts its SQL queries.
  The requests of one size stop early at --time-limit seconds; the report says how many ran.

It prints one Markdown table per run (p50, p95 and max latency per size and class, SQL
queries per search as min-max over the class) and the hit count of every query at each
size, read from the page, so two versions of the search can be checked to find the same;
the JSON in artifacts/bench/search-<vendor>.json also holds each query's first page.

The articles are generated from a fixed seed, so every run searches the same text.
Their words follow Zipf's law over a vocabulary of the domain's words and generated
filler words, as natural text does: common words are in most articles, the rare words
of the queries in one or two in a hundred.
"""

import argparse
import hashlib
import io
import json
import logging
import math
import os
import random
import re
import statistics
import sys
import time
from itertools import cycle
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The share of the 10,000 articles each word is in (stemmed forms aside) is in the comments.
QUERIES = {
    "rare word": ["recovery", "motivation", "cocaine", "memory", "withdrawal"],  # 1.6 to 2.5 %
    "common word": ["relapse", "ptsd", "sleep", "support", "session"],  # 100, 79, 69, 41, 37 %
    # Plain words, as visitors type them (the site gives quotes no meaning): two or three that
    # would stand next to each other in an article about the clinic; from two rare words to two
    # common ones, one with stop words.
    "phrase": [
        "side effects",
        "chronic pain",
        "trauma support",
        "ptsd relapse",
        "what to expect",
        "relapse support session",
    ],
    # Two typos, which a "Did you mean" may answer, and two words from no language.
    "no match": ["cravngs", "withdrawl", "zzzznomatch", "qxjvbw"],
}
# What a visitor has typed when the search box asks for suggestions.
SUGGESTIONS = ["ke", "crav", "depr", "withd", "nmda", "zzq"]
WARM_UP = [("/search/", "neurons"), ("/search/suggest/", "pa")]  # words no class above uses

DOMAIN_WORDS = [
    "ketamine", "treatment", "therapy", "patient", "clinic", "recovery", "relapse", "cravings", "craving",
    "withdrawal", "opioid", "alcohol", "cocaine", "depression", "anxiety", "ptsd", "trauma", "family",
    "support", "session", "infusion", "dose", "doctor", "nurse", "counselor", "appointment", "insurance",
    "safety", "side", "effects", "research", "study", "evidence", "receptor", "nmda", "memory", "mood",
    "sleep", "pain", "chronic", "motivation", "care", "plan", "goals", "first", "visit", "expect",
    "candidate", "assessment", "history", "medicine", "brain", "neurons", "pathways", "stigma",
]  # fmt: skip
FILLER_WORDS = 3000
SEED = 20261127

# The search page's status line: "12 results, page 1 of 2." or "Nothing matches ...".
HITS = re.compile(r'role="status"[^>]*>\s*([\d,]+) results?\b')
NO_HITS = re.compile(r'role="status"[^>]*>\s*Nothing matches')
ARTICLE_LINK = re.compile(r'href="/articles/(article-\d+)/"')


def vocabulary(rng):
    """Words and their Zipf weights: the rank-th word is used about 1/rank as often as the first."""
    syllables = ["ka", "lo", "mi", "ne", "ra", "tu", "vo", "si", "pe", "da", "fi", "gro", "bel", "tin", "mor"]
    filler = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(FILLER_WORDS)}
    words = sorted(filler) + DOMAIN_WORDS
    rng.shuffle(words)
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def sentence(rng, words, vocab):
    chosen = rng.choices(vocab[0], weights=vocab[1], k=words)
    return " ".join(chosen).capitalize() + "."


def generated_articles(rng, vocab):
    """(number, title, intro, body) of article after article, the same on every run."""
    number = 0
    while True:
        title = sentence(rng, rng.randint(3, 8), vocab).rstrip(".")
        intro = sentence(rng, 25, vocab)
        body = "".join(f"<p>{sentence(rng, 60, vocab)}</p>" for _ in range(5))
        yield number, title, intro, body
        number += 1


def fresh_database(url):
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        for suffix in ("", "-wal", "-shm"):  # and its write-ahead log
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg

    name = parts.path.lstrip("/") + "_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def add_articles(index, articles, count):
    """Adds `count` articles under the index, in one transaction.

    The pages are those index.add_child(instance=page) saves, one by one: the same
    path, fields and validation (Page.save runs full_clean). What is left out is
    treebeard's bookkeeping per page: reading the parent again, looking up its
    last child for the next path, and adding one to its numchild, done once here.
    """
    from django.db import transaction
    from django.db.models import F

    from wagtail.models import Page

    from stories.models import ArticlePage

    with transaction.atomic():
        parent = Page.objects.select_for_update().get(pk=index.pk)
        last_child = parent.get_last_child()
        position = last_child._get_lastpos_in_path() if last_child else 0
        for _ in range(count):
            number, title, intro, body = next(articles)
            page = ArticlePage(
                title=title,
                slug=f"article-{number}",
                intro=intro,
                body=[{"type": "text", "value": body}],
            )
            page.depth = parent.depth + 1
            position += 1
            page.path = ArticlePage._get_path(parent.path, page.depth, position)
            page._cached_parent_obj = parent  # Page.save sets url_path from the parent
            page.save()
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    index.refresh_from_db()


def index_tables(connection):
    """The search index's tables: the backend's index entries, their full-text tables, and this
    project's search app (its own full-text table and vocabulary)."""
    return sorted(
        name
        for name in connection.introspection.table_names()
        if "indexentry" in name or name.startswith("search_")
    )


def index_size(connection):
    """Bytes on disk of each index table, with its indexes (and, on PostgreSQL, TOAST)."""
    tables = index_tables(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sizes = {}
            for table in tables:
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                sizes[table] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            return sizes, cursor.fetchone()[0]
        # SQLite: dbstat counts the pages of every b-tree, a table's and each of its indexes'; an FTS5
        # table keeps its text in shadow tables of its own (<name>_data, _idx, _content, ...), listed
        # among the tables, the virtual table itself holding none.
        cursor.execute(
            "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat AS d JOIN sqlite_master AS m ON m.name = d.name"
            " GROUP BY m.tbl_name"
        )
        per_table = dict(cursor.fetchall())
        sizes = {table: per_table.get(table, 0) for table in tables}
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return sizes, pages * cursor.fetchone()[0]


def percentile(sorted_values, share):
    """Nearest-rank percentile: the smallest value at least `share` of the values are at or under."""
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def requests_in_turn(searches):
    """(lane, path, query): one query of each class in turn, then a suggestion, until `searches`
    search-page requests are planned."""
    lanes = {name: cycle(queries) for name, queries in QUERIES.items()}
    suggestions = cycle(SUGGESTIONS)
    planned = 0
    while planned < searches:
        for name, queries in lanes.items():
            if planned == searches:
                break
            yield name, "/search/", next(queries)
            planned += 1
        yield "suggestions", "/search/suggest/", next(suggestions)


def read_results(path, response):
    """What a response found: (hit count, first page's article slugs) for the search page,
    (number of suggestions, their titles) for the suggestions; None where the page does not say."""
    if path == "/search/suggest/":
        suggestions = response.json()["suggestions"]
        return len(suggestions), [item["title"] for item in suggestions]
    html = response.content.decode()
    if NO_HITS.search(html):
        return 0, []
    found = HITS.search(html)
    if not found:
        return None, []
    return int(found.group(1).replace(",", "")), list(dict.fromkeys(ARTICLE_LINK.findall(html)))


def measure(client, searches, time_limit):
    """Runs the requests in turn within the time limit; returns each query's measurements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path, query in WARM_UP:
        client.get(path, {"q": query})
    measured = {}
    started = time.perf_counter()
    for lane, path, query in requests_in_turn(searches):
        if time.perf_counter() - started > time_limit:
            break
        with CaptureQueriesContext(connection) as queries:
            request_started = time.perf_counter()
            response = client.get(path, {"q": query})
            elapsed = (time.perf_counter() - request_started) * 1000
        assert response.status_code == 200, (path, query, response.status_code)
        found, first_page = read_results(path, response)
        record = measured.setdefault(
            query, {"class": lane, "ms": [], "sql": [], "hits": found, "first_page": first_page}
        )
        if (found, first_page) != (record["hits"], record["first_page"]):
            record["changed"] = True  # the same query found something else a second time
        record["ms"].append(elapsed)
        record["sql"].append(len(queries))
    return measured, time.perf_counter() - started


def summary(measured, lane):
    records = [record for record in measured.values() if record["class"] == lane]
    latencies = sorted(ms for record in records for ms in record["ms"])
    sql = [count for record in records for count in record["sql"]]
    if not latencies:
        return {"requests": 0}
    return {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(latencies[-1], 1),
        "sql_min": min(sql),
        "sql_max": max(sql),
    }


def first_page_digest(slugs):
    return hashlib.sha1(" ".join(slugs).encode()).hexdigest()[:8] if slugs else "-"


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


def print_tables(database, args, runs):
    lanes = [*QUERIES, "suggestions"]
    print(f"\n### Search on {database}\n")
    print(f"`bench/search_bench.py {' '.join(sys.argv[1:])}`\n")
    print(
        "| articles | added (s) | update_index (s) | compact_search_index (s) | search index on disk "
        "| database | requests run |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|")
    for run in runs:
        searches = sum(summary(run["queries"], lane)["requests"] for lane in QUERIES)
        finished = (
            "all"
            if searches == args.searches
            else f"**{searches} of {args.searches}** in {args.time_limit:.0f} s"
        )
        print(
            f"| {run['articles']:,} | {run['added_s']:.0f} | {run['update_index_s']:.1f} | {run['compact_s']:.1f} "
            f"| {megabytes(sum(run['index_bytes'].values()))} | {megabytes(run['database_bytes'])} "
            f"| {finished} ({run['measured_s']:.0f} s) |"
        )
    print("\n| articles | class | requests | p50 (ms) | p95 (ms) | max (ms) | SQL queries per request |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for run in runs:
        for lane in lanes:
            result = run["classes"][lane]
            if not result["requests"]:
                print(f"| {run['articles']:,} | {lane} | 0 | - | - | - | - |")
                continue
            sql = f"{result['sql_min']}" + (
                f"-{result['sql_max']}" if result["sql_max"] != result["sql_min"] else ""
            )
            print(
                f"| {run['articles']:,} | {lane} | {result['requests']} | {result['p50_ms']:.1f} "
                f"| {result['p95_ms']:.1f} | {result['max_ms']:.1f} | {sql} |"
            )
    sizes = [f"{run['articles']:,}" for run in runs]
    print(f"\nHits (suggestions: how many) per query at {', '.join(sizes)} articles,")
    print("with a digest of the first page's articles, to compare two versions of the search:\n")
    print(f"| class | query | {' | '.join(sizes)} | first page |")
    print("|---|---|" + "---:|" * len(runs) + "---|")
    for lane in lanes:
        queries = QUERIES.get(lane, SUGGESTIONS)
        for query in queries:
            cells, digests = [], []
            for run in runs:
                record = run["queries"].get(query)
                if record is None:
                    cells.append("not run")
                    continue
                hits = "?" if record["hits"] is None else f"{record['hits']:,}"
                cells.append(hits + (" (changed)" if record.get("changed") else ""))
                digests.append(first_page_digest(record["first_page"]) if lane != "suggestions" else "")
            print(f"| {lane} | {query} | {' | '.join(cells)} | {' '.join(d for d in digests if d)} |")


def settle(connection):
    """PostgreSQL: VACUUM (ANALYZE) of the whole database, which autovacuum does soon after a load.

    Measured straight after the articles were added, before that, a common word's page took 43.6 ms
    at p50 at 1,000 articles, and 24.2 ms with this step (the search's own query, 7 ms either way):
    the figures were of a database in the middle of its load, not of one a site serves.
    SQLite has no such step, and the site runs no ANALYZE there (docs/search.md).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: sorted(int(size) for size in text.split(",")),
        default=[1_000, 10_000],
        help="numbers of articles to measure at, in turn (default 1000,10000)",
    )
    parser.add_argument("--searches", type=int, default=200, help="search-page requests at each size")
    parser.add_argument(
        "--time-limit", type=float, default=300, help="seconds the requests of one size may take in all"
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = fresh_database(
        os.environ.get("DATABASE_URL", "sqlite:////tmp/clinic-bench.sqlite3")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_config.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from wagtail.models import Page, Site

    from home.models import HomePage
    from stories.models import ArticleIndexPage

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    index = home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))

    rng = random.Random(SEED)
    articles = generated_articles(rng, vocabulary(rng))
    database = f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}"
    client = Client()
    runs = []
    have = 0
    for size in args.sizes:
        logging.disable(logging.INFO)  # not a line per page saved and indexed
        started = time.perf_counter()
        add_articles(index, articles, size - have)
        added = time.perf_counter() - started
        have = size

        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        indexed = time.perf_counter() - started
        # The maintenance docs/search.md gives for after a full update_index: searches are
        # measured on the index a deployment serves.
        started = time.perf_counter()
        call_command("compact_search_index", stdout=io.StringIO())
        compacted = time.perf_counter() - started
        settle(connection)
        logging.disable(logging.NOTSET)
        index_bytes, database_bytes = index_size(connection)
        print(
            f"{size:,} articles: added in {added:.0f} s, update_index {indexed:.1f} s, "
            f"compact_search_index {compacted:.1f} s; measuring",
            flush=True,
        )

        measured, measured_s = measure(client, args.searches, args.time_limit)
        runs.append(
            {
                "articles": size,
                "added_s": round(added, 1),
                "update_index_s": round(indexed, 2),
                "compact_s": round(compacted, 2),
                "index_bytes": index_bytes,
                "database_bytes": database_bytes,
                "measured_s": round(measured_s, 1),
                "classes": {lane: summary(measured, lane) for lane in [*QUERIES, "suggestions"]},
                "queries": measured,
            }
        )

    print_tables(database, args, runs)
    for run in runs:
        for record in run["queries"].values():
            record["ms"] = [round(ms, 2) for ms in record["ms"]]
    out = ROOT / "artifacts" / "bench" / f"search-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "command": " ".join(["bench/search_bench.py", *sys.argv[1:]]),
                "database": database,
                "searches": args.searches,
                "time_limit_s": args.time_limit,
                "cpu_count": os.cpu_count(),
                "queries": QUERIES,
                "suggestions": SUGGESTIONS,
                "runs": runs,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
