"""Snippets from the backend's marked text: pieces around the first match, without HTML."""

from search.backends.highlight import MARK_END, MARK_START, marker_free, query_words
from search.highlight import has_match, pieces


def m(word):
    return f"{MARK_START}{word}{MARK_END}"


def marked(result):
    return [text for text, is_match in result if is_match]


def test_every_marked_stretch_becomes_a_match_and_the_text_is_kept_whole():
    text = f"{m('Cravings')} fade. A {m('craving')} is not a command. {m('Relapse')} happens."

    result = pieces(text)

    assert marked(result) == ["Cravings", "craving", "Relapse"]
    assert "".join(t for t, _ in result) == "Cravings fade. A craving is not a command. Relapse happens."


def test_the_window_starts_near_a_late_match_and_says_it_was_cut():
    text = ("filler " * 100) + f"the {m('NMDA')} receptor " + ("more " * 100)

    result = pieces(text, 240)
    joined = "".join(t for t, _ in result)

    assert joined.startswith("\u2026 ") and joined.endswith(" \u2026")
    assert marked(result) == ["NMDA"]
    assert len(joined) < 300


def test_without_a_match_the_start_of_the_text_is_shown_unmarked():
    assert pieces("Ketamine for depression.", 240) == [("Ketamine for depression.", False)]
    assert not has_match("Ketamine for depression.")
    assert has_match(f"Ketamine for {m('depression')}.")


def test_runs_of_whitespace_become_one_space():
    assert pieces(f"Our\n\n  {m('room')}\topened") == [("Our ", False), ("room", True), (" opened", False)]


def test_markers_typed_into_a_page_are_removed_before_the_engine_marks():
    assert marker_free(f"a{MARK_START}b{MARK_END}c") == "abc"
    assert marker_free(None) == ""


def test_query_words_are_letters_and_digits_once_each():
    assert query_words("Cravings & cravings | NMDA* (2024)") == ["Cravings", "NMDA", "2024"]
    assert query_words("& | ! : * ( ) ' \"") == []
    assert len(query_words(" ".join(f"w{i}" for i in range(50)))) == 20
