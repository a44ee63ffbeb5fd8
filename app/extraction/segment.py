"""Offsets-preserving segmentation: paragraphs, sentences, tokens and quotation spans.

Nothing here rewrites the text; every function returns (start, end) indices into it.
"""

from __future__ import annotations

import bisect
import inspect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from app.extraction.lexicon import ABBREVIATIONS

TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)+|(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*\.?|[^\w\s]")
_CONTRACTION = re.compile(r"(?i)(he|she|it|they|we|i|you|who|that|there)['’](?:s|re|ve|d|ll|m)$")
_PARTY_TAG = re.compile(r"[A-Z]-[A-Z][a-z]{1,4}\.$")  # "R-Ky.", "D-Md."
PARA_RE = re.compile(r"[^\n]+")
OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    low: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        return self.low.endswith(("'s", "’s")) or self.low.endswith(("s'", "s’"))


def tokens(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for m in TOKEN_RE.finditer(text, start, end):
        s, e, t = m.start(), m.end(), m.group()
        # A trailing period belongs to the word only for abbreviations ("Mr.", "U.S.").
        if t.endswith(".") and len(t) > 1 and t.count(".") == 1:
            stem = t[:-1].lower()
            if stem not in ABBREVIATIONS and not (len(stem) == 1 and t[0].isupper()) and not _PARTY_TAG.match(t):
                out.append(Token(s, e - 1, t[:-1], stem))
                out.append(Token(e - 1, e, ".", "."))
                continue
        cm = _CONTRACTION.match(t)
        if cm:
            k = cm.end(1)
            out.append(Token(s, s + k, t[:k], t[:k].lower()))
            out.append(Token(s + k, e, t[k:], t[k:].lower()))
            continue
        low = t.lower()
        if len(low) > 1 and low.endswith("."):
            low = low[:-1]
        out.append(Token(s, e, t, low))
    return out


def tokenizer_source() -> str:
    """What the tokenization is made of (the code of `tokens`, its patterns and abbreviations): part of the
    key under which training caches a tagger trained on its words."""
    parts = [inspect.getsource(tokens), TOKEN_RE.pattern, _CONTRACTION.pattern, _PARTY_TAG.pattern]
    return "\n".join([*parts, *sorted(ABBREVIATIONS)])


def line_start(text: str, pos: int) -> int:
    """Where the line holding `pos` starts (after the last line break before it)."""
    return text.rfind("\n", 0, pos) + 1


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    for m in PARA_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# A line that ends mid-sentence: a letter, a digit, a comma or a hyphen, not a heading's or a style sheet's end.
_OPEN_END = re.compile(r"[\w,\-–—]\Z")
_WRAP_MIN_WORDS = 6


def _single_break(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text.count("\n", a[1], b[0]) == 1


def _open_end(text: str, a: tuple[int, int]) -> bool:
    """A line of running prose that stops mid-sentence (a title-case heading is not running prose)."""
    line = text[a[0] : a[1]]
    words = [w for w in line.split() if w[:1].isalpha()]
    if not _OPEN_END.search(line) or len(words) < _WRAP_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) * 10 < len(words) * 7


def _soft_break(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether the line break between lines a and b falls inside a sentence: a goes on in b, lowercase."""
    return _single_break(text, a, b) and _open_end(text, a) and text[b[0]].islower()


# Hard wrapping sets lines at a fixed width, far shorter than a scraped paragraph.
_WRAP_WIDTH = 100


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """A text whose paragraphs are set apart by blank lines and whose lines break mid-sentence at a width."""
    singles = [a for a, b in itertools.pairwise(lines) if _single_break(text, a, b)]
    if len(singles) == len(lines) - 1:
        return False  # no blank line anywhere: one paragraph per line
    soft = [a for a in singles if _open_end(text, a) and a[1] - a[0] <= _WRAP_WIDTH]
    return len(soft) >= 3 and len(soft) * 2 >= len(singles)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end). Scraped text puts one paragraph per line; a line break that falls
    mid-sentence continues the paragraph, and in a hard-wrapped text (blank lines between paragraphs,
    line breaks inside them) every single line break does."""
    lines = _lines(text)
    wrapped = _hard_wrapped(text, lines)
    out: list[tuple[int, int]] = []
    prev: tuple[int, int] | None = None
    for ln in lines:
        if prev is not None and (_soft_break(text, prev, ln) or (wrapped and _single_break(text, prev, ln))):
            out[-1] = (out[-1][0], ln[1])
        else:
            out.append(ln)
        prev = ln
    return out


_SENT_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9])|[.!?]+[\"”’»]*\s*$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one paragraph into sentences; abbreviations and initials do not end a sentence."""
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        dot = m.start()
        if text[dot] == ".":
            # The word before the period ("Paul's" is a word, not the initial "s").
            w = re.search(r"([\w.'’]+)$", text[max(start, dot - 12) : dot])
            word = w.group(1).lower() if w else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(?:\w\.)+\w", word):
                continue
        e = m.end()
        out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if b > a]


def sentence_start_of(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins, within its line ("St." or "Dr." before a name ends none)."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    return sentence_start_in(text, (lo, len(text) if hi < 0 else hi), at)


def sentence_start_in(text: str, para: tuple[int, int], at: int) -> int:
    """Where the sentence of the paragraph `para` holding offset `at` begins (`sentences`: "St." or "Dr." before a
    name ends none); the paragraph's start when `at` is before its first sentence."""
    starts = _sentence_starts(text, *para)
    k = bisect.bisect_right(starts, at)
    return starts[k - 1] if k else para[0]


@lru_cache(maxsize=64)
def _sentence_starts(text: str, start: int, end: int) -> tuple[int, ...]:
    """Where each sentence of a paragraph starts (the features and the rules ask it of one paragraph often)."""
    return tuple(s for s, _ in sentences(text, start, end))


@dataclass(slots=True)
class Quote:
    open: int  # index of the opening mark (or of the paragraph start when the mark is missing)
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    close: int  # one past the closing mark (== end when unclosed)
    closed: bool


_MARK_RE = re.compile(r"''|``|[\"“”«»„]")


def quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quotation spans of one paragraph. Straight marks (" and '') toggle; an unclosed quote runs to the
    next opening mark or to the paragraph end (the convention for quotes continued in the next paragraph)."""
    out: list[Quote] = []
    open_at: int | None = None
    open_w = 1
    open_kind = ""
    marks = list(_MARK_RE.finditer(text, start, end))
    skip = 0
    for n, m in enumerate(marks):
        if skip:
            skip -= 1
            continue
        i, mark = m.start(), m.group()
        w = len(mark)
        kind = '"' if mark in {'"', "''"} else mark
        if mark == "``":
            kind = "“"
        nxt = [x.group() for x in marks[n + 1 : n + 3]]
        if kind == "“" and open_kind == "“" and open_at is not None and nxt == ["”", "”"]:
            skip = 1  # '“As I said, “never” again”': a quotation inside a quotation
            continue
        if kind == '"' and open_kind in {'"', "“"} and open_at is not None and (mark == "''" or open_kind == '"'):
            out.append(Quote(open_at, open_at + open_w, i, i + w, True))
            open_at = None
            open_kind = ""
        elif kind == '"' or (kind in OPENERS and not (kind == "“" and open_kind == "„")):
            if open_at is not None:
                out.append(Quote(open_at, open_at + open_w, _trim_end(text, open_at + open_w, i), i, False))
            open_at, open_w, open_kind = i, w, kind
        elif kind in CLOSERS or kind == "“":
            if open_at is None and kind == "”" and not text[start:i].strip() and i + w < end and text[i + w].isalnum():
                open_at, open_w, open_kind = i, w, "“"  # '”Fear. ...”' opening a paragraph: a mistyped opener
            elif open_at is not None and (open_kind != '"' or kind in CLOSERS):
                out.append(Quote(open_at, open_at + open_w, i, i + w, True))
                open_at = None
                open_kind = ""
            elif open_at is None and not out:
                # a closing mark with no opener: the quote began before the scraped text did
                out.append(Quote(start, start, i, i + w, False))
    if open_at is not None:
        out.append(Quote(open_at, open_at + open_w, end, end, False))
    return [q for q in out if q.end > q.start]


def _trim_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def trim(text: str, s: int, e: int, chars: str = " \t\n,.;:—–-") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e
