"""No public page of the demo reads as unfinished: every page the sitemap lists, the home page and a
search, scanned for placeholder wording; and names keep their capitals (PTSD, never "ptsd")."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conditions.models import ConditionPage

pytestmark = pytest.mark.django_db

PLACEHOLDERS = re.compile(r"goes here|demo copy|replace it|lorem|\btodo\b|placeholder", re.IGNORECASE)
EXTRA_PAGES = ["/", "/search/?q=ketamine"]


def visible_text(html):
    """The words a visitor reads: the title and the body, without scripts, styles or markup."""
    document = BeautifulSoup(html, "html.parser")
    for hidden in document.select("script, style, template"):
        hidden.decompose()
    title = document.title.get_text() if document.title else ""
    body = document.body.get_text(" ") if document.body else document.get_text(" ")
    return " ".join(f"{title} {body}".split())


def public_pages(client):
    """The path of every page the sitemap lists, then the home page and a search."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = BeautifulSoup(response.content, "html.parser")
    paths = []
    for loc in sitemap.find_all("loc"):
        address = urlsplit(loc.get_text().strip())
        paths.append(address.path + (f"?{address.query}" if address.query else ""))
    assert len(paths) > 5, "the sitemap lists almost nothing: is the demo loaded?"
    return list(dict.fromkeys([*paths, *EXTRA_PAGES]))


def test_no_public_page_holds_placeholder_text(client, demo):
    found = {}
    for path in public_pages(client):
        response = client.get(path)
        assert response.status_code == 200, path
        words = visible_text(response.content.decode())
        matches = sorted({match.group(0).lower() for match in PLACEHOLDERS.finditer(words)})
        if matches:
            found[path] = matches
    assert found == {}, "placeholder text on public pages: " + "; ".join(
        f"{path}: {', '.join(matches)}" for path, matches in found.items()
    )


def test_names_keep_their_capitals(client, demo):
    titles = list(ConditionPage.objects.live().values_list("title", flat=True))
    assert any("PTSD" in title for title in titles), titles

    lowered = {}
    for path in public_pages(client):
        words = visible_text(client.get(path).content.decode())
        wrong = sorted({match.group(0) for match in re.finditer(r"ptsd", words, re.IGNORECASE)} - {"PTSD"})
        if wrong:
            lowered[path] = wrong
    assert lowered == {}
