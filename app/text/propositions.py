"""Comparing two reports of a proposition: content-word keys, how alike they are, and how they differ.

Pure functions over text; the store uses them to cluster claims and the queries to label reports.
Words are stemmed with the Snowball English stemmer (PyStemmer), function words are spaCy's English stop list
(kept as a file here, `stop_words_en.txt`), and the in-order overlap and word alignment come from RapidFuzz.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

import Stemmer
from rapidfuzz.distance import Indel, LCSseq

from app.models.enums import ClusterLabel, Stance
from app.text.calendar_words import MONTH_NAMES, WEEKDAY_NAMES

_WORD = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_DIGITS = re.compile(r"\d")

# Words that state an amount in letters (spaCy's stop list holds most of them, but a figure is content).
NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "dozen",
        "dozens",
        "half",
        "double",
        "twice",
        "triple",
    ]
)
# Days and dates: a report that names another one says something else.
MONTHS = frozenset([*MONTH_NAMES, *WEEKDAY_NAMES, "yesterday", "today", "tomorrow"])
# Words that weaken or bound a statement: a report that adds or drops one says something else.
HEDGES = frozenset(
    [
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "more",
        "less",
        "fewer",
        "least",
        "most",
        "over",
        "under",
        "up",
        "may",
        "might",
        "could",
        "would",
        "possibly",
        "perhaps",
        "probably",
        "likely",
        "unlikely",
        "reportedly",
        "allegedly",
        "apparently",
        "seemingly",
        "suspected",
        "believed",
        "estimated",
        "only",
        "just",
        "at",
    ]
)
NEGATIONS = frozenset(["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "n't", "cannot"])

# A claim needs this many content words to be matched with another: shorter ones say too little.
MIN_KEYS = 3


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    low: str
    stem: str
    content: bool

    @property
    def figure(self) -> bool:
        return _is_figure(self.low)


def _is_figure(low: str) -> bool:
    """A lower-case word that is a number ('70', '3.5', 'seven')."""
    return bool(_DIGITS.search(low)) or low in NUMBER_WORDS


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


STOP_WORDS_PATH = Path(__file__).with_name("stop_words_en.txt")


@cache
def _stop_words() -> frozenset[str]:
    """English function words (spaCy's stop list, in `stop_words_en.txt` with its licence), the number words
    left out: a number is what a claim about a quantity turns on."""
    lines = STOP_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#")) - NUMBER_WORDS


@lru_cache(maxsize=200_000)
def _token(raw: str) -> tuple[str, str, bool]:
    """A word as the text spells it, read once a spelling: its lower-case form, its stem, and whether it is a
    content word (not a function word)."""
    low = unicodedata.normalize("NFKC", raw).lower().replace("’", "'")
    if low.endswith("n't"):
        low = "n't"
    content = (low not in _stop_words() and len(low) > 1) or bool(_DIGITS.search(low)) or low in NUMBER_WORDS
    return low, _stemmer().stemWord(low) if content else low, content


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[Word, ...]:
    """The text's words with offsets into it; `content` marks what is not a function word."""
    return tuple(Word(m.start(), m.end(), m.group(), *_token(m.group())) for m in _WORD.finditer(text))


def content_keys(text: str) -> set[str]:
    """The stems of the content words: what candidate retrieval looks a claim up by."""
    return keys_of_stems(stems(text))


def keys_of_stems(found: Iterable[str]) -> set[str]:
    """The `content_keys` of a text whose `stems` are `found` (cut to the key column's 64 characters)."""
    return {s[:64] for s in found}


def stems(text: str) -> tuple[str, ...]:
    """The content words' stems in reading order (`words`' stems, without their offsets)."""
    return tuple(stem for _, stem, content in map(_token, _WORD.findall(text)) if content)


@lru_cache(maxsize=50_000)
def _figures(text: str) -> frozenset[tuple[str, str]]:
    """A figure and what it counts ('70', 'ton'): the anchor of a claim about a quantity."""
    # From each spelling's cached reading (`_token`), without building `words` and their offsets; kept, as
    # `likeness` asks it of a claim against each of its candidates, and of a candidate for many claims.
    ws = [(stem, _is_figure(low)) for low, stem, content in map(_token, _WORD.findall(text)) if content]
    return frozenset((stem, ws[i + 1][0]) for i, (stem, figure) in enumerate(ws[:-1]) if figure and not ws[i + 1][1])


@dataclass(frozen=True, slots=True)
class _Wording:
    """What `likeness` reads of a wording, worked out once: a claim is compared with many others."""

    stems: tuple[str, ...]
    distinct: frozenset[str]
    runs: frozenset[tuple[str, str]]


# The wordings `likeness` read last (up to _WORDINGS_KEPT, oldest dropped first), and the stems worked out
# elsewhere (`remember_stems`), made a wording when first compared: a claim is compared with many others, over
# many articles, and most texts an ingest writes never are. An OrderedDict drops its oldest in constant time (a
# dict's first key, after many deletions at its front, is found by a scan over them).
_WORDINGS: OrderedDict[str, _Wording | tuple[str, ...]] = OrderedDict()
_WORDINGS_KEPT = 50_000
_WORDINGS_LOCK = threading.Lock()  # the API's threads cluster too


def _wording(text: str) -> _Wording:
    found = _WORDINGS.get(text)
    if isinstance(found, _Wording):
        return found
    found = found if found is not None else stems(text)
    wording = _Wording(found, frozenset(found), frozenset(pairwise(found)))
    _keep(text, wording)
    return wording


def forget_wordings() -> None:
    """Drop every text's words and wordings held (a measurement of a process that never read them)."""
    words.cache_clear()
    _token.cache_clear()
    _figures.cache_clear()
    with _WORDINGS_LOCK:
        _WORDINGS.clear()


def remember_stems(text: str, found: tuple[str, ...]) -> None:
    """Keep `stems(text)`, worked out elsewhere (by an extraction worker), for `likeness`."""
    if not isinstance(_WORDINGS.get(text), _Wording):
        _keep(text, found)


def _keep(text: str, held: _Wording | tuple[str, ...]) -> None:
    with _WORDINGS_LOCK:
        _WORDINGS[text] = held
        if len(_WORDINGS) > _WORDINGS_KEPT:
            _WORDINGS.popitem(last=False)


def likeness(a: str, b: str) -> float:
    """0 when two wordings do not report one proposition; otherwise how alike they are (up to 2).

    They do when they share three runs of two content words (and neither is a mere phrase), or two
    such runs with the shorter one's content words nearly all found in order in the other (a partial
    quotation, a quote inside reported speech), or the same figure of the same thing with six content
    words in common (a figure whose wording changed on the way). Thresholds were set on report pairs
    built from PolNeAR train (benchmarks/claim_clusters.py).
    """
    wa, wb = _wording(a), _wording(b)
    shortest = min(len(wa.stems), len(wb.stems))
    if shortest < MIN_KEYS:
        return 0.0
    runs = len(wa.runs & wb.runs)
    shared = len(wa.distinct & wb.distinct)
    if runs < 2 and shared < 6:  # none of the three can hold: no alignment needed
        return 0.0
    cover = LCSseq.similarity(wa.stems, wb.stems) / shortest
    if (runs >= 3 and shortest >= 5) or (runs >= 2 and cover >= 0.8) or (shared >= 6 and _figures(a) & _figures(b)):
        return cover + shared / max(len(wa.distinct), len(wb.distinct))
    return 0.0


@dataclass(frozen=True, slots=True)
class Difference:
    """The words of each side that the other does not have, as (start, end) offsets into each text."""

    first: list[tuple[int, int]]
    other: list[tuple[int, int]]
    label: ClusterLabel


def _differing(wa: tuple[Word, ...], wb: tuple[Word, ...]) -> tuple[list[Word], list[Word]]:
    """The words of each side outside their longest common run of stems (RapidFuzz's Indel alignment).

    Words one side has before the first shared word, or after the last, while the other has none
    there, are a trimmed edge (a partial quotation), not a difference. Only words that carry meaning
    are returned: content words, hedges and negations.
    """

    def meaningful(ws: list[Word] | tuple[Word, ...]) -> list[Word]:
        return [w for w in ws if w.content or w.low in HEDGES or w.low in NEGATIONS]

    ops = Indel.opcodes([w.stem for w in wa], [w.stem for w in wb])
    equal = [op for op in ops if op.tag == "equal"]
    if not equal:
        return meaningful(wa), meaningful(wb)
    first, last = equal[0], equal[-1]
    da: list[Word] = []
    db: list[Word] = []
    if first.src_start and first.dest_start:
        da += wa[: first.src_start]
        db += wb[: first.dest_start]
    for op in ops:
        if op.tag != "equal" and op.src_start >= first.src_end and op.src_end <= last.src_start:
            da += wa[op.src_start : op.src_end]
            db += wb[op.dest_start : op.dest_end]
    if last.src_end < len(wa) and last.dest_end < len(wb):
        da += wa[last.src_end :]
        db += wb[last.dest_end :]
    return meaningful(da), meaningful(db)


def _figures_conflict(wa: tuple[Word, ...], wb: tuple[Word, ...]) -> bool:
    """The same unit counted with different numbers ('70 tons' against '7 tons')."""

    def counts(ws: tuple[Word, ...]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for i, w in enumerate(ws[:-1]):
            nxt = ws[i + 1]
            if w.figure and nxt.content and not nxt.figure:
                out.setdefault(nxt.stem, set()).add(w.low)
        return out

    ca, cb = counts(wa), counts(wb)
    return any(ca[u].isdisjoint(cb[u]) for u in ca.keys() & cb.keys())


def compare(
    first: str, other: str, first_stance: Stance = Stance.asserts, stance: Stance = Stance.asserts
) -> Difference:
    """How `other` reports what `first` reported, with the differing words of each."""
    wa, wb = words(first), words(other)
    da, db = _differing(wa, wb)
    spans_a = [(w.start, w.end) for w in da]
    spans_b = [(w.start, w.end) for w in db]
    # A negation one side adds inside the shared wording (not at a trimmed edge) turns the statement.
    negated = sum(w.low in NEGATIONS for w in da) % 2 != sum(w.low in NEGATIONS for w in db) % 2
    denial = {first_stance, stance} == {Stance.asserts, Stance.denies}
    if denial or negated or _figures_conflict(wa, wb):
        label = ClusterLabel.contradiction
    elif any(w.figure or w.low in MONTHS or w.low in HEDGES or _is_name(w) for w in (*da, *db)):
        label = ClusterLabel.variant
    elif not (da or db):
        label = ClusterLabel.same
    else:
        label = ClusterLabel.paraphrase
    return Difference(spans_a, spans_b, label)


def _is_name(w: Word) -> bool:
    return w.content and w.text[:1].isupper() and w.low not in MONTHS
