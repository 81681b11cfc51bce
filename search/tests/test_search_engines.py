"""Another search engine one environment variable away: the settings it gets, and the view without
the site's backend.

No Elasticsearch or OpenSearch server runs here, so the engine itself is not exercised: the
settings are read as a deployment would read them, and the search page is run against another of
Wagtail's backends (the database fallback, which has no highlight() and no one-pass ranking), to
show the page asks nothing of a backend that only the site's own provides.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import result_items, search_html, urls_in

ROOT = Path(__file__).resolve().parents[2]
PRINT_BACKENDS = "import django; django.setup(); from django.conf import settings; print(__import__('json').dumps(settings.WAGTAILSEARCH_BACKENDS))"


def backends_with(**environment):
    env = {
        key: value for key, value in os.environ.items() if key not in {"ELASTICSEARCH_URL", "SEARCH_ENGINE"}
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="site_config.settings.test")
    return subprocess.run(
        [sys.executable, "-c", PRINT_BACKENDS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_elasticsearch_url_the_sites_own_database_backend_is_used():
    run = backends_with()

    assert json.loads(run.stdout.splitlines()[-1]) == {
        "default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "english"}
    }


def test_elasticsearch_url_switches_to_elasticsearch_8_with_english_analysis():
    run = backends_with(ELASTICSEARCH_URL="http://127.0.0.1:9200, http://127.0.0.2:9200")

    default = json.loads(run.stdout.splitlines()[-1])["default"]
    assert default["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert default["URLS"] == ["http://127.0.0.1:9200", "http://127.0.0.2:9200"]
    assert default["INDEX"] == "clinic"
    assert default["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"] == {"type": "english"}


def test_search_engine_names_opensearch_and_refuses_an_unknown_engine():
    run = backends_with(ELASTICSEARCH_URL="https://search.internal:9200", SEARCH_ENGINE="opensearch3")
    assert (
        json.loads(run.stdout.splitlines()[-1])["default"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    )

    run = backends_with(ELASTICSEARCH_URL="https://search.internal:9200", SEARCH_ENGINE="solr")
    assert run.returncode != 0
    assert (
        "SEARCH_ENGINE must be one of elasticsearch8, elasticsearch9, opensearch2, opensearch3, not 'solr'"
        in (run.stderr)
    )


@pytest.mark.django_db
def test_the_search_page_works_on_a_backend_without_highlighting(client, make_article, settings):
    make_article("Sleep and recovery", intro="Why sleep matters after ketamine.")
    make_article("Clinic news", intro="What changed this season.")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}

    html = search_html(client, {"q": "sleep"})

    assert urls_in(html) == ["/articles/sleep-and-recovery/"]
    [item] = result_items(html)
    assert "Why sleep matters after ketamine." in item
    assert "<mark>" not in html
    assert "Nothing matches" in search_html(client, {"q": "zzzznomatch"})
