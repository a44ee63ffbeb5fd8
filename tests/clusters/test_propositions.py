"""Comparing two wordings: keys, likeness, labels and the differing words (invented sentences)."""

from __future__ import annotations

import pytest

from app.models import ClusterLabel, Stance
from app.text import propositions
from app.text.propositions import (
    NUMBER_WORDS,
    STOP_WORDS_PATH,
    _stop_words,
    compare,
    content_keys,
    forget_wordings,
    keys_of_stems,
    likeness,
    remember_stems,
    stems,
)

BASE = "The ferry company will cut 40 sailings a week from the island route this winter."


def marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_keys_are_stemmed_content_words_and_figures() -> None:
    keys = content_keys(BASE)
    assert {"ferri", "sail", "40", "island"} <= keys
    assert not keys & {"the", "will", "from", "a"}


def test_partial_quotation_and_quote_inside_reported_speech_are_alike() -> None:
    partial = "cut 40 sailings a week from the island route"
    reported = "A company spokesman said that the ferry company will cut 40 sailings a week from the island route."
    assert likeness(BASE, partial) > 0.8
    assert likeness(BASE, reported) > 0.8


def test_unrelated_or_too_short_wordings_are_not_alike() -> None:
    assert likeness(BASE, "The museum reopened its east wing after a long restoration of the roof.") < 0.3
    assert likeness(BASE, "cut sailings") == 0.0


def test_punctuation_and_function_words_only_is_same_wording() -> None:
    other = "The ferry company will cut 40 sailings a week from the island route, this winter"
    d = compare(BASE, other)
    assert d.label == ClusterLabel.same


def test_different_figure_is_marked_as_variant_or_contradiction() -> None:
    hedged = "The ferry company will cut about 40 sailings a week from the island route this winter."
    d = compare(BASE, hedged)
    assert d.label == ClusterLabel.variant
    assert marked(hedged, d.other) == ["about"]
    assert d.first == []
    conflicting = "The ferry company will cut 14 sailings a week from the island route this winter."
    d = compare(BASE, conflicting)
    assert d.label == ClusterLabel.contradiction
    assert marked(BASE, d.first) == ["40"] and marked(conflicting, d.other) == ["14"]


def test_negation_or_denial_is_a_contradiction() -> None:
    negated = "The ferry company will not cut 40 sailings a week from the island route this winter."
    assert compare(BASE, negated).label == ClusterLabel.contradiction
    assert compare(BASE, BASE, Stance.asserts, Stance.denies).label == ClusterLabel.contradiction


def test_other_words_without_figures_names_or_hedges_is_a_paraphrase() -> None:
    other = "The ferry company will drop 40 crossings a week from the island route this winter."
    d = compare(BASE, other)
    assert d.label == ClusterLabel.paraphrase
    assert marked(other, d.other) == ["drop", "crossings"]


def test_function_words_are_the_english_stop_list_but_the_number_words() -> None:
    listed = [w for w in STOP_WORDS_PATH.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    assert len(listed) == len(set(listed)) == 326 and all(w == w.strip().lower() for w in listed)
    assert _stop_words() == frozenset(listed) - NUMBER_WORDS
    assert {"the", "would", "n't", "’s"} <= _stop_words() and "three" not in _stop_words()
    assert not {"ferry", "said", "company", "cut"} & _stop_words()
    assert content_keys("Would the ferry run three times?") == {"ferri", "run", "three", "time"}


def test_stems_worked_out_elsewhere_give_the_same_keys_and_likeness() -> None:
    reported = "A company spokesman said that the ferry company will cut 40 sailings a week from the island route."
    expected = likeness(BASE, reported)
    forget_wordings()
    found = stems(BASE)  # as an extraction worker sends them
    forget_wordings()
    remember_stems(BASE, found)
    assert keys_of_stems(found) == content_keys(BASE)
    assert likeness(BASE, reported) == expected


def test_the_wordings_held_stay_bounded_dropping_the_oldest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(propositions, "_WORDINGS_KEPT", 3)
    forget_wordings()
    texts = [f"The ferry company will cut {n} sailings a week" for n in range(3)]
    for text in texts:
        stems_of = propositions._wording(text).stems
        assert stems_of == stems(text)
    assert list(propositions._WORDINGS) == texts
    propositions._wording(BASE)
    assert list(propositions._WORDINGS) == [*texts[1:], BASE]
