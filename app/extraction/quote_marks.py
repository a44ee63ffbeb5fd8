"""Single quotation marks as a text's primary ones ('‘We will not,’ she said', as British and many
Commonwealth outlets quote, with double marks for a quotation inside a quotation).

The rules pair double marks, and the tagger learned from text quoted with them. `as_double_marks` gives the
text with the two levels swapped, one character for one, so a reading of it has the offsets of the text
itself: the extractor reads it and writes its spans into the text as given. A text whose primary marks are
double is returned unchanged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from app.extraction.segment import paragraphs

# A mark opening a quotation: at the start of a line or after a space, bracket or dash, before a letter.
_BOUNDARY = r"(?:(?<=^)|(?<=[\s(\[{—–/-]))"
_DOUBLE_OPEN = re.compile(_BOUNDARY + r"(?:[“\"„«]|''|``)(?=\S)", re.M)  # '' and `` too, as some wires type them
_SINGLE_MARK = re.compile(r"[‘']")
_OPENS_AFTER = frozenset("([{—–/-")
_CLOSES = {"‘": "’", "'": "'"}
_NESTED = str.maketrans({"“": "‘", "”": "’", '"': "'"})
# Fewer paired single quotations than this never make them a text's primary marks ("the '90s", "'em").
_MIN_PAIRS = 2


def _closer(text: str, at: int, end: int, mark: str) -> int | None:
    """The mark closing a quotation opened before `at`, before `end`: one that ends a word and is not
    followed by a letter ("don’t" is an apostrophe), nor a plural possessive ("the workers’ union")."""
    close = _CLOSES[mark]
    i = text.find(close, at, end)
    while i >= 0:
        before, after = text[i - 1], text[i + 1 : i + 3]
        apostrophe = after[:1].isalnum()
        possessive = before == "s" and len(after) == 2 and after[0] == " " and after[1].islower()
        if not before.isspace() and not apostrophe and not possessive:
            return i
        i = text.find(close, i + 1, end)
    return None


def _opens(text: str, i: int) -> bool:
    """Whether the single mark at `i` opens a quotation (as `_BOUNDARY` says of the double ones), before a
    letter: a text has many apostrophes and few such marks, so the marks are found first and then tested."""
    return (i == 0 or text[i - 1].isspace() or text[i - 1] in _OPENS_AFTER) and text[i + 1 : i + 2].isalpha()


def _single_openers(text: str, at: int, end: int) -> Iterator[int]:
    return (m.start() for m in _SINGLE_MARK.finditer(text, at, end) if _opens(text, m.start()))


def _single_quotations(text: str) -> list[tuple[int, int | None]]:
    """Each single-marked quotation of every paragraph (`segment.paragraphs`: a hard-wrapped one is one):
    where it opens and where it closes (None: it runs to the paragraph's end, the mark of a quotation going on
    in the next one)."""
    out: list[tuple[int, int | None]] = []
    for at, end in paragraphs(text):
        while (start := next(_single_openers(text, at, end), None)) is not None:
            close = _closer(text, start + 1, end, text[start])
            out.append((start, close))
            if close is None:
                break
            at = close + 1
    return out


def _primary_quotations(text: str) -> list[tuple[int, int | None]] | None:
    """The text's single-marked quotations when they are its primary ones: more than twice as many paired
    single quotations as double opening marks (a text quoting with double marks may set a few words apart
    with single ones); else None."""
    if len(list(itertools.islice(_single_openers(text, 0, len(text)), _MIN_PAIRS))) < _MIN_PAIRS:
        return None  # most texts: no paragraph need be read
    found = _single_quotations(text)
    pairs = sum(1 for _, close in found if close is not None)
    return found if pairs >= _MIN_PAIRS and pairs > 2 * len(_DOUBLE_OPEN.findall(text)) else None


def single_primary(text: str) -> bool:
    """Whether the text quotes with single marks."""
    return _primary_quotations(text) is not None


def as_double_marks(text: str) -> str:
    """The text with single primary marks read as double ones and double marks inside them as single ones,
    every character where it was; the text itself when its primary marks are double."""
    found = _primary_quotations(text)
    if found is None:
        return text
    chars = list(text)
    ends = [e for _, e in paragraphs(text)]
    for start, close in found:
        stop = close if close is not None else next(e for e in ends if e > start)
        chars[start] = "“"
        for i in range(start + 1, stop):
            chars[i] = chars[i].translate(_NESTED)
        if close is not None:
            chars[close] = "”"
    return "".join(chars)
