"""Candidate mentions: tokens keep skill-name characters; windows respect clauses and stopwords."""

from __future__ import annotations

from matcher.skills.mentions import candidate_mentions, tokenize


def test_tokens_keep_programming_names_and_offsets():
    text = "Ervaring met C++, C#, .NET en Node.js (e-mail)."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Ervaring",
        "met",
        "C++",
        "C#",
        ".NET",
        "en",
        "Node.js",
        "e-mail",
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_windows_do_not_start_or_end_with_function_words_nor_cross_clauses():
    text = "Ervaring met Python en SQL, kennis van datamodellering"
    mentions = candidate_mentions(text, max_tokens=4)
    texts = {m.text for m in mentions}
    assert {"Python", "SQL", "Ervaring met Python", "Python en SQL", "datamodellering"} <= texts
    assert "kennis van datamodellering" in texts
    assert not any(t.split()[0].lower() in {"met", "en", "van"} for t in texts)
    assert not any(t.split()[-1].lower() in {"met", "en", "van"} for t in texts)
    assert "SQL, kennis" not in texts and not any("," in t for t in texts)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert max(m.n_tokens for m in mentions) <= 4


def test_offset_shifts_mentions_into_the_document():
    document = "Intro.\nKennis van Python"
    start = document.index("Kennis")
    mentions = candidate_mentions(document[start:], offset=start)
    python = next(m for m in mentions if m.text == "Python")
    assert document[python.start : python.end] == "Python"


def test_duplicate_windows_are_listed_once():
    mentions = candidate_mentions("Python, Python en nog eens Python")
    assert [m.text for m in mentions].count("Python") == 1


def test_anonymisation_placeholders_are_no_mention_and_end_a_window():
    text = "Lid van ons <ORGANIZATION> team in <LOCATION>: wij lossen problemen op"
    mentions = candidate_mentions(text, max_tokens=4, offset=100)
    texts = [m.text for m in mentions]
    assert "team" in texts and "lossen problemen" in texts
    assert not any("ORGANIZATION" in t or "LOCATION" in t for t in texts)
    assert not any("<" in t or ">" in t for t in texts)  # no window reaches across one
    assert all(text[m.start - 100 : m.end - 100] == m.text for m in mentions)
    # an upper-case word outside angle brackets is still a mention
    assert "SQL" in [m.text for m in candidate_mentions("kennis van SQL")]
