"""What is not an attribution under the guidelines: a reported action, a photo caption, the writer's own
imperative. The scorer and the kinds decide from context (invented sentences, no word lists)."""

from __future__ import annotations

import pytest

from app.extraction import extract, pipeline
from app.extraction.kinds import COUNTED, keep_kinds

CASES = {
    "action": "The governor sent a delegation to the capital to discuss the water dispute.",
    "ordered": "The company has ordered twelve new buses from a plant in the north.",
    "caption": "Firefighters spray water on a burning warehouse near the canal on Monday",
    "imperative": "Note that the totals exclude seasonal workers.",
    "imperative, mid-paragraph": "The ferry runs hourly. Remember that the last boat leaves at ten.",
    "consider": "Consider how the tram line changed the old market district.",
}


@pytest.mark.parametrize("sentence", [CASES[k] for k in sorted(CASES)], ids=sorted(CASES))
def test_counted_output_has_no_attribution(sentence: str) -> None:
    text = sentence + "\n\nThe harbour authority said that the new pier would be finished by the autumn."
    counted = keep_kinds(extract(text), COUNTED).attributions
    assert [a.content.text for a in counted] == ["the new pier would be finished by the autumn"]


def test_an_action_may_be_found_but_is_not_counted() -> None:
    res = extract(CASES["ordered"])
    assert all(a.kind not in COUNTED for a in res.attributions)


@pytest.mark.parametrize(
    ("sentence", "is_imperative"),
    [
        ("Note that the totals exclude seasonal workers.", True),
        ("Consider how the tram line changed the old market district.", True),
        ("The board noted that the totals exclude seasonal workers.", False),  # a subject: the board's
        ("Asked about the totals, the board said they exclude seasonal workers.", False),
    ],
)
def test_the_writers_imperative_has_no_subject_and_a_bare_verb(sentence: str, is_imperative: bool) -> None:
    """Nothing of an imperative is even a candidate (rules or tagger); the same verb with a subject is."""
    assert bool(pipeline.candidates(sentence).cands) is not is_imperative
    assert bool(extract(sentence).attributions) is not is_imperative
