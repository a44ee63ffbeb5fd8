"""Name variants: what makes `John F. Kirby`, `John Kirby` and `Mr. Kirby` the same person."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.extraction.lexicon import PERSON_TITLES

# Words that open a name without being part of it: the extractor's person titles, and the honorifics and
# role words a hand-entered speaker may carry before the name ("Sir", "Rev", "President-elect").
NAME_PREFIXES = PERSON_TITLES | {"sir", "dame", "lord", "lady", "rev", "co-founder", "president-elect", "press"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PUNCT = re.compile(r"[^\w\s'-]+")
# Names folded and split, remembered: linking a mention compares it with every alias of its candidates, and
# the same names come back article after article (a pure function of the string; entries are short).
_REMEMBERED = 1 << 16


@lru_cache(maxsize=_REMEMBERED)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _PUNCT.sub(" ", text.replace("’", "'").lower()).replace("'s ", " ")


def normalize_name(name: str) -> str:
    """A comparison key for aliases: case, accents, punctuation and a leading article folded."""
    words = _fold(name).split()
    if words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class PersonName:
    first: str | None
    middles: tuple[str, ...]
    last: str

    def compatible(self, other: PersonName) -> bool:
        """Same person by name: same surname and first name, and no contradicting middle names."""
        if self.last != other.last or not self.first or not other.first or self.first != other.first:
            return False
        if not self.middles or not other.middles:
            return True
        return all(a[0] == b[0] for a, b in zip(self.middles, other.middles, strict=False))


@lru_cache(maxsize=_REMEMBERED)
def person_name(name: str) -> PersonName | None:
    """Split a person's name into parts, dropping honorifics, titles and suffixes."""
    words = [w.strip("'-") for w in _fold(name).split()]
    words = [w for w in words if w and w not in SUFFIXES]
    while words and words[0] in NAME_PREFIXES:
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        return PersonName(first=None, middles=(), last=words[0])
    return PersonName(first=words[0], middles=tuple(words[1:-1]), last=words[-1])


def surname(name: str) -> str | None:
    """The surname `person_name` reads in a name (lower-cased, folded), or None: what speaker aliases are
    indexed by, so that linking a person seeks the aliases of one surname instead of reading them all."""
    parsed = person_name(name)
    return parsed.last if parsed is not None else None
