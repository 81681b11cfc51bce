"""What the backends' highlight() share: the markers, and the words of a query.

A backend returns each text with its matches between MARK_START and MARK_END, two characters
from Unicode's private use area that page text never needs; they are removed from the texts
first, so every marker in the answer is the engine's. search/highlight.py turns the answer into
(text, is_match) pieces, and the template escapes them: no HTML is built from the database.
"""

import re

MARK_START = "\ue000"
MARK_END = "\ue001"
# At most this many words are marked, as the query is at most 200 characters.
MAX_WORDS = 20


def marker_free(text):
    return (text or "").replace(MARK_START, "").replace(MARK_END, "")


def query_words(query):
    """The query's words (letters and digits), once each, in order."""
    words = []
    for word in re.findall(r"\w+", query):
        if word.lower() not in {w.lower() for w in words}:
            words.append(word)
    return words[:MAX_WORDS]
