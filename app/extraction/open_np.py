"""Noun phrases of any noun: the shape of an unnamed source that no word list names.

"a city engineer", "harbour pilots", "two people familiar with the talks", "a lawyer for the family":
[determiner] modifiers HEAD [post-modifier preposition noun phrase]. What makes a word an open-class noun
here is what it is not: not one of English's closed classes (determiners, prepositions, pronouns,
auxiliaries, conjunctions), not a cue verb, not an adverb in -ly, not a past form in -ed. A phrase with no
determiner must open its clause and have a plural head ("Harbour pilots said"), as English requires of a
bare count noun in subject position.
"""

from __future__ import annotations

import re

from app.extraction import lexicon as lx
from app.extraction.noun_kinds import irregular_plural
from app.extraction.segment import Token

_FUNCTION = (
    lx.PREPOSITIONS
    | lx.AUX
    | set(lx.PRONOUNS)
    | lx.FIRST_SECOND
    | lx.STOP_CAPITALS
    | lx.MODALS
    | lx.WEEKDAYS
    | {
        "and",
        "or",
        "nor",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "not",
        "than",
        "said",
        "says",
        "say",
        "there",
        "here",
        "him",
        "them",
        "me",
        "us",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "been",
        "so",
        "very",
        "too",
        "also",
        "yet",
    }
)
# Prepositions and the words that carry one in a source's post-modifier ("familiar with", "close to").
_POST_PREPS = {
    "of",
    "at",
    "from",
    "for",
    "with",
    "in",
    "on",
    "to",
    "within",
    "inside",
    "near",
    "about",
    "across",
    "around",
    "outside",
    "behind",
    "under",
}
# Where a clause may open, so that a phrase without a determiner may stand as its subject.
_CLAUSE_OPENERS = {
    ",",
    ";",
    ":",
    "“",
    '"',
    "‘",
    "—",
    "–",
    "(",
    "and",
    "but",
    "that",
    "while",
    "as",
    "because",
    "when",
    "where",
    "although",
    "though",
    "since",
    "after",
    "before",
    "if",
    "so",
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*\Z")
_PLURAL_HEADS = {"people", "police", "staff", "personnel", "crew", "troops", "clergy", "folk", "folks"}
# A share of a group speaks for many: "half said", "a majority say", "one in four said".
_SHARES = {
    "half",
    "majority",
    "minority",
    "most",
    "percent",
    "plurality",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "fifth",
    "fifths",
    "tenth",
    "tenths",
    "all",
    "many",
    "several",
    "some",
    "few",
    "both",
    "others",
}


def open_word(t: Token) -> bool:
    """A lowercase word of an open class: a noun or adjective, as far as its form and the closed classes say."""
    if t.text != t.low or not _WORD.match(t.text) or len(t.low) < 2:  # "al-Dabbagh" is a name
        return False
    return t.low not in _FUNCTION and t.low not in lx.VERB_CUES and t.low not in lx.DETERMINERS


def _head(t: Token) -> bool:
    return open_word(t) and not t.low.endswith(("ly", "ed")) and not t.possessive


def _name_word(t: Token) -> bool:
    return t.cap and bool(_WORD.match(t.text)) and t.low not in lx.STOP_CAPITALS | lx.WEEKDAYS


def share_of_group(ts: list[Token]) -> bool:
    """ "Most", "Almost half", "One in four": a share of a group, not a named speaker."""
    core = ts[:2] if len(ts) == 3 and ts[1].low in {"in", "of"} and ts[2].low in lx.DETERMINERS else ts
    return bool(core) and (core[-1].low in _SHARES or (len(ts) == 3 and core is not ts))


def plural_head(word: str) -> bool:
    """Whether a lowercase head word is plural: listed, a share, a regular plural or an irregular one."""
    return (
        word in _PLURAL_HEADS
        or word in _SHARES
        or (word.endswith("s") and not word.endswith(("ss", "us", "is")))
        or irregular_plural(word)
    )


def _cls(t: Token, first: bool) -> str:
    """One letter per token for the phrase grammar below."""
    if t.low in _SHARES and (not t.cap or first):
        return "H"  # "most said", "two-thirds say"
    if t.low in lx.DETERMINERS or t.low.isdigit():
        return "D"
    if t.possessive and (t.cap or open_word(t)):
        return "S"  # "the city's", "Acme's"
    if t.low in _POST_PREPS and not t.cap:
        return "P"
    if t.text == "not":
        return "T"  # only before a post-modifier's participle ("experts not involved in the trial")
    if _head(t) or (first and t.cap and _head(Token(t.start, t.end, t.low, t.low))):
        return "H"  # a sentence-initial capital is still an ordinary word ("Harbour pilots")
    if open_word(t):
        return "M"  # a modifier that cannot head ("retired", "elderly")
    if _name_word(t):
        return "N"
    return "X"


# [D|S] (M|N|H|S)* H  then up to two of: [[not] H|M] P [D P] [D|S] (M|N|H|S)* (H|N), where "D P" is a
# partitive inside the post-modifier ("a nurse at one of the clinics", "an aide to some of the members")
_NP = re.compile(r"(?P<det>[DS]?)[MNHS]*H(?:(?:T?[HM])?P(?:DP)?[DS]?[MNHS]*[HN]){0,2}|(?P<share>DPD)")


def _letters(toks: list[Token], lo: int, hi: int) -> str:
    return "".join(_cls(toks[x], x == 0) for x in range(lo, hi))


def _parse(toks: list[Token], s: int, e: int, letters: str) -> bool:
    """Whether toks[s:e], whose classes are `letters`, is an open-class noun phrase a source can be."""
    if e - s < 1 or e - s > 12:
        return False
    m = _NP.fullmatch(letters)
    if m is None:
        return False
    if m.group("share"):  # "one in four said", not "12 of a ..."
        return toks[s + 1].low in {"in", "of"} and (toks[s + 2].low.isdigit() or toks[s + 2].low in lx.COUNT_WORDS)
    if m.group("det"):
        return True
    opens_clause = s == 0 or toks[s - 1].low in _CLAUSE_OPENERS
    p = letters.find("T") if "T" in letters else letters.find("P")
    core = toks[s : s + p] if p > 0 else toks[s:e]
    # the head is the last word before the preposition, or the one before it ("people familiar with")
    return opens_clause and any(plural_head(t.low) for t in core[-2:])


def open_np_before(toks: list[Token], end: int, limit: int = 12) -> int | None:
    """Start of the longest open-class noun phrase ending at toks[end-1], or None."""
    lo = max(0, end - limit)
    window = _letters(toks, lo, end)
    if not window or window[-1] not in "HND":
        return None
    for s in range(lo, end):
        if _parse(toks, s, end, window[s - lo :]):
            return s
    return None


def open_np_after(toks: list[Token], start: int, limit: int = 12, edge: bool = True) -> int | None:
    """End of the longest open-class noun phrase starting at toks[start] that a clause edge closes (or,
    with edge=False, that anything but another word of the phrase follows: a sentence's subject)."""
    hi = min(len(toks), start + limit)
    window = _letters(toks, start, hi)
    if not window or window[0] not in "DSMNH":
        return None
    for e in range(hi, start, -1):
        closed = e == len(toks) or toks[e].text in {",", ".", ";", ":", "—", "–", "(", "who"}
        if (closed or not edge) and _parse(toks, start, e, window[: e - start]):
            return e
    return None
