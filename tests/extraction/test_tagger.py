"""Tests of the trained attribution tagger on sentences written for these tests."""

from __future__ import annotations

import pytest

from app.extraction import tagger
from app.extraction.crf_features import segments

pytestmark = pytest.mark.skipif(not tagger.model_available(), reason="tagger model not built")

REPORTED = "The mayor of Eastbridge said that the new bridge would open to traffic next spring."
QUOTED = '"We will not raise the fares this year," the transit director told reporters on Monday.'


def _check_spans(text: str, props: list[tagger.Proposal]) -> None:
    for p in props:
        for s in (p.content, p.cue, p.source, *p.pieces):
            if s is not None:
                assert 0 <= s.start < s.end <= len(text)
                assert text[s.start : s.end] == s.text
        assert 0.0 <= p.score <= 1.0


def test_reported_speech_content_found() -> None:
    props = tagger.propose(REPORTED, [])
    _check_spans(REPORTED, props)
    contents = [p for p in props if "bridge would open" in p.content.text]
    assert contents, props
    best = contents[0]
    assert best.cue is not None and "said" in best.cue.text
    assert best.source is not None and "mayor" in best.source.text


def test_direct_quote_content_found() -> None:
    props = tagger.propose(QUOTED, [])
    _check_spans(QUOTED, props)
    assert any("raise the fares" in p.content.text for p in props), props
    assert any(p.cue is not None and "told" in p.cue.text for p in props)


def test_split_quote_is_one_proposal_with_pieces() -> None:
    text = (
        '"The budget is balanced," the treasurer said. "Every department kept to its limit '
        'and nobody asked for more money."'
    )
    props = tagger.propose(text, [])
    _check_spans(text, props)
    assert any("budget is balanced" in p.content.text for p in props)
    assert any("kept to its limit" in p.content.text for p in props)


def test_skip_regions_yield_nothing() -> None:
    text = REPORTED + "\n\n" + REPORTED
    second = (len(REPORTED) + 2, len(text))
    props = tagger.propose(text, [second])
    _check_spans(text, props)
    assert props
    for p in props:
        for s in (p.content, p.cue, p.source):
            if s is not None:
                assert s.end <= second[0] or s.start >= second[1]
    assert not tagger.propose(text, [(0, len(text))])


def test_offsets_survive_leading_whitespace_and_unicode() -> None:
    text = "  \u00a0\n\u201cPrices fell sharply,\u201d an economist at the bank said, citing new data."
    props = tagger.propose(text, [])
    _check_spans(text, props)
    assert any("Prices fell" in p.content.text for p in props)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", '"', "\u201cunfinished quote with no end", 'He said "', "said said said", "\u201d\u201d\u201c"],
)
def test_degenerate_input_does_not_crash(text: str) -> None:
    props = tagger.propose(text, [])
    _check_spans(text, props)


def test_non_string_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError):
        tagger.propose(None, [])  # type: ignore[arg-type]


def test_segments_cut_out_skip_regions() -> None:
    text = "One two three.\nFour five six."
    toks = [t for seg in segments(text, [(4, 8)]) for t in seg]
    assert [t.text for t in toks] == ["One", "three", ".", "Four", "five", "six", "."]
    for t in toks:
        assert text[t.start : t.end] == t.text


def _labelled(text: str, roles: dict[str, str]) -> tuple[list, list[str], list[float]]:
    """The text's one paragraph, each word labelled by the role its word gets in `roles` (B- on a role's first
    word after another role), O elsewhere."""
    toks = segments(text, [])[0]
    labels, prev = [], "O"
    for t in toks:
        role = roles.get(t.text, "O")
        labels.append("O" if role == "O" else ("I-" if role == prev else "B-") + role)
        prev = role
    return toks, labels, [0.9] * len(toks)


def test_a_clause_an_aside_splits_is_one_proposal_in_two_pieces() -> None:
    text = "Ferry fares, the operator argued, have not kept pace with fuel costs."
    con = {w: "CON" for w in ("Ferry", "fares", "have", "not", "kept", "pace", "with", "fuel", "costs")}
    toks, labels, probs = _labelled(text, con | {"the": "SRC", "operator": "SRC", "argued": "CUE"})
    (p,) = tagger.decode(text, toks, labels, probs)
    assert p.aside and [s.text for s in p.pieces] == ["Ferry fares", "have not kept pace with fuel costs"]
    assert p.cue is not None and p.cue.text == "argued" and p.source is not None and p.source.text == "the operator"


def test_two_clauses_a_cue_separates_are_two_proposals() -> None:
    # no comma after the cue: the second clause is not the rest of the first
    text = "Ferry fares rose, the operator argued and ticket sales fell in May."
    con = {w: "CON" for w in ("Ferry", "fares", "rose", "ticket", "sales", "fell", "in", "May")}
    toks, labels, probs = _labelled(text, con | {"the": "SRC", "operator": "SRC", "argued": "CUE"})
    props = tagger.decode(text, toks, labels, probs)
    assert len(props) == 2 and not any(p.aside for p in props)


def test_a_few_untagged_words_inside_a_content_are_filled() -> None:
    text = "The quarry owner at the centre of the dust row has agreed to pay for new filters, its lawyers said."
    content = [
        "The",
        "quarry",
        "owner",
        "at",
        "the",
        "centre",
        "of",
        "the",
        "has",
        "agreed",
        "to",
        "pay",
        "for",
        "new",
        "filters",
    ]
    toks, labels, probs = _labelled(text, {w: "CON" for w in content} | {"its": "SRC", "lawyers": "SRC", "said": "CUE"})
    (p,) = tagger.decode(text, toks, labels, probs)  # "dust row" untagged: one content, not two
    assert p.content.text == "The quarry owner at the centre of the dust row has agreed to pay for new filters"
    # a source or a sentence break between two contents keeps them apart
    two = "The quarry closed. The owner has agreed to pay for new filters, its lawyers said."
    toks, labels, probs = _labelled(
        two,
        {w: "CON" for w in ["The", "quarry", "closed", "owner", "has", "agreed", "to", "pay", "for", "new", "filters"]},
    )
    assert len(tagger.decode(two, toks, labels, probs)) == 2
