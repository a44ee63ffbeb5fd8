"""Reported-speech rules: a cue word in a sentence, a source phrase beside it, the content around it."""

from __future__ import annotations

from dataclasses import dataclass

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand, lead_piece
from app.extraction.clauses import (
    CONTENT_LEAD,
    CORE_SAY,
    INVERTABLE,
    NOT_CONTENT_START,
    NOT_SETTINGS,
    SETTING_PREPS,
    SUBORDINATORS,
    addressed_only,
    appositive_group,
    aside_lead,
    bare_object,
    content_span,
    cue_tail,
    cut_content,
    past_addressee,
    past_setting,
    report_via,
    said_of_subject,
    singular_subject,
    skip_aux,
    skip_time,
    skip_time_back,
    trim_back,
    writer_adjunct,
)
from app.extraction.noun_kinds import noun_kind
from app.extraction.open_np import open_np_after, open_word, plural_head
from app.extraction.reported_forms import according_to, attitude_adjective, noun_cue
from app.extraction.segment import Token
from app.extraction.speakers import (
    anonymity_reason,
    audience_is_outlet,
    classify_kind,
    first_or_second,
    lone_count,
    np_after,
    np_before,
)

# A participle set off between a cue and its "that" ("said, speaking at a rally, that") is at most this long.
_CUE_ASIDE_WORDS = 15


def reported_in_sentence(text: str, ss: int, se: int, toks: list[Token], para: int) -> list[Cand]:
    out: list[Cand] = []
    n = len(toks)
    for i, t in enumerate(toks):
        low = t.low
        cand = None
        if low == "according" and i + 1 < n and toks[i + 1].low == "to":
            cand = according_to(text, ss, se, toks, i)
        if (
            cand is None
            and low in lx.VERB_CUES
            and low not in lx.QUOTE_ONLY_CUES
            and (not t.cap or (i > 0 and low in lx.HEADLINE_CUES and _headline(toks)))
        ):
            cand = _verb(text, ss, se, toks, i, out)
        if cand is None and low in lx.ADJ_CUES and i > 0:
            cand = attitude_adjective(text, se, toks, i)
        if cand is None and low in lx.NOUN_CUES and i + 1 < n and toks[i + 1].low == "that":
            cand = noun_cue(text, se, toks, i)
        if cand is not None:
            cand.para = para
            cand.sentence = (ss, se)
            out.extend([lead_piece(cand), cand] if cand.lead is not None else [cand])
    return out


# Verbs whose -s form is as often a plural noun ("member states", "the claims"): a verb only when what
# follows can open a statement.
_NOUN_LIKE = {
    "states",
    "reports",
    "claims",
    "notes",
    "charges",
    "remarks",
    "estimates",
    "calls",
    "promises",
    "answers",
    "questions",
    "comments",
    "cites",
    "statements",
    "orders",
    "hopes",
    "fears",
    "doubts",
    "concerns",
    "worries",
    "demands",
    "pledges",
    "vows",
    "threats",
    "warns",
    "tweets",
    "posts",
}
# Cues whose content follows "at": "hinted at a deal", "pointed at the budget".
_AT_CUES = {"hint", "hints", "hinted", "point", "points", "pointed"}
_PASSIVE_OF = {"accused", "charged", "suspected", "convicted", "cleared", "acquitted", "informed", "reminded"}
# Cues whose content may follow "as": "described the plan as reckless".
_DESCRIBE = {"described", "characterized", "characterised", "describes", "describe", "characterize"}


def _opens_statement(t: Token) -> bool:
    return (
        t.low in {"that", ":", "“", '"', "the", "a", "an", "its", "his", "her", "their", "this", "these"}
        or (t.low in lx.PRONOUNS)
        or t.cap
        or t.low.isdigit()
    )


def _headline(toks: list[Token]) -> bool:
    words = [t for t in toks if t.text[0].isalpha()]
    return len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)


@dataclass(slots=True)
class _Source:
    toks: list[Token]
    appositive: tuple[int, int] | None = None
    inverted: bool = False  # ", said X": the source follows the cue

    @property
    def span(self) -> tuple[int, int]:
        return self.toks[0].start, self.toks[-1].end


def _not_a_cue(toks: list[Token], i: int, j: int) -> bool:
    """A cue word that is no cue here: negated, modal, passive, or a noun."""
    t = toks[i]
    aux = {x.low for x in toks[j:i]}
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if aux & (lx.NEGATION | lx.MODALS):
        return True
    if aux & lx.COPULA and t.low.endswith(("ed", "en", "id", "ld", "wn", "ht")):
        return True  # passive: "was said to", "were told"
    if t.low.endswith("s") and nxt is not None and nxt.low in {"have", "are", "were"}:
        return True  # "Health worries have dogged ...": a plural noun, not a verb
    if t.low in _NOUN_LIKE and j == i and (nxt is None or not _opens_statement(nxt)):
        return True  # "member states trump ...", "Fifth Amendment claims, prosecutors ...": nouns
    if t.low.endswith("s") and j == i and i >= 2 and toks[i - 2].low == "to" and open_word(toks[i - 1]):
        return True  # "agreed to settle claims that …": an infinitive's object, not a verb in -s
    return j == i and passive_participle(t, nxt)


def passive_participle(t: Token, nxt: Token | None) -> bool:
    """Whether a cue word with no auxiliary before it is a passive participle: before "by" ("a plan backed by"),
    or before "of" or "with" for a verb that wants its object first ("firms accused of", "charged with")."""
    return (
        t.low.endswith("ed")
        and nxt is not None
        and (nxt.low == "by" or (nxt.low in {"of", "with"} and t.low in _PASSIVE_OF))
    )


def _stem(low: str) -> str:
    return low[:-2] if low.endswith("ed") else low.rstrip("s")


def _particle(toks: list[Token], i: int, k: int) -> int:
    """Past a particle that belongs to the cue ("called for", "pointed to")."""
    return k + 1 if k < len(toks) and toks[k].low in lx.CUE_PARTICLES.get(_stem(toks[i].low), ()) else k


def _shares_subject(toks: list[Token], j: int, prior: list[Cand]) -> bool:
    """ "X said ... and warned that ...": the second verb shares the first one's subject (the first content
    holds the conjunction, or was cut right before it: "said A was near but warned that B")."""
    if not (j > 1 and toks[j - 1].low in {"and", "but"} and prior and prior[-1].source_toks):
        return False
    start, end = prior[-1].content
    between = [t for t in toks[: j - 1] if t.start >= end]
    return start < toks[j - 1].start and (toks[j - 1].start < end or not any(t.text[0].isalnum() for t in between))


def _coordinated(text: str, se: int, toks: list[Token], i: int, j: int, last: Cand) -> Cand | None:
    # the first content ends where the second verb's conjunction stands
    last.content = (last.content[0], min(last.content[1], trim_back(text, toks[j - 1].start)))
    k = opened = _particle(toks, i, skip_time(toks, cue_tail(text, toks, i)[1]))
    while k < len(toks) and toks[k].low in CONTENT_LEAD:
        k += 1
    after = content_span(text, toks[k].start, cut_content(text, toks[k].start, se)) if k < len(toks) else None
    if after is None or toks[k].low in lx.PREPOSITIONS:
        return None
    if toks[i].low not in lx.SPEECH_VERBS and k == opened:
        # "… said Alin had been consulted and supported the decision": a verb of the content's own subject,
        # with an object, not a second report of the speaker's
        return None
    return Cand(
        after,
        (toks[j].start, toks[i].end),
        last.source,
        last.source_toks,
        "reported:coordinated",
        via=last.via,
        confidence=0.7,
    )


_AUDIENCE_REACH = max(map(len, lx.TOLD_OBJECTS)) + 1


def _audience(
    text: str, toks: list[Token], i: int, k: int, cue: tuple[int, int], via: tuple[int, int] | None
) -> tuple[tuple[int, int], int, tuple[int, int] | None] | None:
    """The object of "told"/"confirmed to": a plain audience joins the cue, an outlet becomes the via.
    Returns (cue, next token, via), or None when "told" has no object it can take."""
    t = toks[i]
    obj_start = k + 1 if toks[k : k + 1] and toks[k].low == "to" else k
    # Enough of what follows to tell an audience word and the character after it (not the whole remainder).
    at = toks[obj_start].start if obj_start < len(toks) else len(text)
    rest = text[at : at + _AUDIENCE_REACH].lower()
    aud = next(
        (a for a in lx.TOLD_OBJECTS if rest.startswith(a) and (len(rest) == len(a) or not rest[len(a)].isalnum())), None
    )
    if aud:
        end = toks[obj_start].start + len(aud)
        while k < len(toks) and toks[k].end <= end:
            k += 1
        if (obj_start == k - 1 or toks[obj_start - 1].low != "to") and t.low.startswith("t"):
            cue = (cue[0], end)
        return cue, k, via
    if obj_start < len(toks):
        e = np_after(toks, obj_start)
        if e is not None:
            e = _one_phrase(toks, obj_start, e)
        if e is None:
            # "told the planning committee that ...": an audience no word list holds, closed by "that"
            e = open_np_after(toks, obj_start, edge=False)
            e = e if e is not None and e < len(toks) and toks[e].low == "that" else None
        if e is not None:
            if audience_is_outlet(text, toks[obj_start:e]):
                via = (toks[obj_start].start, toks[e - 1].end)
            return cue, e, via
        if t.low.startswith("t"):
            return None
    return cue, k, via


# Words that link a noun phrase to one after it ("members of | the committee").
_LINKING = lx.NP_PREPS | lx.PREPOSITIONS


def _one_phrase(toks: list[Token], start: int, e: int) -> int:
    """The end of the first of two noun phrases read as one ("told MPs | the government was …": an
    audience, then the content's subject): an article after a word that neither links nor owns."""
    for m in range(start + 1, e):
        prev = toks[m - 1]
        if toks[m].low in {"the", "a", "an"} and prev.low not in _LINKING and not prev.possessive:
            return m
    return e


def _cue_group(
    text: str, ss: int, toks: list[Token], i: int, j: int
) -> tuple[tuple[int, int], int, tuple[int, int] | None] | None:
    """The cue span (verb group, extension, particle, plain audience), the next token, and a via."""
    t = toks[i]
    cue_end, k = cue_tail(text, toks, i)
    if _particle(toks, i, k) > k:
        cue_end, k = toks[k].end, k + 1
    cue = (toks[j].start, cue_end)
    via = report_via(text, ss, toks[max(0, j - 12)].start if j else ss)
    if t.low in {"told", "tell", "tells"} or (k < len(toks) and toks[k].low == "to" and t.low in lx.SPEECH_VERBS):
        return _audience(text, toks, i, k, cue, via)
    if t.low in lx.ADDRESSEE_VERBS:
        if addressed_only(toks, k):
            return None
        k = past_addressee(toks, k)
    return cue, k, via


def _who_source(toks: list[Token], i: int, j: int) -> _Source | None:
    """ "..., Jane Roe, who said ...", "a staffer who told ..."."""
    if not (j > 1 and toks[j - 1].low == "who" and (toks[j - 2].text == "," or toks[i].low in lx.SPEECH_VERBS)):
        return None
    end = j - 2 if toks[j - 2].text == "," else j - 1
    s = np_before(toks, end)
    return _Source(toks[s:end]) if s is not None else None


# What opens a clause saying why a source is unnamed, right after it ("who asked not to be named", "speaking on
# condition of anonymity", "requesting anonymity").
_REASON_OPENERS = {"who", "speaking", "requesting", "asking", "insisting"}


def _source_before_reason(text: str, toks: list[Token], j: int, se: int) -> tuple[_Source, tuple[int, int]] | None:
    """ "An official who asked not to be named said", "A nurse speaking on condition of anonymity because she
    feared for her job said": a clause giving the reason for anonymity stands, with no comma, between the
    subject and the cue's verb group (j). The subject is the phrase before the clause, and the reason ends
    before the cue (with no comma to close it, `anonymity_reason` would run on over the cue)."""
    w = next((n for n in range(j - 2, 0, -1) if toks[n].low in _REASON_OPENERS), None)
    if w is None or not toks[w - 1].text[0].isalnum() or toks[j - 1].low == "to":
        return None  # "who was not authorized to speak": the infinitive is the clause's own
    reason = anonymity_reason(text, toks[w - 1].end, se)
    if reason is None or reason[0] != toks[w].start or reason[1] < toks[j].start:
        return None
    if any(x.text in _ASIDE_MARKS for x in toks[w:j]):
        return None
    s = np_before(toks, w)
    if s is None or first_or_second(toks[s]):
        return None
    return _Source(toks[s:w]), (reason[0], toks[j - 1].end)


def _source_before(toks: list[Token], j: int, verb: Token) -> _Source | None:
    """ "X said", "X, a spokeswoman, said" (j: the verb group's first token, past any time phrase)."""
    if j == 0:
        return None
    modified = _modified_subject(toks, j)
    if modified is not None:
        return _Source(modified)
    s = np_before(toks, j)
    if s is not None and not first_or_second(toks[s]):
        if s == 1 and toks[0].low in lx.PREPOSITIONS - SUBORDINATORS and verb.low.endswith("ed"):
            return None  # "In a video posted online, ...": a participle after an opening preposition's object
        return _Source(toks[s:j])
    if toks[j - 1].text == ",":
        grp = appositive_group(toks, j - 1, -1)
        if grp is not None:
            appos = (toks[grp[2]].start, toks[grp[3] - 1].end) if grp[3] > grp[2] else None
            # "Two executives at carriers that call at the port, who ..., said": the subject, not the port
            modified = _modified_subject(toks, grp[1]) if grp[1] <= grp[2] else None
            return _Source(modified or toks[grp[0] : grp[1]], appos)
    if toks[j - 1].text in _ASIDE_MARKS or (toks[j - 1].low in {"and", "but"} and verb.low in lx.SPEECH_VERBS):
        return _subject_before_aside(toks, j)
    return None


def _modified_subject(toks: list[Token], j: int) -> list[Token] | None:
    """The sentence's subject when a short clause modifying it, with no comma, stands between it and the cue
    (j): "A structural engineer who inspected the building said", "Farmers that sell to the mill said",
    "A resident whose house flooded said", "Economists polled by the bank expected" (a relative pronoun, or a
    participle and "by"). The subject keeps its post-modifiers ("Two executives at carriers | that call at
    the port said"): the phrase just before the cue belongs to the clause, not to the speaker."""
    window = toks[max(0, j - _MODIFIER_WORDS - 2) : j]
    if not any(x.low in lx.RELATIVE_PRONOUNS or x.low == "by" or _ing_modifier(x) for x in window):
        return None  # nearly every cue: no such clause, and the subject need not be read
    # the sentence's subject, or, when the cue closes the sentence, one after the comma closing the content
    # before it ("A, pilots who fly the route said.")
    closing = all(not x.text[0].isalnum() or x.low in lx.TIME_WORDS for x in toks[j + 1 :])
    comma = next((k for k in range(j - 1, -1, -1) if toks[k].text in _ASIDE_MARKS), None) if closing else None
    found = _modified_from(toks, _subject(toks[:j]), j)
    if found is None and comma is not None:
        found = _modified_from(toks, _phrase_at(toks[:j], comma + 1), j)
        if found is not None and not any(x.cap or noun_kind(x.low) in {"person", "organization"} for x in found):
            return None  # "…, a tally that grew in May and is likely …": no one who speaks
    return found


def _phrase_at(toks: list[Token], st: int) -> list[Token]:
    """The noun phrase opening at toks[st] (listed or open-class), or none."""
    e = np_after(toks, st)
    if e is None:
        e = open_np_after(toks, st, edge=False)
    return toks[st:e] if e is not None else []


def _modified_from(toks: list[Token], subj: list[Token], j: int) -> list[Token] | None:
    """`subj` without the clause modifying it, when that clause stands between it and the cue (j)."""
    subj = subj[: next((n for n, x in enumerate(subj) if n and _opens_modifier(subj, n)), len(subj))]
    if not subj:
        return None
    start = toks.index(subj[0])
    e = _past_post_modifiers(toks, start + len(subj), j)
    participle = 0 < e < j and _participle_clause(toks, e)
    shortest = 1 if participle else 2  # "representing growers", "who grow it"
    if not e + shortest < j <= e + _MODIFIER_WORDS + 2 or any(not x.text[0].isalnum() for x in toks[e:j]):
        return None
    if any(x.low in lx.RELATIVE_PRONOUNS for x in toks[e + 1 : j]):
        return None  # a second clause: whose object the phrase is, the form cannot tell
    nxt = toks[e]
    after = toks[e + 1]  # "that sell …": the clause's verb; "that the ministry said": the cue's own subject
    opens_subject = after.cap or after.low in lx.DETERMINERS or after.low in lx.PRONOUNS
    relative = nxt.low in lx.RELATIVE_PRONOUNS and (nxt.low == "whose" or not opens_subject)
    reduced = (nxt.low.endswith("ed") and not nxt.cap and toks[e + 1].low == "by") or participle
    return toks[start:e] if relative or reduced else None


def _opens_modifier(subj: list[Token], n: int) -> bool:
    """Whether subj[n] opens a clause modifying the noun before it: a relative pronoun or a participle's
    clause (`_participle_clause`)."""
    return subj[n].low in _RELATIVES or _participle_clause(subj, n)


def _participle_clause(toks: list[Token], n: int) -> bool:
    """Whether toks[n] is a participle in -ing opening a clause that modifies the noun before it, one that can
    speak, and followed by its object ("Lawyers representing the family"); not "the ruling party", nor "the
    chief operating officer" (a bare singular noun after it is the head it modifies)."""
    x, noun = toks[n], toks[n - 1]
    if not (_ing_modifier(x) and n + 1 < len(toks)):
        return False
    speaker_noun = noun.low in lx.ORG_HEADS or noun_kind(noun.low) in {"person", "organization"}
    obj = toks[n + 1]
    opens_object = obj.cap or obj.low in lx.DETERMINERS | lx.PREPOSITIONS | lx.NP_PREPS or obj.low.endswith("s")
    return speaker_noun and opens_object


def _ing_modifier(t: Token) -> bool:
    """A participle in -ing that can open a clause modifying a noun ("a trade group representing growers")."""
    return t.low.endswith("ing") and len(t.low) > 5 and not t.cap and t.low not in _NOT_PARTICIPLES


# Words in -ing that are no participle.
_NOT_PARTICIPLES = lx.PREPOSITIONS | lx.AUX | {"during", "nothing", "something", "anything", "everything", "according"}


def _past_post_modifiers(toks: list[Token], e: int, j: int) -> int:
    """Where the clause modifying a subject phrase (ending at e) starts: at e, or past the prepositional
    phrase after the phrase ("analysts | at banks | that lend ..."), a few plain words before a relative
    pronoun, short of the cue (j)."""
    if e >= j or toks[e].low not in lx.NP_PREPS or toks[e].cap or toks[e].low in lx.RELATIVE_PRONOUNS:
        return e
    r = next((k for k in range(e + 1, min(j, e + _MODIFIER_WORDS)) if toks[k].low in lx.RELATIVE_PRONOUNS), None)
    if r is None or any(not x.text[0].isalnum() or x.low in lx.VERB_CUES | lx.AUX for x in toks[e + 1 : r]):
        return e
    return r


# The most words a clause modifying a subject may have before the cue's own phrase.
_MODIFIER_WORDS = 6


_ASIDE_MARKS = {",", "—", "–", "--", ")"}
_RELATIVES = lx.RELATIVE_PRONOUNS - {"that"}
# Inserted material longer than this between a subject and its verb is more than an aside.
_ASIDE_WORDS = 30


def _subject_before_aside(toks: list[Token], j: int) -> _Source | None:
    """ "Jane Roe, 39, a ferry pilot, told ...", "Pilots — and some captains — say", "The mayor defended the
    route and said ...": the noun phrase opening the sentence is the subject of a verb group that follows an
    aside set off by commas or dashes, or a first verb phrase and "and"."""
    subj = _subject(toks[:j])
    if not subj or first_or_second(subj[0]) or subj[-1] is toks[j - 1]:
        return None
    e = toks.index(subj[-1]) + 1
    if e == j - 1:
        return None  # no aside, only its comma: "The mayor, asked whether …, replied" (the one asked)
    # a relative clause set off after the subject ("X, whose notes were found, said") holds its own verbs
    relative = j - e > 2 and toks[e].text == "," and toks[e + 1].low in _RELATIVES
    if j - e > _ASIDE_WORDS or (not relative and any(x.low in lx.VERB_CUES and not x.cap for x in toks[e : j - 1])):
        return None
    if toks[j - 1].low in {"and", "but"}:
        return _Source(subj) if toks[e].text not in _ASIDE_MARKS else None
    return _Source(subj) if toks[e].text in _ASIDE_MARKS else None


def _source_after(text: str, toks: list[Token], i: int, j: int, k: int) -> tuple[_Source, int] | None:
    """ "..., said X": an inverted cue after a comma, a quotation mark or a dash. Returns the source and the
    token after it."""
    if toks[i].low not in INVERTABLE or (j > 0 and toks[j - 1].text not in {",", "”", '"', "—", "–"}):
        return None
    e = np_after(toks, k)
    if e is None or first_or_second(toks[k]) or (e == k + 1 and toks[k].low in lx.PRONOUNS):
        return None  # "said he would": the pronoun starts the reported clause
    return _Source(toks[k:e], inverted=True), skip_time(toks, cue_tail(text, toks, e - 1)[1])


def _past_complementizer(src: list[Token]) -> list[Token]:
    """A source phrase without a "that" that opens its clause rather than determining a noun ("… and that
    several had written", "that Friday's notice suggested", "that Mayor Roe said"): a determiner "that"
    comes before one singular common noun."""
    if len(src) > 1 and src[0].low == "that":
        nxt = src[1]
        if nxt.low in lx.DETERMINERS or nxt.cap or nxt.possessive or plural_head(nxt.low):
            return src[1:]
    return src


def _source_fits(t: Token, src: list[Token], group: list[Token]) -> bool:
    """Whether `src` can be the source of the cue `t` (`group`: the verb group's words before it)."""
    if first_or_second(src[0]):
        return False
    passive = bool({x.low for x in group} & lx.COPULA) and not t.low.endswith("ing")
    if t.low in lx.EVIDENCE_VERBS and (classify_kind(src) != "document" or passive):
        return False  # "police found a car", "the records were found": only a report or study finds or shows
    if t.low in lx.BASE_FORMS and not group and singular_subject(src):
        return False  # "Battleground state Florida": a base-form verb needs a plural subject
    return not (len(src) == 1 and src[0].low == "it" and t.low in lx.ATTITUDE_VERBS)


def _reason_after_cue(text: str, toks: list[Token], k: int, se: int) -> tuple[int, int] | None:
    """A participle right after the cue that asks for anonymity ("A, one of them said, asking not to be
    named because ..."): the reason, not what was said."""
    if k + 1 >= len(toks) or toks[k].text != "," or not toks[k + 1].low.endswith("ing"):
        return None
    return anonymity_reason(text, toks[k].start, se)


def _past_aside(toks: list[Token], k: int) -> int:
    """Past a participle set off by commas between the cue and its "that" ("said, speaking at a rally, that
    ..."): how the source spoke, not what."""
    if k + 2 < len(toks) and toks[k].text == "," and toks[k + 1].low.endswith("ing") and not toks[k + 1].cap:
        for m in range(k + 2, min(len(toks) - 1, k + _CUE_ASIDE_WORDS)):
            if toks[m].text == ",":
                return m + 1 if toks[m + 1].low == "that" else k
            if toks[m].text in {".", ";", ":", "“", '"'}:
                break
    return k


# Adverbs saying how little a cue's content is, before its "that".
_RESTRICTING = {"only", "simply", "merely", "just"}


def _restricted_that(toks: list[Token], k: int, t: Token) -> bool:
    """An adverb restricting the cue before a complementizer opening a clause ("said only that talks were
    …"); not before a pronoun "that" ("urged just that in 2019")."""
    if not (k + 2 < len(toks) and toks[k].low in _RESTRICTING and toks[k + 1].low == "that"):
        return False
    nxt = toks[k + 2]
    return not _that_is_a_word(toks, k + 1, t) and nxt.text[0].isalnum() and nxt.low not in lx.PREPOSITIONS


def _content_start(toks: list[Token], k: int, t: Token, reason: tuple[int, int] | None) -> int:
    """The first token of what follows the cue that belongs to the content."""
    if reason and k < len(toks) and toks[k].start < reason[1]:
        while k < len(toks) and toks[k].start < reason[1]:
            k += 1
        while k < len(toks) and toks[k].text in {",", "."}:
            k += 1
    k = _past_aside(toks, k)
    opened = k
    if _restricted_that(toks, k, t):
        k += 1  # "said only that talks were constructive": how much was said, not what
    while k < len(toks) and toks[k].low in CONTENT_LEAD and not _that_is_a_word(toks, k, t):
        k += 1
    if k + 1 < len(toks) and toks[k].low == "to" and toks[k + 1].low in lx.SPEECH_VERBS:
        k += 2  # "wrote to parents to say the school would close": the purpose names the act, not the words
        while k < len(toks) and toks[k].low in CONTENT_LEAD:
            k += 1
    if k < len(toks) and t.low in _DESCRIBE and toks[k].low == "as":
        k += 1
    if k < len(toks) and toks[k].low in {"about", "over", "of"} and t.low in lx.ATTITUDE_VERBS:
        k += 1
    if (
        k + 1 < len(toks)
        and t.low in CORE_SAY
        and toks[k].low in SETTING_PREPS
        and ((toks[k].low, toks[k + 1].low) not in NOT_SETTINGS)
    ):
        past = past_setting(toks, k)
        # "said, in a deal that could ...": after a comma, a setting closed by "that" is the writer's adjunct
        if opened < len(toks) and toks[opened].text == "," and toks[past - 1].low == "that":
            return k
        k = past
        while k < len(toks) and (toks[k].low in CONTENT_LEAD or toks[k].text in {"”", '"', "’"}):
            k += 1
    return k


def _that_is_a_word(toks: list[Token], k: int, cue: Token) -> bool:
    """Whether "that" after a cue belongs to the content: a determiner after a verb of naming ("called that
    proposal unaffordable"), or a pronoun, the subject of a finite verb ("said that was a question for the
    board")."""
    if toks[k].low != "that":
        return False
    return cue.low in _NAMING or (k + 1 < len(toks) and toks[k + 1].low in _FINITE)


# Verbs that name their object as something ("called it a failure"): "that" after them opens no clause.
_NAMING = {"call", "calls", "called", "calling", "labeled", "labelled", "branded", "dubbed", "termed", "deemed"}
# Finite verbs that a clause's subject comes before, never a complementizer.
_FINITE = {"is", "was", "were", "are", "has", "had", "have", "will", "would", "could", "should", "can", "must"}


def _content_after(
    text: str, ss: int, se: int, toks: list[Token], k: int, t: Token, src_first: int
) -> tuple[int, int] | None:
    """The content after the cue, from toks[k] to where the clause stops, or None."""
    if k >= len(toks) or toks[k].low in SUBORDINATORS | NOT_CONTENT_START or bare_object(toks, k):
        return None
    end = cut_content(text, toks[k].start, se)
    if text.count("“", ss, t.start) > text.count("”", ss, t.start):
        # a cue inside a quotation: what it governs ends with the quotation
        close = text.find("”", toks[k].start, end)
        if close > 0:
            end = close
    if src_first > 0 and SUBORDINATORS & {toks[0].low, toks[src_first - 1].low}:
        comma = next((x for x in toks[k:] if x.text == ","), None)
        if comma is not None:
            end = min(end, comma.start)  # "While he acknowledged X, Y happened."
    return content_span(text, toks[k].start, end)


def _intransitive(toks: list[Token], k: int, t: Token) -> bool:
    """ "support to Iraq", "continue with": a noun or an intransitive verb, not a cue."""
    return (
        toks[k].low in lx.PREPOSITIONS
        and toks[k - 1].low not in {"that", ":"}
        and t.low not in CORE_SAY
        and not (toks[k].low == "at" and t.low in _AT_CUES)
    )


def _stranded(toks: list[Token], k: int) -> bool:
    """ "the level forecasters had warned of, and …", "what she spoke about.": a preposition whose object stands
    before the cue (a relative clause, a question) and nothing after it is said."""
    stranded = toks[k].low in lx.PREPOSITIONS or toks[k].low in {"of", "about"}
    return stranded and (k + 1 == len(toks) or toks[k + 1].text in {",", ".", ";", ":", "?", "!"})


def _verb(text: str, ss: int, se: int, toks: list[Token], i: int, prior: list[Cand]) -> Cand | None:
    t = toks[i]
    j = skip_aux(toks, i)
    if _not_a_cue(toks, i, j) or (j == i and said_of_subject(text, t.start, t.end)):
        return None
    if t.low.endswith("ing") and not ({x.low for x in toks[j:i]} & lx.COPULA):
        return _participle(text, se, toks, i, prior)
    if _shares_subject(toks, j, prior):
        return _coordinated(text, se, toks, i, j, prior[-1])
    group = _cue_group(text, ss, toks, i, j)
    if group is None:
        return None
    cue, k, via = group
    k = skip_time(toks, k)
    src = _who_source(toks, i, j)
    held = None  # a reason for anonymity between the subject and the cue, with no comma
    if src is None and j > 0:
        j = skip_time_back(toks, j)  # "Reports from Tehran on Sunday said"
        held = _source_before_reason(text, toks, j, se)
        src = held[0] if held is not None else _source_before(toks, j, t)
    if src is None:
        found = _source_after(text, toks, i, j, k)
        if found is None:
            return None
        src, k = found
    if via is not None and src.toks[0].start < via[1] < src.toks[-1].end:
        # "In another report the mayor says" (no comma): the report relays, the speaker is what follows it
        src.toks = [x for x in src.toks if x.start >= via[1]]
    src.toks = _past_complementizer(src.toks)
    if not _source_fits(t, src.toks, toks[j:i]):
        return None
    src_first = toks.index(src.toks[0])
    reason = held[1] if held is not None else anonymity_reason(text, src.span[1], se)
    if reason is None and src.appositive is not None and src.appositive[0] > src.span[1]:
        reason = anonymity_reason(text, src.appositive[0], se)  # "X that …, who asked not to be named, said"
    if reason is not None and reason[0] <= t.start < reason[1]:
        return None  # "X, who asked not to be named, said": the cue of the reason itself reports nothing of X's
    if reason is None and not src.inverted:
        reason = _reason_after_cue(text, toks, k, se)
    k = _content_start(toks, k, t, reason)
    after = None if src.inverted else _content_after(text, ss, se, toks, k, t, src_first)
    if after is not None and (_intransitive(toks, k, t) or _stranded(toks, k)):
        return None
    if after is not None and src_first == 0 and j >= 2 and toks[j - 1].low == "who" and toks[j - 2].text == ",":
        after = _before_main_verb(text, toks, after)
    lead = src_first
    if src.appositive is not None and src.appositive[0] < src.span[0]:
        # "A, a department spokesman, Ken Alvarez, told reporters": the role before the name is the source's
        lead = next(n for n, x in enumerate(toks) if x.start >= src.appositive[0])
    return _assemble(text, ss, toks, k, t, cue, src, lead if not src.inverted else j, via, reason, after)


# Words that may follow a comma inside a content without closing a clause set off before the main verb.
_GOES_ON = (
    lx.DETERMINERS
    | set(lx.PRONOUNS)
    | lx.PREPOSITIONS
    | SUBORDINATORS
    | lx.MODALS
    | {"is", "are", "was", "were", "has", "have", "had"}
    | {"and", "but", "or", "which", "who", "that", "such", "including", "especially", "not"}
)


def _before_main_verb(text: str, toks: list[Token], after: tuple[int, int]) -> tuple[int, int]:
    """A content reported in a relative clause set off after the sentence's subject ends where that clause
    does ("The minister, who told reporters that the quay would reopen, left."): at a comma followed by a
    lowercase word that opens nothing of the content (the main clause's verb; an auxiliary there goes on with
    the content's own clause: "prices, which rose, would fall")."""
    for m, x in enumerate(toks[:-1]):
        if x.text == "," and after[0] < x.start < after[1]:
            nxt = toks[m + 1]
            if nxt.text.isalpha() and nxt.text.islower() and nxt.low not in _GOES_ON and not nxt.low.endswith("ing"):
                return content_span(text, after[0], x.start) or after
    return after


def _assemble(
    text: str,
    ss: int,
    toks: list[Token],
    k: int,
    t: Token,
    cue: tuple[int, int],
    src: _Source,
    lead_tok: int,
    via: tuple[int, int] | None,
    reason: tuple[int, int] | None,
    after: tuple[int, int] | None,
) -> Cand | None:
    """The candidate from the content after the cue, or the one before the source (", officials said")."""
    common = {"via": via, "reason": reason, "appositive": src.appositive}
    # "A, officials said, B" (after is None for an inverted cue, so this is never "A, said X, B")
    parenthetical = (
        after is not None and k > 0 and toks[k - 1].text == "," and lead_tok > 0 and toks[lead_tok - 1].text == ","
    )
    if parenthetical and writer_adjunct(toks[k]):
        # "A, officials said Friday, as they ...": what follows the cue is the writer's adjunct, A the content
        after = None
    elif parenthetical:
        lead = aside_lead(text, toks, lead_tok - 1)
        return Cand(
            after, cue, src.span, src.toks, "reported:parenthetical", confidence=0.75, lead=lead, aside=True, **common
        )
    if after is not None:
        return Cand(
            after,
            cue,
            src.span,
            src.toks,
            "reported:source-cue-content",
            confidence=0.85 if t.low in lx.SPEECH_VERBS else 0.7,
            **common,
        )
    if lead_tok > 0 and toks[lead_tok - 1].text in {",", "”", '"', "—", "–"}:
        before = content_span(text, ss, toks[lead_tok - 1].start)
        if before is not None and not _question_lead(toks, lead_tok):
            rule = "reported:content-cue-source" if src.inverted else "reported:content-source-cue"
            return Cand(before, cue, src.span, src.toks, rule, confidence=0.85, **common)
    return None


def _question_lead(toks: list[Token], lead_tok: int) -> bool:
    """Whether what stands before the source is a participle clause opening with a cue ("Asked whether she
    would ..., the mayor said no"): it tells what the subject was asked, not what the subject said."""
    first = toks[0]
    return lead_tok > 1 and first.low.endswith("ed") and first.low in lx.VERB_CUES and first.low not in lx.AUX


def _subject(toks: list[Token]) -> list[Token]:
    """The subject phrase of a sentence, after an introductory phrase ending in a comma."""
    starts = [0]
    if toks and toks[0].low in lx.PREPOSITIONS | {"during", "after", "before", "in", "at", "on"}:
        comma = next((k for k, t in enumerate(toks[:20]) if t.text == ","), None)
        if comma is not None:
            starts = [comma + 1]
    for st in starts:
        phrase = _phrase_at(toks, st)  # "The harbour master closed the quay and said"
        if phrase:
            return phrase
        if st + 1 < len(toks) and lone_count(toks[st]) and toks[st + 1].text == ",":
            return toks[st : st + 1]  # "One, who asked not to be named, said"
    return []


def _participle(text: str, se: int, toks: list[Token], i: int, prior: list[Cand]) -> Cand | None:
    """ ", adding that ...", "while disputing claims that ...": the speaker of the clause before, or the
    subject of the sentence."""
    b = i - 1
    while b > 0 and toks[b].text in {"”", '"', "''"}:
        b -= 1
    if i == 0 or toks[b].text not in {",", "while", "before", "after", "by"}:
        return None
    k = i + 1
    if k < len(toks) and toks[k].low in {"claims", "reports", "suggestions", "allegations"}:
        k += 1
    while k < len(toks) and toks[k].low in CONTENT_LEAD:
        k += 1
    if k >= len(toks):
        return None
    after = content_span(text, toks[k].start, cut_content(text, toks[k].start, se))
    if after is None or toks[k].low in lx.PREPOSITIONS:
        return None
    if prior:
        last = prior[-1]
        return Cand(
            after,
            (toks[i].start, toks[i].end),
            last.source,
            last.source_toks,
            "reported:participle",
            via=last.via,
            confidence=0.6,
        )
    subj = _subject(toks[:b])
    if not subj or first_or_second(subj[0]) or (len(subj) == 1 and subj[0].low == "it"):
        return None
    return Cand(
        after,
        (toks[i].start, toks[i].end),
        (subj[0].start, subj[-1].end),
        subj,
        "reported:participle-subject",
        confidence=0.55,
    )
