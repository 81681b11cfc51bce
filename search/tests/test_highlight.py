"""Snippets around the first match, with matches marked, built without HTML."""

from search.highlight import highlight, stem


def marked(pieces):
    return [text for text, is_match in pieces if is_match]


def test_marks_every_match_of_every_word_with_their_inflections():
    pieces = highlight("Cravings fade. A craving is not a command. Relapse happens.", "craving relapse")
    assert marked(pieces) == ["Cravings", "craving", "Relapse"]
    assert (
        "".join(text for text, _ in pieces) == "Cravings fade. A craving is not a command. Relapse happens."
    )


def test_window_starts_near_a_late_match_and_says_it_was_cut():
    text = ("filler " * 100) + "the NMDA receptor " + ("more " * 100)
    joined = "".join(t for t, _ in highlight(text, "nmda"))
    assert joined.startswith("\u2026 ") and joined.endswith(" \u2026")
    assert "NMDA" in joined and len(joined) < 300


def test_without_a_match_the_start_of_the_text_is_shown():
    assert highlight("Ketamine for depression.", "xylophone") == [("Ketamine for depression.", False)]


def test_query_of_symbols_only_marks_nothing():
    assert marked(highlight("A & B | C", "& | ! : * ( ) ' \"")) == []


def test_stem_strips_one_common_suffix_and_keeps_short_words():
    assert [stem(w) for w in ["cravings", "craving", "relapses", "used", "is"]] == [
        "craving",
        "crav",
        "relaps",
        "used",
        "is",
    ]
