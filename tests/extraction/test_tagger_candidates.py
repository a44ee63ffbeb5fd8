"""The tagger's proposals as candidates: a source that cuts a word is left out, and
contents are trimmed to the guidelines' span (quotation marks off, doubled ones included)."""

from __future__ import annotations

from app.extraction.merge import tagger_candidates
from app.extraction.resolve import Resolver
from app.extraction.tagger import Proposal, TaggerReading
from app.extraction.types import Span


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _proposal(text: str, source: str, cue: str, content: str) -> Proposal:
    return Proposal(_span(text, content), _span(text, cue), _span(text, source), 0.9)


def _candidates(text: str, source: str, cue: str, content: str, *others: Proposal) -> list:
    reading = TaggerReading([_proposal(text, source, cue, content), *others], [], [], [], [], "encoder")
    return tagger_candidates(text, reading, [], [(0, len(text))], Resolver(text, {}))


def _of_cue(text: str, cands: list, cue: str) -> object:
    (c,) = [c for c in cands if text[c.cue[0] : c.cue[1]] == cue]
    return c


def test_a_participle_after_a_noun_is_not_the_cue_of_an_earlier_subject() -> None:
    text = "Norway announced new fines on Monday against shipping firms accused of dumping oil at sea."
    announced = _proposal(text, "Norway", "announced", "new fines on Monday")
    c = _of_cue(text, _candidates(text, "Norway", "accused", "of dumping oil at sea", announced), "accused")
    assert c.source is None  # the firms are accused; Norway is the subject of "announced"
    named = "Officials said the rebels, known as the Lions, took the port."
    said = _proposal(named, "Officials", "said", "the rebels, known as the Lions, took the port")
    c = _of_cue(named, _candidates(named, "Officials", "known as", "the Lions", said), "known as")
    assert c.source is None


def test_a_participle_opening_its_sentence_is_not_the_cue_of_the_main_subject() -> None:
    """The one asked is the subject after the comma; the asker is not named. An inverted cue ("Added X")
    has its source right after it, no comma between."""
    text = "Asked about the delay, the ferry operator said the boats would run by spring."
    (c,) = _candidates(text, "the ferry operator", "Asked about", "the delay, the ferry operator said")
    assert c.source is None
    inverted = 'Added the ferry operator, "The boats will run by spring."'
    (c,) = _candidates(inverted, "the ferry operator", "Added", "The boats will run by spring.")
    assert c.source == (6, 6 + len("the ferry operator"))
    earlier = "Ann Vale runs the kiosk. Asked whether the boats would run, she said: “They must.”"
    (c,) = _candidates(earlier, "Ann Vale", "Asked", "whether the boats would run")
    assert c.source is None  # a speaker of an earlier sentence is not the one asking


def test_a_participle_cue_keeps_its_own_subject_and_an_appositive_one() -> None:
    text = "Ada Berg, the harbour master, warned that the pier was unsafe."
    (c,) = _candidates(text, "Ada Berg", "warned", "the pier was unsafe")
    assert c.source == (0, len("Ada Berg"))
    coordinated = "Ada Berg said the pier was unsafe and warned that the ferry would stop."
    said = _proposal(coordinated, "Ada Berg", "said", "the pier was unsafe")
    c = _of_cue(coordinated, _candidates(coordinated, "Ada Berg", "warned", "the ferry would stop", said), "warned")
    assert c.source == (0, len("Ada Berg"))


def test_a_source_that_cuts_a_word_is_no_source() -> None:
    text = "The most eye-catching figures in the audit suggest that the depot overspent."
    content = "the depot overspent"
    for cut in ("eye-", "eye", "catching figures", "the aud"):
        assert not _candidates(text, cut, "suggest", content), cut
    whole = _candidates(text, "eye-catching figures", "suggest", content)
    assert [c.source for c in whole] == [(text.index("eye-"), text.index(" in the audit"))]


def test_doubled_quotation_marks_are_trimmed_from_a_content() -> None:
    text = "''They say, 'Go home now,''' said Mr. Lund, a farmer."
    (c,) = _candidates(text, "Mr. Lund", "said", "''They say, 'Go home now,'''")
    assert text[c.content[0] : c.content[1]] == "They say, 'Go home now,'"


def test_a_lone_article_as_source_is_read_on_to_its_phrase() -> None:
    """The tagger sometimes marks only "The" of "The harbour authority"; the source is the phrase it opens,
    and it names a speaker."""
    text = "The harbour authority has sought to reopen the channel before the storm season."
    (c,) = _candidates(text, "The", "has sought", "to reopen the channel before the storm season")
    assert c.source == (0, len("The harbour authority")) and c.entity is not None


def test_a_name_in_apposition_after_an_unnamed_source_is_the_source() -> None:
    text = "A harbour spokeswoman, Ada Berg, told reporters the pier was unsafe."
    for source in ("A harbour spokeswoman", "A harbour spokeswoman, Ada Berg,"):
        (c,) = _candidates(text, source, "told reporters", "the pier was unsafe")
        assert text[c.source[0] : c.source[1]] == "Ada Berg" and not c.anonymous


def test_a_cue_word_closing_a_name_is_no_cue() -> None:
    text = "“Some will come back,” said Omar Said, who runs the bakery."
    assert _candidates(text, "Omar", "Said", "Some will come back") == []
    headline = "Harbour Master Says Pier Will Reopen In May"
    (c,) = _candidates(headline, "Harbour Master", "Says", "Pier Will Reopen In May")
    assert headline[c.cue[0] : c.cue[1]] == "Says"


def test_unnamed_people_no_word_list_holds_are_read_as_anonymous() -> None:
    """A source phrase of open-class nouns is an unnamed speaker, not one left without a kind; a definite
    description of no known class ("the leaflet") is left unread."""
    for text, source, cue, content in (
        ("Beekeepers upstream say the spraying should have stopped.", "Beekeepers upstream", "say", "the spraying"),
        ("Others agreed, with one hiker writing that the trail was ruined.", "one hiker", "writing", "the trail was"),
    ):
        (c,) = _candidates(text, source, cue, content)
        assert text[c.source[0] : c.source[1]] == source and c.anonymous and c.entity is not None
    text = "The leaflet says the trail was ruined by the storm."
    (c,) = _candidates(text, "The leaflet", "says", "the trail was ruined by the storm")
    assert c.entity is None and not c.anonymous


def test_a_source_cut_short_of_its_noun_is_no_phrase() -> None:
    """A tagged source that stops before its noun names nobody, as a span cut inside a word names nobody: the
    proposal is left out (it would be stored as an attribution of an unread source)."""
    cut = "As shown in all these leaflets, the trail was ruined by the storm."  # a quantifier its phrase goes on from
    assert _candidates(cut, "all", "shown", "the trail was ruined by the storm") == []
    text = "The trail was ruined by the storm, one of the rangers wrote."
    assert _candidates(text, "one of the", "wrote", "The trail was ruined by the storm") == []  # ends on an article
    whole = "As shown in all the leaflets, the trail was ruined by the storm."
    (c,) = _candidates(whole, "all the leaflets", "shown", "the trail was ruined by the storm")
    assert whole[c.source[0] : c.source[1]] == "all the leaflets"


def test_a_name_after_people_of_a_body_is_not_their_name() -> None:
    text = "Lawyers for the builder, Acme Homes, told the court the delay cost money."
    (c,) = _candidates(text, "Lawyers for the builder", "told the court", "the delay cost money")
    assert text[c.source[0] : c.source[1]] == "Lawyers for the builder" and c.anonymous


def test_a_source_denied_by_not_is_no_agent() -> None:
    same = "The levy, the senator doubted, would pass."
    assert _of_cue(same, _candidates(same, "the senator", "doubted", "The levy"), "doubted").source is not None
    denied = "Not all economists agree that the levy will work."
    c = _of_cue(denied, _candidates(denied, "all economists", "agree", "the levy will work"), "agree")
    assert c.source is None


def test_a_source_read_inside_a_relative_clause_is_the_subject_it_describes() -> None:
    text = "Fishing crews, which sued the state to force a ruling, welcomed the quota."
    c = _of_cue(text, _candidates(text, "a ruling", "welcomed", "the quota"), "welcomed")
    assert text[c.source[0] : c.source[1]] == "Fishing crews"


def test_a_source_read_as_a_prepositions_object_is_the_whole_phrase() -> None:
    text = "A day later the rival candidate for county mayor asked for a recount."
    c = _of_cue(text, _candidates(text, "mayor", "asked", "for a recount"), "asked")
    assert text[c.source[0] : c.source[1]] == "the rival candidate for county mayor"
    meeting = "At a meeting of the board the chair asked for a recount."
    c = _of_cue(meeting, _candidates(meeting, "the board", "asked", "for a recount"), "asked")
    assert meeting[c.source[0] : c.source[1]] == "the board"


def test_a_tagged_source_is_read_without_the_commas_at_its_edges() -> None:
    text = "The ferry's owner, a retired pilot, said the boat would sail in May."
    (c,) = _candidates(text, ", a retired pilot,", "said", "the boat would sail in May")
    assert text[c.source[0] : c.source[1]] == "a retired pilot"
    (bare,) = _candidates(text, ", ", "said", "the boat would sail in May")
    assert bare.source is None  # nothing but a comma tagged: no source
