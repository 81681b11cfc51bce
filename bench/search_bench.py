"""Search benchmark: indexing time and search latency over generated articles.

    .venv/bin/python bench/search_bench.py [--articles 10000] [--searches 200] [--time-limit 300]

Uses the database DATABASE_URL names, recreated from scratch: a SQLite file,
or a database "<name>_bench" on the PostgreSQL server DATABASE_URL points at.
`make bench` runs it on SQLite and on a local PostgreSQL server. It measures:

- creating the articles (search indexing off), then `update_index` (the indexing time);
- the search page (/search/?q=...) end to end through Django's test client,
  for a fixed list of queries, repeated: p50 and p95 latency. The searches stop
  early at --time-limit seconds; the report says how many ran.

The articles are generated from a fixed seed, so every run searches the same text.
Their words follow Zipf's law over a vocabulary of the domain's words and
generated filler words, as natural text does: common words are in most
articles, the rarer words of the queries in few.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "withdrawal",
    "cravings",
    "good candidate",
    "ptsd",
    "depression treatment",
    "ketamine therapy",
    "relapse",
    "first appointment",
    "family",
    "opioid",
    "insurance",
    "side effects",
    "anxiety",
    "chronic pain",
    "infusion",
    "what to expect",
    "nmda receptor",
    "recovery",
    "motivation",
    "zzzznomatch",
]
DOMAIN_WORDS = [
    "ketamine", "treatment", "therapy", "patient", "clinic", "recovery", "relapse", "cravings", "craving",
    "withdrawal", "opioid", "alcohol", "cocaine", "depression", "anxiety", "ptsd", "trauma", "family",
    "support", "session", "infusion", "dose", "doctor", "nurse", "counselor", "appointment", "insurance",
    "safety", "side", "effects", "research", "study", "evidence", "receptor", "nmda", "memory", "mood",
    "sleep", "pain", "chronic", "motivation", "care", "plan", "goals", "first", "visit", "expect",
    "candidate", "assessment", "history", "medicine", "brain", "neurons", "pathways", "stigma",
]  # fmt: skip
FILLER_WORDS = 3000


def vocabulary(rng):
    """Words and their Zipf weights: the rank-th word is used about 1/rank as often as the first."""
    syllables = ["ka", "lo", "mi", "ne", "ra", "tu", "vo", "si", "pe", "da", "fi", "gro", "bel", "tin", "mor"]
    filler = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(FILLER_WORDS)}
    words = sorted(filler) + DOMAIN_WORDS
    rng.shuffle(words)
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def fresh_database(url):
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        path.unlink(missing_ok=True)
        return url
    import psycopg

    name = parts.path.lstrip("/") + "_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def sentence(rng, words, vocab):
    chosen = rng.choices(vocab[0], weights=vocab[1], k=words)
    return " ".join(chosen).capitalize() + "."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=300, help="seconds the searches may take in all")
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
    from stories.models import ArticleIndexPage, ArticlePage

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    index = home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))

    rng = random.Random(20261127)
    vocab = vocabulary(rng)
    started = time.perf_counter()
    for number in range(args.articles):
        index.add_child(
            instance=ArticlePage(
                title=sentence(rng, rng.randint(3, 8), vocab).rstrip("."),
                slug=f"article-{number}",
                intro=sentence(rng, 25, vocab),
                body=[
                    {"type": "text", "value": "".join(f"<p>{sentence(rng, 60, vocab)}</p>" for _ in range(5))}
                ],
            )
        )
    created = time.perf_counter() - started

    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    indexed = time.perf_counter() - started

    client = Client()
    latencies = []
    client.get("/search/", {"q": "ketamine"})  # warm-up
    searching = time.perf_counter()
    for i in range(args.searches):
        if time.perf_counter() - searching > args.time_limit:
            break
        query = QUERIES[i % len(QUERIES)]
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]

    print(f"database:        {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"articles:        {args.articles} (created in {created:.1f} s, indexing off)")
    print(f"update_index:    {indexed:.1f} s")
    print(
        f"searches:        {len(latencies)} of {args.searches} within {args.time_limit:.0f} s, over {len(QUERIES)} queries"
    )
    print(f"latency p50:     {statistics.median(latencies):.1f} ms")
    print(f"latency p95:     {p95:.1f} ms")


if __name__ == "__main__":
    main()
