"""Source phrases: finding them next to a cue, and reading what kind of speaker they name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.extraction import lexicon as lx
from app.extraction.noun_kinds import noun_kind
from app.extraction.open_np import open_np_after, open_np_before, open_word, plural_head, share_of_group
from app.extraction.places import names_a_place
from app.extraction.segment import Token
from app.text.calendar_words import MONTH_NAMES

_NOUN_HEADS = lx.ANON_HEADS | lx.ORG_HEADS | lx.OUTLET_NOUNS | lx.DOCUMENT_HEADS | lx.ROLE_NOUNS
_NOUN_HEADS = _NOUN_HEADS | {w + "s" for w in lx.ORG_HEADS | lx.ROLE_NOUNS if not w.endswith("s")}
_NP_WORDS = lx.DETERMINERS | lx.NP_MODIFIERS | _NOUN_HEADS | lx.POST_NOUNS | {"and", "&"}
_NOT_NAMES = lx.STOP_CAPITALS | lx.WEEKDAYS | (set(MONTH_NAMES) - {"may"})  # May is also a name
_PARTICLE_NAME = re.compile(r"(?:al|el|ul|ad|as|ash|at|az|bin|ibn|abu|de|di|da|van|von|le|la)-[A-Z]")
_DEICTIC = {"that", "this", "these", "those"}


def _is_name_word(t: Token) -> bool:
    if _PARTICLE_NAME.match(t.text):
        return True
    return t.cap and t.low not in _NOT_NAMES and t.text[0].isalpha()


def _np_word(t: Token) -> bool:
    if t.text in {"&"} or (t.low in _NP_WORDS) or (t.possessive and _owner(t.low) in _NOUN_HEADS):
        return True
    if t.low in lx.NP_PREPS and t.low != "who":
        return True
    return _is_name_word(t) or (t.cap and t.low in lx.DETERMINERS)


def _owner(low: str) -> str:
    """A possessive's noun ("minister's" -> "minister", "officials'" -> "officials")."""
    return low[:-2] if low.endswith(("'s", "’s")) else low[:-1]


def _plural_possessive_mark(toks: list[Token], k: int) -> bool:
    """The apostrophe of a plural possessive, a token of its own, right after its plural ("the pilots' union")."""
    t, owner = toks[k], toks[k - 1]
    return t.text in {"'", "’"} and owner.end == t.start and owner.low.endswith("s") and owner.low.isalpha()


def _head_ok(t: Token) -> bool:
    if t.possessive or (t.low in lx.DEMONYMS and t.low not in lx.COUNTRIES):
        return False
    return _is_name_word(t) or t.low in _NOUN_HEADS


def first_or_second(t: Token) -> bool:
    """ "we", "I", "our"; not the acronym "US"."""
    return t.low in lx.FIRST_SECOND and t.text not in {"US", "U.S."}


def _drop_parens(ts: list[Token]) -> list[Token]:
    out, depth = [], 0
    for t in ts:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(t)
    return out


def phrase_prep(ts: list[Token]) -> int:
    """Where a phrase's first preposition stands ("officials at the ministry": 1), len(ts) when it has none;
    a capitalized one belongs to a name ("Friends Of The Earth"); "not" before a participle taking one
    opens the post-modifier ("experts not involved in the trial")."""
    return next((k for k in range(1, len(ts)) if _post_modifier_at(ts, k)), len(ts))


def _post_modifier_at(ts: list[Token], k: int) -> bool:
    """Whether a post-modifier opens at ts[k]: a preposition, or "not" and a participle taking one. (Any past
    participle taking a preposition, "a study published on Monday", was tried: 2 more rule findings match
    train's gold, but the scorer's folds lost 0.0045 of content+source F1.)"""
    t = ts[k]
    if t.cap:
        return False
    if t.low in lx.NP_PREPS:
        return True
    return (
        t.low == "not"
        and k + 2 < len(ts)
        and ts[k + 1].low.endswith("ed")
        and ts[k + 2].low in lx.NP_PREPS | {"by"}
        and ts[k + 1].low not in lx.VERB_CUES
    )


def valid_np(ts: list[Token]) -> bool:
    """A source phrase: [det] [modifiers] HEAD [prep phrase], a part of a group, or a lone pronoun."""
    if ts and ts[-1].text == ")":
        ts = _drop_parens(ts)
    if not ts:
        return False
    if len(ts) == 1 and ts[0].low in lx.PRONOUNS:
        return True
    if partitive(ts) or (len(ts) == 1 and ts[0].text == "Another"):
        return True  # "Another said": one more of those just quoted
    first = ts[0]
    if first.low in lx.NP_PREPS or first.low in {"and", "&"} or (first.possessive and len(ts) == 1):
        return False
    if len(ts) > 1 and _INITIAL.fullmatch(first.text) and ts[1].low in lx.DETERMINERS:
        return False  # "A. The department says": a list's or an answer's letter; an initial opens a name
    if all(t.low in lx.TIME_WORDS or t.text.isdigit() for t in ts):
        return False  # "on Friday warning that ...": a date says when, never who
    if first.low in _NOBODY or (first.low == "no" and len(ts) == 2 and ts[1].low == "one"):
        return False  # "Nobody has asked us" (in a quote): no one is cited
    if any(t.low in lx.PRONOUNS and not t.cap for t in ts):
        return False
    if any(t.low in lx.MODALS and not t.cap for t in ts):
        return False  # "that Mayor Roe can win Harbourtown": a clause, not a phrase naming someone
    prep = phrase_prep(ts)
    described = _document_described(ts[:prep])
    if len(described) < prep:  # "a study published on Monday"
        return _head_ok(described[-1]) and ts[-1].low not in lx.NP_PREPS | lx.DETERMINERS | {"and"}
    if prep < len(ts):
        if prep == len(ts) - 1 or ts[-1].low in lx.NP_PREPS:
            return False
        if ts[-1].low in _OBJECT_PRONOUNS and ts[-2].low in lx.NP_PREPS:
            return _head_ok(ts[prep - 1])  # "people close to him", "aides to both"
        return _head_ok(ts[prep - 1]) and ts[-1].low not in lx.DETERMINERS | {"and"}
    if ts[-1].low in lx.DETERMINERS or (
        not ts[-1].cap and ts[-1].low in lx.NP_MODIFIERS and ts[-1].low not in _NOUN_HEADS
    ):
        return False
    return _head_ok(ts[-1])


_INITIAL = re.compile(r"[A-Z]\.")
# The pronouns that deny there is anyone: what they "said" is said by no one.
_NOBODY = {"nobody", "none", "nothing", "neither"}
_VERBISH = lx.SPEECH_VERBS | lx.ATTITUDE_VERBS | lx.AUX | lx.STOP_CAPITALS | lx.PREPOSITIONS | {"that", "who"}


def _adjective_slot(toks: list[Token], k: int, end: int) -> bool:
    """An unlisted lowercase word right before a listed noun ("top black lawmakers"): an adjective; a word in
    -ing only before a singular one ("the chief operating officer")."""
    t = toks[k]
    if t.cap or not t.text.replace("-", "").isalnum() or t.text.isdigit() or t.low in _VERBISH:
        return False
    if t.low.endswith(("ed", "ly")) or k + 1 >= end:
        return False
    nxt = toks[k + 1]
    if t.low.endswith("ing"):  # "the chief operating officer"; "a group representing farmers" is a clause
        return not nxt.cap and nxt.low in _NOUN_HEADS and not plural_head(nxt.low)
    return not nxt.cap and nxt.low in _NOUN_HEADS | lx.NP_MODIFIERS


# What counts a part of a group ("two of the officials", "one of them"); the group is what follows "of".
_PART_COUNTS = lx.COUNT_WORDS | {
    *("dozens", "hundreds", "some", "several", "many", "most", "each", "both", "all", "few", "any", "none"),
    *("either", "neither"),
}
# Who a source's preposition may point back to ("people close to him").
_OBJECT_PRONOUNS = {"him", "her", "them", "both", "us"}
# A group named before, standing for its members ("one of them").
_GROUP_PRONOUNS = {"them", "us", "those", "these"}


def lone_count(t: Token) -> bool:
    """A count word standing alone as a subject, capitalized as a sentence opens ("One said", "Two said"):
    members of a group named before, as "one of them"; never a name. Read only where nothing else can be
    the phrase (`np_before` at a sentence's start, `reported._subject` before a comma): "One broker at a
    firm" is a phrase of its own."""
    return t.cap and t.low in lx.COUNT_WORDS


def partitive(ts: list[Token]) -> bool:
    """ "One of the people", "two of them", "several of the firm's lawyers": a part of a group, whose members
    are not named (a capital on the count word does not make it a name)."""
    if len(ts) < 3 or ts[1].low != "of" or not (ts[0].low in _PART_COUNTS or ts[0].low.isdigit()):
        return False
    group = ts[2:]
    if len(group) == 1:
        return group[0].low in _GROUP_PRONOUNS
    if not (group[0].low in lx.DETERMINERS or group[0].possessive) or partitive(group):
        return False
    prep = phrase_prep(group)
    if not plural_head(group[prep - 1].low):
        return False  # "all of that polling": a part of a thing, not of a group of people
    return valid_np(group) or open_np_before(group, len(group)) == 0


def np_before(toks: list[Token], end: int, limit: int = 12) -> int | None:
    """Start index of the longest source phrase ending at toks[end-1], or None."""
    if end > 0 and toks[end - 1].low in lx.PRONOUNS and toks[end - 1].text != "US":
        return end - 1
    if end == 1 and lone_count(toks[0]):
        return 0  # "One said", "Two said": the sentence's subject
    if end > 2 and toks[end - 1].low in _GROUP_PRONOUNS and partitive(toks[end - 3 : end]):
        return end - 3  # "one of them"
    if end > 2 and toks[end - 1].low in _OBJECT_PRONOUNS and toks[end - 2].low in lx.NP_PREPS:
        return _pointing_back(toks, end, limit)  # "people close to him"
    if end > 1 and toks[end - 1].text == ")":
        # "Sen. Jon Tester (D-Mont.) said": the party and state, or an age, go with the name
        opening = next((k for k in range(end - 2, max(-1, end - 9), -1) if toks[k].text == "("), None)
        if opening is None or opening == 0:
            return None
        return np_before(toks, opening, limit)
    k = end
    while (
        k > 0
        and end - k < limit
        and (
            _np_word(toks[k - 1])
            or _adjective_slot(toks, k - 1, end)
            or _not_at(toks, k - 1)
            or _owning(toks[k - 1], k < end)
        )
    ):
        if k > 2 and _plural_possessive_mark(toks, k - 2):
            k -= 3  # the head, the mark and the plural owning it
            while k > 0 and end - k < limit and open_word(toks[k - 1]):
                k -= 1  # and the words modifying that plural ("the library | workers' union")
            continue
        prev = toks[k - 1]
        if prev.low in _DEICTIC:
            # "that source" is a phrase; "that Russia" is a complementizer and a name
            single = k == end - 1 and not toks[k].low.endswith("s")
            if (
                k < end
                and not toks[k].cap
                and toks[k].low not in lx.DETERMINERS
                and (prev.low in {"these", "those"} or single)
            ):
                k -= 1
            break
        k -= 1
    for s in range(k, end):
        if valid_np(toks[s:end]):
            return _with_role(toks, _with_count(toks, _holding_phrase(toks, s, end, limit), end))
    s = open_np_before(toks, end, limit)
    return None if s is None else _with_count(toks, s, end)


def _owning(t: Token, before_head: bool) -> bool:
    """A possessive of any noun before the phrase's head ("the patient's | daughter", "the trust's | chief
    executive"): the owner opens the phrase, as a listed one does ("the minister's | office")."""
    return before_head and t.possessive and not t.cap and _owner(t.low).isalpha()


def _with_role(toks: list[Token], s: int) -> int:
    """A name's start moved back over the lowercase role before it and the words describing that role ("Former
    Rovers winger | Dale Pike", "barrister | Jane Roe"): titles and descriptors standing together with the
    name are the source's."""
    if s == 0 or not toks[s].cap or toks[s].low in lx.DETERMINERS or toks[s - 1].cap or not toks[s - 1].text.isalpha():
        return s
    role = toks[s - 1].low
    if not names_a_role(role) or role in lx.VERB_CUES | lx.TIME_WORDS:
        return s  # ("Last year The …": a time is nobody's role)
    k = s - 1
    while k > 0 and s - k < 6 and (_is_name_word(toks[k - 1]) or open_word(toks[k - 1])):
        k -= 1
    if k > 0 and toks[k - 1].low in {"the", "a", "an", "his", "her", "their", "its", "our"}:
        k -= 1  # "Her colleague Raj Patel"
    return k


def _holding_phrase(toks: list[Token], s: int, end: int, limit: int) -> int:
    """A phrase right after a post-modifier's preposition is its object ("two people with knowledge of | the
    investigation", "a ward sister in | Carlisle said"): the start of the open-class phrase holding it, when there
    is one; else `s`."""
    if s == 0 or toks[s - 1].low not in lx.NP_PREPS or toks[s - 1].cap:
        return s
    if any(t.cap for t in toks[s:end]) and (end == len(toks) or toks[end].text == ","):
        return s  # (a name set off there is who is meant: "a visit from Soleimani, who …")
    start = open_np_before(toks, end, limit)
    if start is None or start >= s - 1:
        # the object is one the open-class reading cannot pass ("a nurse at | one of the clinics"): the
        # phrase ending before the preposition, when its head is someone
        start = open_np_before(toks, s - 1, limit) if s > 1 else None
        if start is None or start >= s - 1:
            return s
        head = toks[s - 2]
    else:
        head = toks[start + phrase_prep(toks[start:end]) - 1]  # the holding phrase's own head: someone
    return start if not head.cap and (head.low in lx.ANON_HEADS or noun_kind(head.low) == "person") else s


def _not_at(toks: list[Token], k: int) -> bool:
    """ "not" negating a post-modifier's participle ("experts not involved in the trial")."""
    return toks[k].low == "not" and _post_modifier_at(toks, k)


def _pointing_back(toks: list[Token], end: int, limit: int) -> int | None:
    """The start of a source phrase whose preposition points back to someone ("people close to him")."""
    k = end - 1
    while k > 0 and end - k < limit and _np_word(toks[k - 1]):
        k -= 1
    return next((s for s in range(k, end - 1) if valid_np(toks[s:end])), None)


def _verb_like(t: Token) -> bool:
    """A word an open-class phrase should not run on through: a past form or a verb of saying."""
    return t.low.endswith("ed") or t.low in _VERBISH


def _with_count(toks: list[Token], s: int, end: int) -> int:
    """The start of a source phrase with the count of a part of a group before it ("two of | the dockers")."""
    return s - 2 if s >= 2 and partitive(toks[s - 2 : end]) else s


def np_after(toks: list[Token], start: int, limit: int = 12) -> int | None:
    """End index (exclusive) of the longest source phrase starting at toks[start], or None."""
    k = start
    while (
        k < len(toks)
        and k - start < limit
        and (_np_word(toks[k]) or (k == start and toks[k].low in lx.PRONOUNS) or _adjective_slot(toks, k, len(toks)))
    ):
        k += 1
        if toks[k - 1].low in lx.PRONOUNS and k - 1 == start:
            break
        if k < len(toks) and toks[k].low == "that":
            break  # "told the board that ...": a complementizer, not a deictic
    for e in range(k, start, -1):
        if valid_np(toks[start:e]):
            longer = open_np_after(toks, start, limit)  # "the network operator.": a listed head ends early
            if longer is not None and longer > e and not any(_verb_like(t) for t in toks[e:longer]):
                return longer
            return _past_nouns(toks, start, e, limit) if longer is None else e
    return open_np_after(toks, start, limit)


def _past_nouns(toks: list[Token], start: int, e: int, limit: int) -> int:
    """The end of a phrase past the nouns that go on with it, and their prepositions and determiners, before a
    participle ("a survey of | school districts | released on Monday", "a poll | of likely voters |
    published ..."), as long as it stays a source phrase."""
    end = k = e
    while k < len(toks) and k - start < limit:
        t = toks[k]
        k += 1
        if (t.low in lx.NP_PREPS or t.low in lx.DETERMINERS - _DEICTIC) and not t.cap:
            continue  # a word that links or opens more of the phrase: the phrase must go on past it
        if not open_word(t) or _verb_like(t) or t.low.endswith("ing"):
            break
        if valid_np(toks[start:k]):
            end = k
    return end


_REASON_RE = re.compile(
    r"\s*,?\s*((?:who|speaking|requesting|insisting|asking|because|as)\b[^.;“”\"«»]{0,220}?)(?=[,.;]|\s*[“”\"]|\Z)"
)
# What says that a source is unnamed on purpose ("speaking to reporters" alone does not).
_REASON_KEYS = re.compile(
    r"identif|named|anonym|authori[sz]|permit|allowed|on the record|"
    r"by name|condition|quoted|attribution|name (?:not be|be withheld)|withh[eo]ld",
    re.IGNORECASE,
)
_TAIL_REASON = re.compile(r",\s+(?=(?:speaking|requesting|insisting|asking|who)\b)")


def anonymity_reason(text: str, at: int, limit: int) -> tuple[int, int] | None:
    """The clause right after a source that says why it is unnamed ("who declined to be identified ...")."""
    m = _REASON_RE.match(text, at, limit)
    if not m or not _REASON_KEYS.search(m.group(1)):
        return None
    return m.start(1), m.end(1)


# A sentence of its own saying why the source just quoted is unnamed: "He asked not to be named because …",
# "She spoke on condition of anonymity …", "They requested anonymity …" (a pronoun, then the request).
_NEXT_REASON = re.compile(
    r"[.!?\"”’]*[ \t]*(?:\n[ \t]*){0,2}(He|She|They)\s+"  # the same paragraph or the next
    r"((?:asked|requested|spoke|talked|declined|agreed|insisted)\b[^.;\n]{0,240})[.;]"
)


def next_sentence_reason(text: str, sentence_end: int, plural: bool | None) -> tuple[int, int] | None:
    """The reason for anonymity the sentence after an anonymous source's one gives, when a pronoun of its
    number opens it (`_NEXT_REASON`): the span from the request's verb to the sentence's end."""
    m = _NEXT_REASON.match(text, sentence_end)
    if not m or not _REASON_KEYS.search(m.group(2)):
        return None
    if plural is not None and (m.group(1) == "They") != plural:
        return None
    return m.start(2), m.end(2)


def trailing_reason(text: str, content: tuple[int, int]) -> int | None:
    """Where a reason for anonymity closing a content begins ("the talks stalled, speaking on condition of
    anonymity because ..."): the index of its comma, or None."""
    s, e = content
    for m in _TAIL_REASON.finditer(text, s, e):
        if _REASON_KEYS.search(text, m.end(), e):
            return m.start()
    return None


def reason_category(reason: str) -> str:
    r = reason.lower()
    if re.search(r"classified|sensitive|intelligence|confidential|secret|security matter", r):
        return "classified_or_sensitive"
    if re.search(r"authori[sz]|permit|allowed|permission|on the record|publicly|official(?:ly)? comment", r):
        return "not_authorized"
    if re.search(r"safety|fear|reprisal|retaliat|threat|danger|protect|harm|persecut", r):
        return "safety"
    if re.search(r"private|deliberation|negotiat|talks|closed-door|internal", r):
        return "private_deliberations"
    return "other"


@dataclass(slots=True)
class SourceInfo:
    kind: str  # person | organization | outlet | document | anonymous | pronoun
    name: str  # canonical-ish name as read from this mention
    head: str = ""
    definite: bool = False  # "the officials", "the newspaper": refers back
    plural: bool | None = None
    pronoun: str | None = None
    descriptor: str | None = None
    affiliation: str | None = None
    descriptor_class: str | None = None
    member: bool = False  # "one source": one of a group named before
    another: bool = False


# Determiners that introduce someone not named before.
_INDEFINITE = {"a", "an", "one", "another"}
# Determiners that count or quantify: the phrase they open names a group of unnamed people.
_QUANTIFIERS = lx.DETERMINERS - {"the", "a", "an", "one", "another", "that", "this", "these", "those"}


def _strip_det(ts: list[Token]) -> list[Token]:
    while ts and ts[0].low in {"the", "a", "an"}:
        ts = ts[1:]
    return ts


def names_a_role(word: str) -> bool:
    """Whether a lowercase noun names what a person is (listed, or a person in WordNet: "coach", "striker")."""
    return word in lx.ROLE_NOUNS or noun_kind(word) == "person"


def name_particle(t: Token) -> bool:
    """A lowercase word that stands inside a written name ("de" of "Pieter de Wit", "al-" names)."""
    return t.low in lx.NAME_PARTICLES or t.low.startswith("al-")


def written_name(ts: list[Token]) -> bool:
    """Whether the words are written as a name: capitalized at both ends, and inside only capitalized words,
    initials' dots, hyphens and name particles ("Jane Roe", "J. R. Roe", "Pieter de Wit")."""
    return bool(ts) and ts[0].cap and ts[-1].cap and all(t.cap or t.text in {".", "-"} or name_particle(t) for t in ts)


def person_name(ts: list[Token]) -> list[Token]:
    """The name part of a person mention: titles stripped, stopping at "of"/"from"; a name owning what
    follows it ("Porto Azzurro's sporting director", "Marvel Studios' president") is not the person's."""
    k = 0
    ts = _strip_det(after_owner(ts))
    if len(ts) > 1 and ts[0].low in lx.COUNT_WORDS:
        ts = ts[1:]  # "One European ambassador": a count, then an unnamed source
    while k < len(ts) - 1 and ts[k].low in lx.PERSON_TITLES:  # (no possessive stands before the last word now)
        k += 1
    for m in range(k, len(ts) - 2):
        # "Treasury Secretary Jane Roe", "Co-founder and CEO John Doe": a capitalized title ends before the names
        if ts[m].low == "and" and m == k and m > 0:
            continue  # right after a title
        if not ts[m].cap or ts[m].low == "of":
            break
        if ts[m].low in lx.PERSON_TITLES or ts[m].low in lx.ROLE_NOUNS:
            k = m + 1
    k = max(k, _after_lowercase_role(ts))
    out = []
    for t in ts[k:]:
        if t.low in {"of", "from", "for", "at", "and", "in"} or not (t.cap or name_particle(t)):
            break
        out.append(t)
    return out


def _after_lowercase_role(ts: list[Token]) -> int:
    """Where the name closing a phrase begins after a lowercase role ("Former City defender | Gary Walsh",
    "Environmental lawyer | Jane Roe"), or 0: the words before a role noun describe the person."""
    end = len(ts)
    while end > 0 and (ts[end - 1].cap or name_particle(ts[end - 1])):
        end -= 1
    if 0 < end < len(ts):
        role = ts[end - 1].low
        if names_a_role(role):
            return end
    return 0


def after_owner(ts: list[Token]) -> list[Token]:
    """The words after the last possessive of a phrase that goes on after it (all of them without one)."""
    last = max(
        (k for k in range(len(ts) - 1) if ts[k].possessive or (k > 0 and _plural_possessive_mark(ts, k))),
        default=-1,
    )
    return ts[last + 1 :]


def _span_text(text: str, ts: list[Token]) -> str:
    return text[ts[0].start : ts[-1].end] if ts else ""


def classify(text: str, ts: list[Token]) -> SourceInfo:
    """Read one source phrase: kind, name and, for anonymous sources, descriptor details."""
    if ts and ts[-1].text == ")":
        ts = _drop_parens(ts) or ts
    if len(ts) == 1 and ts[0].low in lx.PRONOUNS:
        plural = lx.PRONOUNS[ts[0].low][1]
        return SourceInfo("pronoun", ts[0].text, pronoun=ts[0].low, plural=plural)
    surface = _span_text(text, ts)
    if partitive(ts):
        return _part_of_group(text, ts)
    if len(ts) == 1 and ts[0].low == "another":
        return SourceInfo("anonymous", "another", head="person", descriptor=surface, member=True, another=True)
    if len(ts) == 1 and lone_count(ts[0]):  # "Witnesses … One said", "Two said": members of the group
        plural = ts[0].low != "one"
        return SourceInfo(
            "anonymous", f"{ts[0].low} of them", head="person", descriptor=surface, plural=plural, member=True
        )
    if share_of_group(ts):
        info = _anonymous(text, ts, ts[:1] if len(ts) == 3 else ts, "")
        info.plural = True
        return info
    prep = phrase_prep(ts)
    if _named_modifier(ts, prep):
        prep = len(ts)  # "A Department of Health source": the name's "of" is not the phrase's
    core = _document_described(ts[:prep])
    head_tok = core[-1]
    head = head_tok.low
    det = ts[0].low if ts[0].low in lx.DETERMINERS else ""
    body = _strip_det(list(core))
    has_strong_title = any(t.low in lx.STRONG_PERSON_TITLES and t.cap for t in ts)
    counted = plural_head(head) or (head_tok.cap and head.endswith("is"))  # "Iraqis" after a quantifier
    if det in _QUANTIFIERS and len(core) >= 2 and counted and not has_strong_title and _may_be_people(head):
        # "Many Norwegians", "Two Canadians", "Several Chilean lawmakers": a counted group is nobody's name
        # ("Two reports", "Several agencies" are documents and organizations: read below)
        info = _anonymous(text, ts, core, det)
        info.plural = True
        return info
    caps = [t for t in body if _is_name_word(t)]
    if has_strong_title:
        titled = person_name(ts)
        if titled and titled[-1].low not in lx.ORG_HEADS | lx.OUTLET_HEADS | lx.COUNTRIES:
            return SourceInfo("person", _span_text(text, titled), head=titled[-1].low)
    if names_a_place(core):
        # "Norway", "Norway's", "Saudi Arabia": a country speaks through its government
        return SourceInfo("organization", _clean_org(_span_text(text, core)), head=head)
    named = _name_after_title(core)
    if named:
        # "Council member Jane Roe": the title (whatever organization it names) is not the speaker
        return SourceInfo("person", _span_text(text, named), head=named[-1].low)
    described = _name_after_noun(text, core) if len(core) == len(ts) else None  # "the state Division of …"
    if described is not None:
        return described
    if _counted_acronym(head_tok):
        return _anonymous(text, ts, core, det)  # "Opposition MPs", "Three CEOs": people an acronym counts
    if head_tok.cap and det == "the" and noun_kind(head) == "organization":
        # "The Royal College of Nursing", "the Royal Society": a name whose head names a body, and that takes
        # "the", is no person's ("Henrik Strand of …" is: a strand is a body too, to WordNet)
        return SourceInfo("organization", _clean_org(surface), head=head)
    name_toks = person_name(core)
    titled_role = len(name_toks) < len(_strip_det(core)) and any(
        t.low in lx.ROLE_NOUNS for t in core[: len(core) - len(name_toks)]
    )
    if name_toks and (len(name_toks) >= 2 or titled_role) and not any(t.low in _NOT_IN_PERSON_NAMES for t in name_toks):
        return SourceInfo("person", _span_text(text, name_toks), head=name_toks[-1].low)
    if ((head_tok.cap and head in lx.OUTLET_HEADS) or (not head_tok.cap and head in lx.OUTLET_NOUNS)) and _news(core):
        return SourceInfo(
            "outlet", _clean_org(surface), head=head, definite=det in {"the", "that", "this"} and not head_tok.cap
        )
    if head in lx.DOCUMENT_HEADS and (not head_tok.cap or head_tok is ts[0]):
        return SourceInfo(
            "document",
            _clean_org(surface),
            head=head,
            definite=det in {"the", "that", "this", "its"} and len(core) == 2,
        )
    owned = any(t.possessive and not t.cap for t in body[:-1])  # "the patient's daughter": not named anywhere
    if (
        head in lx.ROLE_NOUNS
        and head not in lx.ANON_HEADS
        and not head_tok.cap
        and det not in _INDEFINITE
        and not owned
    ):
        # "the senator", "the former first lady": a person named before ("a deputy" is nobody named)
        return SourceInfo("person", surface, head=head, definite=det in {"the", "this", "that"})
    if head in lx.ANON_HEADS and not (head_tok.cap and len(caps) >= 2 and head not in lx.ANON_HEADS):
        return _anonymous(text, ts, core, det)
    if (
        open_word(head_tok)
        and head not in lx.ORG_HEADS | lx.OUTLET_NOUNS
        and not (len(caps) >= 2 and head in lx.COUNTRIES)
    ):
        # "a city engineer", "Harbour pilots": unnamed people; "the panel", "invoices": no person
        return _no_person(surface, ts, core, det) or _anonymous(text, ts, core, det)
    if (
        head in lx.ORG_HEADS
        or any(t.low in lx.ORG_HEADS | lx.COMPANY_NAME_WORDS for t in caps)
        or (len(caps) == 1 and (head in lx.COUNTRIES or head in lx.DEMONYMS))
        or (all(t.low in lx.COUNTRIES for t in caps) and caps)
    ):
        definite = det == "the" and not any(t.cap for t in body)
        return SourceInfo("organization", _clean_org(surface), head=head, definite=definite)
    if _capitalized_by_place(text, core):
        return _no_person(surface, ts, core, det) or _anonymous(text, ts, core, det)
    if det == "the" and any(t.low in lx.OUTLET_HEADS for t in caps):
        return SourceInfo("outlet", _clean_org(surface), head=head)  # "The Daily Meridian": a title, not a name
    if caps:
        return SourceInfo("person", _span_text(text, name_toks or caps), head=(name_toks or caps)[-1].low)
    return SourceInfo("organization", _clean_org(surface), head=head)


_NOT_IN_PERSON_NAMES = lx.ORG_HEADS | lx.OUTLET_HEADS | lx.COUNTRIES | lx.ANON_HEADS | lx.COMPANY_NAME_WORDS


def _counted_acronym(t: Token) -> bool:
    """An acronym's plural naming people ("MPs", "CEOs"): its letters capitals, a lowercase s, a person noun."""
    word = t.text
    return len(word) >= 3 and word[-1] == "s" and word[:-1].isupper() and noun_kind(t.low) == "person"


def _news(core: list[Token]) -> bool:
    """Whether an outlet noun names an outlet here: any but the shared ones, those beside a news word."""
    return core[-1].low not in lx.SHARED_OUTLET_NOUNS or any(t.low in lx.NEWS_TRADE_WORDS for t in core[:-1])


def _document_described(core: list[Token]) -> list[Token]:
    """A phrase cut before the participle describing its document noun ("a study published on Monday", "a
    report released Monday", "documents obtained by …"): the document is the head, not what follows it."""
    for j in range(1, len(core)):
        t, noun = core[j], core[j - 1]
        participle = t.low.endswith("ed") or t.low in lx.IRREGULAR_PARTICIPLES
        if not t.cap and participle and (not noun.cap or j == 1) and noun_kind(noun.low) == "document":
            return core[:j]
    for j in range(1, len(core)):
        t, noun = core[j], core[j - 1]
        passive = j + 1 < len(core) and core[j + 1].low == "by"
        if not t.cap and t.low.endswith("ed") and (passive or j == len(core) - 1) and _described_head(noun):
            return core[:j]  # "Economists polled by the bank", "officials involved (in the talks)"
    return core


def _described_head(t: Token) -> bool:
    """A noun a participle after it may describe: a listed head or a plural, not a possessive."""
    return not t.possessive and (t.low in _NOUN_HEADS or plural_head(t.low)) and t.low not in lx.DETERMINERS


def _may_be_people(head: str) -> bool:
    """Whether a plural head noun may count people: not a document's or an organization's (`noun_kinds`)."""
    return head not in lx.DOCUMENT_HEADS and noun_kind(head) not in {"document", "organization"}


def _no_person(surface: str, ts: list[Token], core: list[Token], det: str) -> SourceInfo | None:
    """An unnamed source whose head noun cannot name a person (`noun_kinds`): an organization ("the panel",
    "the utility", "the district") or a document ("invoices", "the county's counts"); None for any other,
    for a count of people ("Dozens of parents") and for a person noun before the head."""
    head = core[-1].low
    kind = noun_kind(head)
    after = ts[len(core) + 1 :] if len(ts) > len(core) and ts[len(core)].low == "of" else []
    if after and (noun_kind(after[-1].low) is None or any(noun_kind(t.low) == "person" for t in after)):
        return None
    if any(noun_kind(t.low) == "person" for k, t in enumerate(core[:-1]) if not t.possessive and (k == 0 or not t.cap)):
        return None  # "sources privy (to the talks)": an adjective after its noun closes the phrase
    if kind == "organization":
        definite = det == "the" and not any(t.cap for t in core[1:])
        return SourceInfo("organization", _clean_org(surface), head=head, definite=definite)
    if kind == "document":  # not read as the latest document named: "the invoices" are not "the report"
        return SourceInfo("document", _clean_org(surface), head=head)
    return None


def _capitalized_by_place(text: str, core: list[Token]) -> bool:
    """A lone plural noun capitalized only because it opens a sentence ("Forecasters expect …", "Cyclists,
    however, complained"): unnamed people. A name is written capitalized elsewhere too, or after a title
    ("Mr. Adams"), so a word the text capitalizes anywhere but at a sentence's start is a name."""
    t = core[0] if len(core) == 1 else None
    if t is None or t.possessive or not t.cap or not t.text[1:].islower() or not plural_head(t.low):
        return False
    return t.text not in _written_mid_sentence(text)


_CAPITALIZED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")


@lru_cache(maxsize=8)
def _written_mid_sentence(text: str) -> frozenset[str]:
    """Every capitalized word the text writes somewhere other than at a sentence's start (read once a text)."""
    return frozenset(m.group() for m in _CAPITALIZED.finditer(text) if not _opens_sentence(text, m.start()))


def _opens_sentence(text: str, at: int) -> bool:
    """Whether text[at] begins a sentence: after a line break, or a full stop that ends no abbreviation."""
    k = at
    while k > 0 and text[k - 1] in " \t\"“‘'(":
        k -= 1
    if k == 0 or text[k - 1] == "\n":
        return True
    before = re.search(r"(\w+)[.!?]$", text[max(0, k - 12) : k])
    return before is not None and before.group(1).lower() not in lx.ABBREVIATIONS


def _name_after_title(core: list[Token]) -> list[Token]:
    """The name closing a phrase whose last lowercase word is a role noun: "city council member Ann Lee",
    "Harbour Authority spokesman Tom Doe" give ["Ann", "Lee"], ["Tom", "Doe"]; [] for any other phrase."""
    last = max((k for k, t in enumerate(core) if not t.cap), default=None)
    if last is None or core[last].low not in lx.ROLE_NOUNS or last == len(core) - 1:
        return []
    name = core[last + 1 :]
    stop = lx.ORG_HEADS | lx.OUTLET_HEADS | lx.COUNTRIES | lx.ANON_HEADS
    if any(not _is_name_word(t) or t.low in stop or t.possessive for t in name):
        return []
    return name


def _name_after_noun(text: str, core: list[Token]) -> SourceInfo | None:
    """A name closing a phrase whose last lowercase word says what it names: "the newspaper Diario Norte" is
    an outlet, "the watchdog group Civic Eye" an organization (the lexicon's nouns); None for any other."""
    last = max((k for k, t in enumerate(core) if not t.cap), default=None)
    if last is None or last == len(core) - 1 or core[last].possessive:
        return None
    name = core[last + 1 :]
    titled = lx.PERSON_TITLES | lx.ROLE_NOUNS | lx.STRONG_PERSON_TITLES
    if any(not _is_name_word(t) or t.possessive or t.low.rstrip(".") in titled for t in name):
        return None  # "the county GOP Chairman Chuck Williams" is a person
    noun = core[last].low
    if noun in lx.OUTLET_NOUNS:
        return SourceInfo("outlet", _span_text(text, name), head=name[-1].low)
    if noun in lx.ORG_HEADS:
        return SourceInfo("organization", _span_text(text, name), head=name[-1].low)
    return None  # (WordNet's organizations were tried too: "the top Republicans", "dos Santos" went wrong)


def _clean_org(name: str) -> str:
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"['’]s$", "", name)


def _lower_heads(words: str) -> str:
    """A descriptor's unnamed heads and articles in lowercase ("Officials" opening a sentence)."""
    return " ".join(
        w.lower() if w.lower() in lx.ANON_HEADS or w.lower() in {"a", "an", "another", "one"} else w
        for w in words.split(" ")
    )


def _anonymous(text: str, ts: list[Token], core: list[Token], det: str) -> SourceInfo:
    head = core[-1].low
    plural = head in lx.PLURAL_ANON or plural_head(head)
    surface = _span_text(text, ts)
    mods = [t for t in core[:-1] if t.low not in lx.DETERMINERS]
    definite = (
        det in {"the", "that", "those", "these"}
        and not any(t.cap for t in mods)
        and all(t.low in lx.NP_MODIFIERS for t in mods)
        and len(ts) == len(core)
    )
    # Plain descriptor: "Officials at the town hall" reads as "town hall officials".
    # (the descriptor's own words lowercased: "Officials" opening a sentence; "the Prime Minister" kept)
    name = _lower_heads(_span_text(text, core)) + text[core[-1].end : ts[-1].end]
    if len(ts) > len(core) and ts[len(core)].low in {"at", "from", "in"}:
        rest, described = _strip_det(ts[len(core) + 1 :]), _strip_det(core)
        # ("A hospital manager in Leeds": "Leeds hospital manager"; "Two nurses in Leeds" is left as written)
        if rest and all(t.cap for t in rest) and described[0].low not in lx.DETERMINERS | lx.COUNT_WORDS:
            name = f"{_span_text(text, rest)} {_lower_heads(_span_text(text, described))}"
    name = re.sub(r"^(?:the|The|these|These|those|Those)\s+", "", name)
    affiliation = None
    places = []
    low_surface = surface.lower()
    for key, country in lx.DEMONYMS.items():
        if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", low_surface):
            places.append(country)
    for t in core:
        if t.low in lx.COUNTRIES and t.cap:
            places.append(t.text)
    if places:
        uniq = list(dict.fromkeys(p for p in places if p != "Western"))
        affiliation = " and ".join(f"{p} government" for p in uniq) if uniq else "Western governments"
    cls_mods = [
        lx.DESCRIPTOR_CLASS_MODIFIERS[t.low]
        for t in mods
        if t.low in lx.DESCRIPTOR_CLASS_MODIFIERS and t.low != "senior"
    ]
    singular = _singular(head)
    dclass = " ".join([*dict.fromkeys(cls_mods), singular])
    return SourceInfo(
        "anonymous",
        name,
        head=head,
        definite=definite,
        plural=plural,
        descriptor=surface,
        affiliation=affiliation,
        descriptor_class=dclass,
        member=det == "one",
        another=det == "another",
    )


def _named_modifier(ts: list[Token], prep: int) -> bool:
    """Whether the preposition at `prep` is inside a capitalized name that modifies an unnamed head
    ("a Department of Health source", "an Agency for Development official")."""
    if prep >= len(ts) - 1 or ts[-1].cap or ts[-1].low not in lx.ANON_HEADS:
        return False
    inner = ts[prep - 1 : -1]
    return ts[prep - 1].cap and all(t.cap or t.low in {"of", "for", "and", "the"} for t in inner) and ts[-2].cap


def _part_of_group(text: str, ts: list[Token]) -> SourceInfo:
    """ "One of the people familiar with the talks", "two of them": unnamed members of a group."""
    group = ts[2:]
    if len(group) == 1:  # "one of them": the group was named before
        info = SourceInfo("anonymous", _span_text(text, ts), head="person", descriptor_class="person")
    else:
        prep = phrase_prep(group)
        info = _anonymous(text, ts, group[:prep], "")
    if ts[0].cap and info.name:
        info.name = info.name[0].lower() + info.name[1:]
    info.descriptor = _span_text(text, ts)
    info.plural = ts[0].low != "one"
    info.member = True
    return info


def _singular(word: str) -> str:
    if word in {"people", "persons"}:
        return "person"
    if word in {"police", "military", "staff"}:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]  # "witnesses", "coaches"
    if word.endswith("men") and len(word) > 3:
        return word[:-3] + "man"  # "women", "spokesmen"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def names_the_object(phrase: list[Token], appositive: list[Token]) -> bool:
    """Whether a name in apposition after "people PREP X" names X, not the people ("Lawyers for the builder,
    Acme Homes, said"): one name cannot name a plural head."""
    prep = phrase_prep(phrase)
    return 0 < prep < len(phrase) and plural_head(phrase[prep - 1].low) and not any(t.low == "and" for t in appositive)


def names_the_descriptor(text: str, source: list[Token], appositive: list[Token]) -> bool:
    """Whether an appositive after an unnamed source is that person's name ("the chief executive, Dr Jane
    Roe"): a capitalized phrase of a few words that reads as a person."""
    if len(appositive) > 6 or not written_name(appositive):
        return False
    if names_the_object(source, appositive) or classify(text, appositive).kind != "person":
        return False
    described = classify(text, source).kind
    # "the union's general secretary" (a role noun: a person named elsewhere) is described, not named, too
    return described == "anonymous" or (
        described == "person" and not any(_is_name_word(t) for t in after_owner(source))
    )


def name_in_apposition(text: str, source: list[Token], after: list[Token]) -> list[Token] | None:
    """The name set off by a comma after an unnamed source or a role ("A government spokesman, Jane Roe, told
    ..."; "..., according to its president, Jane Roe."): the words from the comma opening `after` (the tokens
    that follow the source) to the next comma or the sentence's end, when they name that person
    (`names_the_descriptor`); None otherwise, a date among them ("..., according to the report, Monday.")."""
    if not after or after[0].text != ",":
        return None
    close = next((k for k in range(1, len(after)) if after[k].text in {",", ".", ";", "!", "?"}), len(after))
    name = after[1:close]
    if not name or any(t.low in lx.TIME_WORDS for t in name):
        return None
    return name if names_the_descriptor(text, source, name) else None


def classify_kind(ts: list[Token]) -> str:
    """The kind of a source phrase, without its text (for quick structural decisions)."""
    if not ts:
        return ""
    return classify("", ts).kind


def audience_is_outlet(text: str, ts: list[Token]) -> bool:
    """The object of "told": "The Valley Courier" (a titled publication) is an outlet."""
    info = classify(text, ts)
    if info.kind == "outlet":
        return True
    return (
        len(ts) >= 2
        and ts[0].low == "the"
        and all(t.cap for t in ts[1:])
        and info.kind not in {"anonymous", "pronoun"}
        and not any(t.low in lx.ORG_HEADS for t in ts)
    )
