"""Search result highlights: a window of a page's text around the first match, with matches marked.

The snippet is a list of (text, is_match) pieces; the template wraps matches in <mark>,
so no HTML is built here.
"""

import re

SNIPPET_LENGTH = 240
SUFFIXES = ("ing", "es", "ed", "s")


def stem(word):
    """A rough English stem, so 'craving' also marks 'cravings' (the engines stem properly)."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def match_pattern(query):
    stems = sorted(
        {stem(word) for word in re.findall(r"\w+", query) if len(word) >= 2}, key=len, reverse=True
    )
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def highlight(text, query, length=SNIPPET_LENGTH):
    """Pieces of `text` around the first match of `query`, as [(text, is_match), ...]."""
    text = " ".join(text.split())
    pattern = match_pattern(query)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    window = ("\u2026 " if start > 0 else "") + text[start:end] + (" \u2026" if end < len(text) else "")
    if not pattern:
        return [(window, False)]
    pieces, position = [], 0
    for match in pattern.finditer(window):
        if match.start() > position:
            pieces.append((window[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(window):
        pieces.append((window[position:], False))
    return pieces
