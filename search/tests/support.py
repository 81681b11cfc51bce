"""What the search tests share: reading the results page, and pages to find.

Stream items and hiding a page from the public come from stories/tests/support.py.
"""

import re

RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">(.*?)</a></h2>')
SEARCH_FORM = '<form class="search-form" action="/search/" method="get" role="search"'


def search_html(client, params):
    """The search page for `params` (a dict; a value may be a list): always a 200 with the form."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert SEARCH_FORM in html
    assert 'name="q"' in html
    return html


def urls_in(html):
    """The results' links, in the order shown."""
    return [url for url, _ in RESULT_LINK.findall(html)]


def unmarked(html):
    return html.replace("<mark>", "").replace("</mark>", "")


def results(client, **params):
    """The (url, title) of each result, in the order shown, the title without its marks."""
    return [(url, unmarked(title)) for url, title in RESULT_LINK.findall(search_html(client, params))]


def result_urls(client, **params):
    return urls_in(search_html(client, params))


def result_items(html):
    """Each result's <li>, in order, so a test can read one result's type, date and snippet."""
    return re.findall(r'<li class="search-result">(.*?)</li>', html, re.DOTALL)


def suggestions(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def make_condition_pages(make_condition, word, n):
    """n condition pages with `word` in their titles: more than one page of results when n > 10."""
    return [make_condition(title=f"{word} page {i}", slug=f"{word.lower()}-{i}") for i in range(n)]
