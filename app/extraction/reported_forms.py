"""Reported-speech forms other than a cue verb: "according to X", "X's claim that", "X is concerned
that", and "Name: words" labels in headlines and transcripts."""

from __future__ import annotations

import re

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand
from app.extraction.clauses import (
    START_TRIM,
    aside_lead,
    content_span,
    cut_content,
    skip_aux,
    writer_adjunct,
)
from app.extraction.segment import Token, tokens
from app.extraction.speakers import (
    anonymity_reason,
    classify_kind,
    first_or_second,
    name_in_apposition,
    np_after,
    np_before,
    valid_np,
)


def according_to(text: str, ss: int, se: int, toks: list[Token], i: int) -> Cand | None:
    cue = (toks[i].start, toks[i + 1].end)
    e = np_after(toks, i + 2, limit=14)
    if e is None:
        return None
    src_toks = toks[i + 2 : e]
    src = (src_toks[0].start, src_toks[-1].end)
    reason = anonymity_reason(text, src[1], se)
    # "According to X, …" opening its sentence, or a parenthesis holding it: "(According to X, …)"
    if i == 0 or all(x.text in {",", "“", '"', "(", "["} or x.low in {"but", "and"} for x in toks[:i]):
        e = _past_modifier(toks, e)
        src_toks = toks[i + 2 : e]
        src = (src_toks[0].start, src_toks[-1].end)
        k = e
        while k < len(toks) and toks[k].text in {",", ":"}:
            k += 1
        after = content_span(text, toks[k].start, cut_content(text, toks[k].start, se)) if k < len(toks) else None
        return Cand(after, cue, src, src_toks, "reported:according-to-first") if after else None
    e = _past_modifier(toks, e, to_end=True)  # "..., according to documents obtained by the paper."
    src_toks = toks[i + 2 : e]
    src = (src_toks[0].start, src_toks[-1].end)
    reason = reason or anonymity_reason(text, src[1], se)  # "two people with knowledge of it | who were not …"
    if toks[i - 1].text == "," and e < len(toks) and toks[e].text == ",":
        after = content_span(text, toks[e].start, se)
        nxt = toks[e + 1] if e + 1 < len(toks) else None
        appositive = (
            nxt is not None
            and nxt.low in {"the", "a", "an", "who", "which"}
            and any(x.low in lx.ROLE_NOUNS for x in toks[e + 1 : e + 6])
        )
        # "A, according to X, and B": the writer goes on; A is what X is cited for
        adjunct = nxt is not None and writer_adjunct(nxt)
        # "A, according to the memo, which was seen by ...": a relative clause of the source, not more content
        relative = nxt is not None and nxt.low in {"which", "who", "whose"}
        if (
            after is not None
            and len(text[after[0] : after[1]].split()) >= 4
            and not (appositive or adjunct or relative)
        ):
            # "The river, according to X, rose": the subject before the aside is the content's first piece
            lead = aside_lead(text, toks, i - 1)
            rule = "reported:according-to-parenthetical"
            return Cand(after, cue, src, src_toks, rule, reason=reason, lead=lead, aside=True)
    before = content_span(
        text, ss, toks[i - 1].end if toks[i - 1].text not in {",", "—", "–", "("} else toks[i - 1].start
    )
    if before is None:
        return None
    named = name_in_apposition(text, src_toks, toks[e:])
    if named is not None:  # "..., according to its president, Jane Roe.": she is the source, by her role
        return Cand(before, cue, (named[0].start, named[-1].end), named, "reported:according-to-last", appositive=src)
    return Cand(before, cue, src, src_toks, "reported:according-to-last", reason=reason)


# The most words a source's post-modifier may have before the comma that closes an opening "According to X".
_POST_MODIFIER_WORDS = 16


def _past_modifier(toks: list[Token], e: int, to_end: bool = False) -> int:
    """Where the source of "according to X" ends: past the modifier its noun phrase goes on with ("a study
    published by the university last year", "the officer in charge of the base"): a preposition or a
    participle after it, up to the comma that closes the phrase (or, `to_end`, the sentence's end). `e` (the
    noun phrase's end) when nothing closes it soon, or a verb would be crossed ("officials in the city the
    attack killed ...")."""
    if e >= len(toks):
        return e
    relative = toks[e].low in {"who", "whose"} and not to_end  # "According to two pilots who fly it, ..."
    if not (relative or toks[e].low in lx.PREPOSITIONS or _participle_form(toks[e].low)):
        return e
    for m in range(e, min(len(toks), e + _POST_MODIFIER_WORDS)):
        x = toks[m]
        if x.text == "," or (to_end and x.text in {".", ";"} and m == len(toks) - 1):
            return m
        if m > e and x.low in {"who", "whose"} and not relative:
            return m  # "two people with knowledge of the talks | who were not authorized to ...": the clause says why
        if to_end and m == len(toks) - 1 and not (x.low in lx.AUX or x.low in lx.MODALS or _participle_form(x.low)):
            return m + 1
        if x.text in '“”"«»' or (
            not relative and (x.low in lx.AUX or x.low in lx.MODALS or (m > e and _participle_form(x.low)))
        ):
            return e
    return e


def _participle_form(low: str) -> bool:
    """A word that looks like a participle ("published", "according"): -ed or -ing, longer than four letters,
    or an irregular past participle ("a letter seen by …")."""
    return (low.endswith(("ed", "ing")) and len(low) > 4) or low in lx.IRREGULAR_PARTICIPLES


# Verbs that link a subject to an attitude as a copula does: "remains convinced", "seemed sure".
LINKING = {
    "remain",
    "remains",
    "remained",
    "seem",
    "seems",
    "seemed",
    "appear",
    "appears",
    "appeared",
    "become",
    "becomes",
    "became",
    "grow",
    "grows",
    "grew",
    "grown",
    "stay",
    "stays",
    "stayed",
}
# What opens a clause after an attitude adjective with no "that": "is convinced the tunnel ...".
_CLAUSE_OPENING = {
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "he",
    "she",
    "they",
    "it",
    "we",
    "there",
    "nothing",
    "no",
}


def _linked(toks: list[Token], i: int) -> int | None:
    """Start of the copula or linking verb group before the adjective at i, or None."""
    j = skip_aux(toks, i)
    if j > 0 and toks[j - 1].low in LINKING and not toks[j - 1].cap:
        j = skip_aux(toks, j - 1)
    group = {x.low for x in toks[j:i]}
    if not group & (lx.COPULA | LINKING) or group & lx.NEGATION:
        return None
    return j


def attitude_adjective(text: str, se: int, toks: list[Token], i: int) -> Cand | None:
    """ "X is concerned that ...", "X remains convinced the ...": a source's stated attitude."""
    j = _linked(toks, i)
    if j is None:
        return None
    s = np_before(toks, j)
    if s is None or first_or_second(toks[s]) or toks[s].low == "it":
        return None
    if s >= 2 and toks[s - 2].low == "far" and toks[s - 1].low == "as":
        return None  # "as far as X is concerned": an idiom, no attitude
    k = i + 1
    if k < len(toks) and (toks[k].low == "that" or toks[k].low in _OBJECT_OPENING):
        k += 1
    elif not (k < len(toks) and (toks[k].low in _CLAUSE_OPENING or toks[k].cap)):
        return None
    if k >= len(toks):
        return None
    # "are concerned by X and are determined to ...": the second predicate is not the content; nor, after
    # an object ("was aware of the study and would consider it"), a second verb phrase of the subject
    ends = (" and are ", " and is ", " and were ", " and was ")
    if toks[i + 1].low in _OBJECT_OPENING:
        ends += tuple(f" and {m} " for m in sorted(lx.MODALS | {"has", "had", "have"}))
    end = cut_content(text, toks[k].start, se, ends)
    after = content_span(text, toks[k].start, end)
    if after is None:
        return None
    src_toks = toks[s:j]
    return Cand(
        after,
        (toks[j].start, toks[i].end),
        (src_toks[0].start, src_toks[-1].end),
        src_toks,
        "reported:attitude-adjective",
        confidence=0.6,
    )


# What opens an attitude's object rather than its clause ("aware of the study", "worried about costs").
_OBJECT_OPENING = {"about", "by", "over", "with", "of"}


def noun_cue(text: str, se: int, toks: list[Token], i: int) -> Cand | None:
    """ "Ukraine's claim that ...", "U.S. accusations that ..." """
    if i == 0:
        return None
    prev = toks[i - 1]
    if prev.possessive:
        k = i - 1
        while k > 0 and toks[k - 1].cap and toks[k - 1].low not in lx.STOP_CAPITALS:
            k -= 1
        src_toks = toks[k:i]
        if not prev.cap:
            return None
        end = prev.end - 2 if prev.low.endswith(("'s", "’s")) else prev.end - 1
        src = (src_toks[0].start, end)
    elif prev.cap and prev.low not in lx.STOP_CAPITALS | lx.TIME_WORDS:  # not "on Friday warning that"
        src_toks = [prev]
        src = (prev.start, prev.end)
    elif prev.low in {"his", "her", "their"}:
        pron = {"his": "he", "her": "she", "their": "they"}[prev.low]
        src_toks = [Token(prev.start, prev.end, prev.text, pron)]
        src = (prev.start, prev.end)
    else:
        return None
    after = content_span(text, toks[i + 1].end, se)
    if after is None:
        return None
    return Cand(after, (toks[i].start, toks[i].end), src, src_toks, "reported:noun-cue", confidence=0.6)


_LABEL = re.compile(r"([A-Z][\w.'’\- ]{0,40}?)\s*(:)\s+(?=\S)")
_NOT_LABELS = {
    "note",
    "update",
    "editor",
    "editors",
    "photo",
    "image",
    "video",
    "watch",
    "read",
    "related",
    "source",
    "sources",
    "correction",
    "warning",
    "caption",
    "credit",
    "advertisement",
    "q",
    "a",
    "transcript",
    "breaking",
    "exclusive",
    "opinion",
    "analysis",
    "published",
    "posted",
    "latest",
    "clarification",
    "abstract",
    "summary",
    "live",
    "updated",
    "developing",
    "factbox",
    "explainer",
}
# Title-case words that a headline's rubric has and a speaker's name does not ("Stealth Over Health: ...").
_RUBRIC_WORDS = {"over", "of", "for", "on", "in", "to", "with", "at", "by", "from", "vs", "versus", "after"}


def colon_label(text: str, ps: int, pe: int, para: int) -> Cand | None:
    """'Pence: The debate is rigged' (a headline) or 'WALLACE: Let's start' (a transcript): a name or
    a source phrase before a colon at the start of a paragraph labels what follows as its words."""
    m = _LABEL.match(text, ps, pe)
    if not m:
        return None
    toks = tokens(text, m.start(1), m.end(1))
    if not toks or len(toks) > 5 or toks[0].low in _NOT_LABELS or toks[-1].low in _NOT_LABELS:
        return None
    if not valid_np(toks) or any(t.low.isdigit() for t in toks):
        return None
    if any(t.low in _RUBRIC_WORDS for t in toks[1:]) and classify_kind(toks) == "person":
        return None  # a rubric in title case reads as a name; no name has "Over" or "For" inside it
    content = content_span(text, m.end(), pe, START_TRIM)
    if content is None:
        return None
    c = Cand(
        content, (m.start(2), m.end(2)), (toks[0].start, toks[-1].end), toks, "reported:colon-label", confidence=0.6
    )
    c.para = para
    c.sentence = (ps, pe)
    return c
