"""The site's vocabulary and "Did you mean ...?" (search/vocabulary.py), on whichever database runs."""

import random

from django.db import connection

import pytest

from home.tests.nasty_input import HOSTILE_TEXTS
from search.models import SearchWord
from search.stopwords import STOP_LIST, STOP_WORDS
from search.vocabulary import clear_words, did_you_mean, distance, record_words

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def vocabulary():
    return sorted(SearchWord.objects.values_list("word", flat=True))


def always(query):
    return True


def suggest(query, *words):
    record_words(words)
    return did_you_mean(query, always)


def filler(count):
    """`count` made-up words, the same each time, none of them near the words the tests type."""
    rng = random.Random(15)
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice("bdfhjlmpqwxz") for _ in range(rng.randint(3, 12))))
    return sorted(words)


# Recording


def records():
    return list(SearchWord.objects.order_by("word").values_list())


def test_record_words_adds_each_word_once_in_lower_case():
    texts = ["Ketamine KETAMINE ketamine", "Ketamine therapy: naïve café"]
    record_words(texts)
    first = records()

    record_words(texts)

    assert vocabulary() == ["café", "ketamine", "naïve", "therapy"]
    assert records() == first
    # word, length, letters 1 and 2, 1 and 3, 2 and 3
    assert ("ketamine", 8, "ke", "kt", "et") in [record[1:] for record in first]


def test_record_words_ignores_numbers_short_words_and_runs_too_long_for_a_word():
    record_words(["In 2024, 12 mg of it; covid19 x_ray " + "a" * 41, "", "3.5"])

    assert vocabulary() == ["covid", "ray"]


def test_record_words_inserts_in_batches_never_a_query_a_word(
    django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_num_queries(1):
        record_words([" ".join(filler(150)), " ".join(filler(100))])
    assert SearchWord.objects.count() == 150

    # SQLite takes at most 999 parameters a query: a batch is some hundreds of words.
    with django_assert_max_num_queries(2000 // 100):
        record_words([" ".join(filler(2000))])
    assert SearchWord.objects.count() == 2000


def test_clear_words_empties_the_vocabulary():
    record_words(["ketamine therapy"])

    clear_words()

    assert vocabulary() == []


# Suggesting


def test_a_missing_letter_is_put_back_from_the_vocabulary():
    assert suggest("cravngs", "cravings", "craving", "cravat") == "cravings"


def test_only_the_unknown_word_is_corrected_and_the_others_are_kept_as_typed():
    assert suggest("ketamin therapy", "ketamine", "therapy") == "ketamine therapy"
    assert suggest("Ketamine  cravngs!", "ketamine", "cravings") == "Ketamine cravings!"


def test_a_query_whose_words_are_all_known_gets_no_suggestion():
    assert suggest("Ketamine therapy", "ketamine", "therapy") is None


def test_a_word_the_vocabulary_has_nothing_near_is_kept():
    assert suggest("cravngs zygote", "cravings") == "cravings zygote"


def test_stop_words_are_never_corrected_nor_suggested():
    record_words(["whale cravings thaw the"])

    assert did_you_mean("while", always) is None
    assert did_you_mean("while cravngs", always) == "while cravings"
    # "the" is as near to "thw" as "thaw" is, and nearer in length; the search ignores it.
    assert did_you_mean("thw", always) == "thaw"


def test_the_suggestion_is_offered_only_if_the_search_finds_something_with_it():
    record_words(["cravings"])
    asked = []

    def finds_nothing(query):
        asked.append(query)
        return False

    assert did_you_mean("cravngs", finds_nothing) is None
    assert asked == ["cravings"]


def test_no_search_is_run_when_there_is_nothing_to_correct():
    record_words(["cravings"])

    def must_not_run(query):
        raise AssertionError(query)

    assert did_you_mean("cravings", must_not_run) is None
    assert did_you_mean("xqzvbn", must_not_run) is None
    assert did_you_mean("12 !!", must_not_run) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tpsd", "ptsd"),  # up to 4 letters: one edit
        ("tpsx", None),  # ... not two
        ("crvngs", "cravings"),  # longer: two edits
        ("crvngz", None),  # ... not three
        ("kravings", "cravings"),  # the first letter wrong,
        ("ravings", "cravings"),  # missing,
        ("xcravings", "cravings"),  # extra,
        ("rcavings", "cravings"),  # swapped with the second
    ],
)
def test_how_far_a_word_may_be_from_its_correction(typed, expected):
    assert suggest(typed, "ptsd", "cravings") == expected


@pytest.mark.parametrize(
    ("typed", "words", "expected"),
    [
        ("bote", ["bot", "note"], "note"),  # both one edit away: the length closest to the typed word's
        ("bote", ["vote", "note"], "note"),  # the same length too: alphabetical order
        ("cravngs", ["craving", "cravings"], "cravings"),  # one edit against two
    ],
)
def test_ties_go_to_the_nearer_word_then_the_nearer_length_then_alphabetical_order(typed, words, expected):
    assert suggest(typed, *words) == expected


def test_the_distance_counts_a_swap_as_one_edit_and_stops_past_its_limit():
    assert distance("craving", "craving", 2) == 0
    assert distance("cravnig", "craving", 2) == 1
    assert distance("cravngs", "craving", 2) == 2
    assert distance("ca", "abc", 2) == 3  # optimal string alignment: no edit of a swapped pair
    assert distance("ketamine", "ptsd", 2) == 3
    assert distance("ketamine", "ketamnie", 1) == 1


@on_postgresql
def test_postgresql_also_finds_long_words_with_both_edits_at_the_start():
    # "erapeutic" lacks "therapeutic"'s first two letters: the first-letters rule cannot see it,
    # pg_trgm's similarity does.
    assert suggest("erapeutic", "therapeutic") == "therapeutic"


@on_postgresql
def test_postgresql_keeps_the_trigram_index_up_to_date_on_every_insert():
    # No pending list of new words (GIN's fastupdate), which each search would read whole.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef, reloptions FROM pg_indexes JOIN pg_class ON relname = indexname"
            " WHERE indexname = 'search_word_trigram'"
        )
        [(definition, options)] = cursor.fetchall()
    assert "USING gin (word gin_trgm_ops)" in definition
    assert options == ["fastupdate=off"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_misses_long_words_with_both_edits_at_the_start():
    assert suggest("erapeutic", "therapeutic") is None


# Staying bounded


@pytest.mark.parametrize("size", [10, 2000])
def test_the_number_of_queries_does_not_grow_with_the_vocabulary(django_assert_num_queries, size):
    record_words([" ".join(filler(size - 3)), "cravings ketamine therapy"])
    assert SearchWord.objects.count() == size

    # One query for the known words, one for each of the two unknown words.
    with django_assert_num_queries(3):
        assert did_you_mean("cravngs ketamin therapy", always) == "cravings ketamine therapy"


def test_at_most_five_unknown_words_are_looked_at(django_assert_num_queries):
    record_words(["cravings"])
    nowhere = ["xqaa", "xqbb", "xqcc", "xqdd", "xqee", "xqff"]

    with django_assert_num_queries(1 + 5):
        assert did_you_mean(" ".join(["cravngs", *nowhere]), always) == " ".join(["cravings", *nowhere])
    # Five unknown words before it: it is kept as typed.
    with django_assert_num_queries(1 + 5):
        assert did_you_mean(" ".join([*nowhere[:5], "cravngs"]), always) is None


def test_a_long_query_has_only_its_first_words_looked_up():
    known = filler(40)
    record_words([*known, "cravings"])

    assert did_you_mean(" ".join([*known[:31], "cravngs"]), always) == " ".join([*known[:31], "cravings"])
    assert did_you_mean(" ".join([*known[:32], "cravngs"]), always) is None


# Whatever a visitor types


HOSTILE_QUERIES = [
    *HOSTILE_TEXTS,
    "cravngs\x00ketamin",
    "\x00cravngs\x00",
    "cravngs " * 1250,
    "c" * 10_000,
    "cravngs 💊 ketamin🧠",
    "cravngs'; DROP TABLE search_searchword; --",
    "cravngs%' OR word LIKE '%",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_input_gives_a_suggestion_or_none_never_an_error(query):
    record_words(["cravings ketamine"])

    corrected = did_you_mean(query, always)

    assert corrected is None or (isinstance(corrected, str) and "\x00" not in corrected)


def test_hostile_page_text_is_recorded_as_its_words_only():
    record_words(HOSTILE_QUERIES)

    words = vocabulary()
    assert {"cravngs", "ketamin", "drop", "table", "word", "like", "für", "naïve", "café"} <= set(words)
    assert all(word.isalpha() and word == word.lower() and 3 <= len(word) <= 40 for word in words)
    assert "c" * 40 not in words


def test_a_nul_byte_separates_words_as_a_space_does():
    assert suggest("cravngs\x00ketamin", "cravings", "ketamine") == "cravings ketamine"


# The stop list


def test_the_stop_list_is_postgresqls_english_one():
    assert len(STOP_WORDS) == len(STOP_LIST.split()) == 127
    assert {"the", "what", "to", "don", "should", "ourselves"} <= STOP_WORDS
    assert not {"expect", "ketamine", "therapy"} & STOP_WORDS


@on_postgresql
def test_postgresql_drops_every_word_of_the_stop_list():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('english', %s)::text", [" ".join(sorted(STOP_WORDS))])
        assert cursor.fetchone() == ("",)
        cursor.execute("SELECT to_tsvector('english', 'what to expect')::text")
        assert cursor.fetchone() == ("'expect':3",)
