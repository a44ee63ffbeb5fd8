"""Paragraphs: one per line in scraped text, and whole paragraphs in hard-wrapped text."""

from __future__ import annotations

from app.extraction import extract
from app.extraction.crf_features import paragraph_segments
from app.extraction.segment import paragraphs, sentence_start_in
from tests.extraction.helpers import find, run

WRAPPED = (
    "Quarry Road Will Close\n"
    "\n"
    "Ada Fenwick said that the old quarry road would close for the\n"
    "winter because the retaining wall above the river had started to lean,\n"
    "and that a detour through the valley would open on Monday.\n"
    "\n"
    "Drivers were told to expect delays of up to twenty minutes on the\n"
    "detour, which runs past the school and the two farms below the ridge.\n"
    "\n"
    "“We cannot risk a collapse with lorries on the road,” Fenwick said\n"
    "at the council meeting. “The wall has moved four centimetres in a week.”\n"
)


def test_hard_wrapped_paragraphs_are_read_whole() -> None:
    paras = [WRAPPED[s:e] for s, e in paragraphs(WRAPPED)]
    assert paras[0] == "Quarry Road Will Close"
    assert len(paras) == 4 and paras[1].endswith("would open on Monday.")
    res = run(WRAPPED)
    a = find(res, "old quarry road")
    assert a.content.text.startswith("the old quarry road would close for the\nwinter")
    assert "retaining wall above the river" in a.content.text
    b = find(res, "cannot risk a collapse")
    assert b.source.text == "Fenwick"
    assert find(res, "moved four centimetres").source.text == "Fenwick"


def test_the_tagger_reads_a_hard_wrapped_paragraph_as_one_sequence() -> None:
    seqs = paragraph_segments(WRAPPED, [])
    assert [(WRAPPED[q[0].start : q[-1].end]) for q in seqs] == [WRAPPED[s:e] for s, e in paragraphs(WRAPPED)]


def test_the_default_path_keeps_a_hard_wrapped_content_whole() -> None:
    """Each line read alone, the tagger proposed contents cut at the line ends ("the old quarry road would
    close for the") and sources cut from their phrase, and they outscored the rules' whole ones."""
    res = extract(WRAPPED)
    a = find(res, "old quarry road")
    assert "retaining wall above the river" in a.content.text and a.source.text == "Ada Fenwick"
    assert not [x for x in res.attributions if x.content.text.endswith(("for the", "of the"))]


def test_one_paragraph_per_line_stays_so() -> None:
    text = (
        "Ferry Fares Rise Again\n"
        "The harbour board said on Monday that fares would rise by a tenth\n"
        "Passengers on the night crossing said the boats were already too full.\n"
    )
    assert len(paragraphs(text)) == 3


def test_a_line_broken_mid_sentence_goes_on_in_the_next() -> None:
    text = (
        "The harbour board said on Monday that the fares on every crossing would rise\n"
        "by a tenth from the first of the month.\n"
    )
    assert paragraphs(text) == [(0, len(text) - 1)]


def test_a_sentence_starts_after_an_end_mark_not_after_an_abbreviation_or_initials() -> None:
    text = "Intro line\nThe U.S. envoy met Dr. Lena Ortiz at St. Paul's. Then she left. Why? Nobody said.\n"
    para = (11, len(text) - 1)
    assert sentence_start_in(text, para, text.index("Ortiz")) == 11  # "U.S.", "Dr." and "St." end nothing
    assert sentence_start_in(text, para, text.index("left")) == text.index("Then")
    assert sentence_start_in(text, para, text.index("Nobody")) == text.index("Nobody")
    assert sentence_start_in(text, para, text.index("Why")) == text.index("Why")
    # A hard-wrapped paragraph's sentence goes on past the line break.
    wrapped = "The envoy met the minister of\nfinance, who said nothing. She left."
    assert sentence_start_in(wrapped, (0, len(wrapped)), wrapped.index("said")) == 0
