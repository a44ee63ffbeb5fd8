"""PolNeAR's shape of an extraction: pieces of one content joined, the marks, "that" and a subject relative
pronoun inside the content."""

from __future__ import annotations

from app.extraction.polnear_format import polnear_dicts
from app.extraction.types import ArticleExtraction, Attribution, Span
from tests.extraction.helpers import run


def _words(text: str, content: dict) -> list[str]:
    return [text[s:e] for s, e in content.get("pieces") or [[content["start"], content["end"]]]]


def _clause(text: str, content: str, source: str, cue: str, start: int = 0) -> Attribution:
    def span(part: str) -> Span:
        i = text.index(part, start)
        return Span.of(text, i, i + len(part))

    return Attribution(span(content), span(cue), span(source), None, "indirect", "asserts", False, "speech")


def test_a_content_running_over_a_line_break_leaves_the_break_out() -> None:
    # a hard-wrapped paragraph, and a stored quotation that spans two paragraphs
    text = "“The pier is safe.\n\nIt will reopen in May,” the engineer said."
    ours = Attribution(
        Span.of(text, 1, text.index("”")),
        Span.of(text, text.index("said"), len(text) - 1),
        Span.of(text, text.index("the engineer"), text.index(" said")),
        None,
        "direct",
        "asserts",
        False,
        "speech",
    )
    [a] = polnear_dicts(text, ArticleExtraction([ours], [], [], "test"))
    assert _words(text, a["content"]) == ["“The pier is safe.", "It will reopen in May,”"]


def test_a_clause_its_source_and_cue_interrupt_is_one_attribution_with_two_pieces() -> None:
    text = "The new ferry, the harbour engineers said, will need a longer berth."
    [a] = polnear_dicts(text, run(text))
    assert _words(text, a["content"]) == ["The new ferry", "will need a longer berth"]
    assert a["source"]["text"] == "the harbour engineers" and a["cue"]["text"] == "said"


def test_a_quotation_split_by_its_cue_is_one_attribution_with_its_marks() -> None:
    text = "“The pier is safe,” the engineer said. “It will reopen in May.”"
    [a] = polnear_dicts(text, run(text))
    assert _words(text, a["content"]) == ["“The pier is safe,”", "“It will reopen in May.”"]


def test_a_quotation_going_on_in_a_paragraph_without_a_cue_is_one_attribution_with_it() -> None:
    text = "“The pier is safe,” the engineer said.\n\n“It will reopen in May, once the rails are painted.”"
    res = run(text)
    assert len(res.attributions) == 2  # ours: one a contiguous piece
    [a] = polnear_dicts(text, res)
    assert _words(text, a["content"]) == ["“The pier is safe,”", "“It will reopen in May, once the rails are painted.”"]
    # a quotation of its own in the next paragraph, with its own cue, is not joined
    text = "“The pier is safe,” the engineer said.\n\n“It will reopen in May,” the engineer said."
    assert len(polnear_dicts(text, run(text))) == 2


def test_pieces_with_one_cue_join_only_across_it_and_within_one_sentence() -> None:
    text = "The pier, the engineer said, is safe. The ferry will run."
    ok = [_clause(text, "The pier", "the engineer", "said"), _clause(text, "is safe", "the engineer", "said")]
    [joined] = polnear_dicts(text, ArticleExtraction(ok, [], [], "test"))
    assert _words(text, joined["content"]) == ["The pier", "is safe"]
    # the second piece stands in the next sentence: two attributions
    apart = [
        _clause(text, "is safe", "the engineer", "said"),
        _clause(text, "The ferry will run", "the engineer", "said"),
    ]
    assert len(polnear_dicts(text, ArticleExtraction(apart, [], [], "test"))) == 2
    # both pieces after the cue: two clauses, not one the cue splits
    text = "The engineer said the pier is safe and the ferry will run."
    after = [
        _clause(text, "the pier is safe", "The engineer", "said"),
        _clause(text, "the ferry will run", "The engineer", "said"),
    ]
    assert len(polnear_dicts(text, ArticleExtraction(after, [], [], "test"))) == 2


def test_a_relative_pronoun_before_the_source_is_the_clause_subject_only_before_a_verb() -> None:
    text = "The council passed a levy which critics say will hurt families."
    a = _clause(text, "will hurt families", "critics", "say")
    [d] = polnear_dicts(text, ArticleExtraction([a], [], [], "test"))
    assert _words(text, d["content"]) == ["which", "will hurt families"]
    text = "The council passed a levy that critics say the mayor opposed."
    a = _clause(text, "the mayor opposed", "critics", "say")
    [d] = polnear_dicts(text, ArticleExtraction([a], [], [], "test"))
    assert _words(text, d["content"]) == ["the mayor opposed"]


def test_the_source_of_a_relative_clause_is_the_pronoun_in_polnear_and_the_name_in_ours() -> None:
    text = "The plan was praised by Ana Ruiz, who said the ferry would pay for itself."
    [a] = [a for a in run(text).attributions if "ferry" in a.content.text]
    assert a.source.text == "Ana Ruiz"
    [d] = polnear_dicts(text, ArticleExtraction([a], [], [], "test"))
    assert d["source"]["text"] == "who"
