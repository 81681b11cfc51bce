"""The site's vocabulary and the search's "Did you mean ...?", built from it alone.

The search backend records the words of each page it indexes (`record_words`, and
`clear_words` when the whole index is rebuilt). When a search finds nothing, `did_you_mean`
replaces each word of the query that the vocabulary lacks by the closest word it holds, and
offers the result only if the visitor's own search finds something with it: the vocabulary
also holds the words of drafts and private pages, and those must never show through.

Closeness is the optimal string alignment distance (Damerau-Levenshtein where no letter is
edited twice): a wrong, missing, extra or swapped letter counts one. A word of up to 4 letters
may be one edit away, a longer word two. Ties go to the smaller distance, then to the length
closest to the typed word's, then to alphabetical order.

Candidates are read from the database, never the whole vocabulary, so a suggestion costs one
query to learn which of the query's words are known and one per unknown word (at most
MAX_CORRECTED), whatever the vocabulary's size:

- On both databases, a candidate's length is within the allowed distance of the typed word's,
  and two of its first three letters are two of the typed word's first three, where one edit
  would leave them: for a typed "abc...", the candidate's first and second letters are ab, ac,
  bc or ba, or its first and third are ab or ac, or its second and third are bc or ab. Every
  word one edit away passes (an edit at the first, second or third letter keeps one such pair,
  any later edit keeps the first two letters), and so does a word two edits away unless both
  fall in its first three letters. Read through the three (letter pair, length) indexes, that
  is some hundreds of rows out of 20,000 words. SQLite has no fuzzy matching of its own: this is
  what its indexes can do.
- On PostgreSQL the same rows, and with them (a UNION in the same query) the MAX_SIMILAR words
  of those lengths that pg_trgm finds most similar (the `%` operator: at least
  pg_trgm.similarity_threshold, 0.3 by default, of their trigrams shared), read through the
  trigram GIN index of migration 0002; among them are the longer words that have both edits
  near the start. Trigram similarity alone would miss short words ("pstd" shares one trigram
  of nine with "ptsd"), which is why it widens the first rule rather than replacing it: a
  query gets the same answer on both databases but in those rare cases.

Whatever the first rule lets through, at most MAX_CANDIDATES rows are read, the nearest in
length first.
"""

import re

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import F, Q, Value
from django.db.models.functions import Abs

from .models import SearchWord
from .stopwords import STOP_WORDS

# A run of 3 to 40 letters (any script), neither preceded nor followed by a letter: digits,
# underscores and punctuation end a word, and a longer run of letters is no word at all.
WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,40}(?![^\W\d_])")

MAX_CORRECTED = 5
# A query's words looked up in the vocabulary; a longer query keeps its later words as typed.
MAX_LOOKED_UP = 32
# A safety bound on the candidates of one word, far above what the index conditions let through.
MAX_CANDIDATES = 5000
# On PostgreSQL, the most similar words by pg_trgm that are read besides.
MAX_SIMILAR = 300
BATCH_SIZE = 500


def words_of(text):
    """The vocabulary words of `text`, lower-case, in order (repeats included)."""
    return WORD.findall(text.lower())


def record_words(texts):
    """Add the words of `texts` (strings) to the vocabulary; words already there stay as they are."""
    words = set()
    for text in texts:
        if text:
            words.update(words_of(text))
    # Sorted, so that two processes indexing at once insert in the same order and never deadlock.
    SearchWord.objects.bulk_create(
        [SearchWord.of(word) for word in sorted(words)], batch_size=BATCH_SIZE, ignore_conflicts=True
    )


def clear_words():
    """Empty the vocabulary, before the whole index is rebuilt."""
    SearchWord.objects.all().delete()


def max_distance(word):
    return 1 if len(word) <= 4 else 2


def distance(a, b, limit):
    """The optimal string alignment distance of `a` and `b`, or `limit + 1` if it is more than `limit`.

    Only the cells within `limit` of the diagonal are computed, and it stops as soon as a whole
    row is past the limit (a row's smallest value never decreases from one row to the next).
    """
    if a == b:
        return 0
    length_a, length_b = len(a), len(b)
    too_far = limit + 1
    if abs(length_a - length_b) > limit:
        return too_far
    before = None
    above = [min(j, too_far) for j in range(length_b + 1)]
    for i in range(1, length_a + 1):
        letter = a[i - 1]
        row = [too_far] * (length_b + 1)
        row[0] = min(i, too_far)
        for j in range(max(1, i - limit), min(length_b, i + limit) + 1):
            other = b[j - 1]
            value = above[j - 1] + (letter != other)
            if above[j] + 1 < value:
                value = above[j] + 1
            if row[j - 1] + 1 < value:
                value = row[j - 1] + 1
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other and before[j - 2] + 1 < value:
                value = before[j - 2] + 1
            row[j] = min(value, too_far)
        if min(row) >= too_far:
            return too_far
        before, above = above, row
    return above[length_b]


def candidates(word):
    """Vocabulary words that may be within reach of `word` (see the module's docstring), in one query."""
    limit = max_distance(word)
    a, b, c = word[:3]
    # The length in each branch, so that each reads its own index for both columns.
    lengths = Q(length__range=(len(word) - limit, len(word) + limit))
    near = (
        lengths & Q(first_second__in=sorted({a + b, a + c, b + c, b + a}))
        | lengths & Q(first_third__in=sorted({a + b, a + c}))
        | lengths & Q(second_third__in=sorted({b + c, a + b}))
    )
    rows = SearchWord.objects.filter(near).order_by(Abs(F("length") - len(word)), "word")
    rows = rows.values_list("word", flat=True)[:MAX_CANDIDATES]
    if connections[SearchWord.objects.db].vendor == "postgresql":
        # A query of its own in a UNION: in an OR with the others, PostgreSQL would read the
        # whole table and compute each word's similarity, which it takes to be cheap.
        similar = (
            SearchWord.objects.filter(lengths, TrigramSimilar(F("word"), Value(word)))
            .alias(similarity=TrigramSimilarity("word", Value(word)))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
        )
        rows = rows.union(similar[:MAX_SIMILAR])
    return rows


def closest(word, words):
    """The closest of `words` to `word`, within its distance limit, or None."""
    limit = max_distance(word)
    letters = set(word)
    best = None
    for candidate in words:
        # Each letter that the other word lacks altogether takes an edit: a quick way to
        # rule out most candidates before measuring.
        if candidate in STOP_WORDS or sum(letter not in letters for letter in candidate) > limit:
            continue
        found = distance(word, candidate, limit)
        if found <= limit:
            key = (found, abs(len(candidate) - len(word)), candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def did_you_mean(query, has_results):
    """A corrected `query`, with its unknown words replaced by the closest known ones, or None.

    Other words, and whatever is not a word, are kept as typed; the words are joined by single
    spaces. None unless a word was replaced and `has_results(corrected)` is true.
    """
    # The search reads a NUL as a space (PostgreSQL refuses it in a string).
    tokens = query.replace("\x00", " ").split()
    looked_up = {}  # in the query's order
    for word in (match.group().lower() for token in tokens for match in WORD.finditer(token)):
        if len(looked_up) == MAX_LOOKED_UP:
            break
        # Lower-casing may make a word longer, or no longer letters only ("İ").
        if WORD.fullmatch(word) and word not in STOP_WORDS:
            looked_up[word] = True
    if not looked_up:
        return None
    known = set(SearchWord.objects.filter(word__in=looked_up).values_list("word", flat=True))
    corrections = {}
    for word in [word for word in looked_up if word not in known][:MAX_CORRECTED]:
        replacement = closest(word, candidates(word))
        if replacement:
            corrections[word] = replacement
    if not corrections:
        return None

    def correct(match):
        return corrections.get(match.group().lower(), match.group())

    # Something changed: a replacement is a known word, the word it replaces an unknown one.
    corrected = " ".join(WORD.sub(correct, token) for token in tokens)
    return corrected if has_results(corrected) else None
