"""Search result highlights: a window of a result's text around its first match, matches marked.

The search backend marks the matches (search/backends/highlight.py), by the engine's own
parsing, stemming and stop words, so a word is marked exactly when the search would find it.
Here the marked text becomes a list of (text, is_match) pieces; the template wraps matches in
<mark>, so no HTML is built here.
"""

from .backends.highlight import MARK_END, MARK_START

SNIPPET_LENGTH = 240


def has_match(marked):
    return MARK_START in marked


def spans(marked):
    """The plain text of `marked`, and the (start, end) of each marked stretch in it."""
    text, found, position = [], [], 0
    for index, part in enumerate(marked.split(MARK_START)):
        if index == 0:
            text.append(part)
            position += len(part)
            continue
        match, _, rest = part.partition(MARK_END)
        found.append((position, position + len(match)))
        text.append(match + rest)
        position += len(match) + len(rest)
    return "".join(text), found


def pieces(marked, length=None):
    """[(text, is_match), ...] of `marked`; with `length`, a window of about that many characters
    around the first match, cut at spaces, with an ellipsis where text was left out."""
    text, found = spans(" ".join(marked.split()))
    start, end = 0, len(text)
    if length is not None:
        first = found[0][0] if found else 0
        if first > length // 3:
            start = text.rfind(" ", 0, first - length // 3) + 1
        end = start + length
        if end < len(text):
            end = max(text.rfind(" ", start, end), start + length // 2)
        end = min(end, len(text))
    result, position = [], start
    if start > 0:
        result.append(("\u2026 ", False))
    for match_start, match_end in found:
        if match_end <= start or match_start >= end:
            continue
        match_start, match_end = max(match_start, start), min(match_end, end)
        if match_start > position:
            result.append((text[position:match_start], False))
        result.append((text[match_start:match_end], True))
        position = match_end
    if position < end:
        result.append((text[position:end], False))
    if end < len(text):
        result.append((" \u2026", False))
    return result
