"""Name variants: what makes `John F. Kirby`, `John Kirby` and `Mr. Kirby` the same person."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "sheikh",
}
TITLES = {
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "gen",
    "general",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "adm",
    "admiral",
    "sgt",
    "sergeant",
    "brig",
    "brigadier",
    "specialist",
    "spc",
    "ambassador",
    "judge",
    "justice",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander",
    "director",
    "foreign",
    "defense",
    "defence",
    "state",
    "of",
    "the",
    "air",
    "force",
    "army",
    "navy",
    "marine",
    "deputy",
    "chief",
    "former",
    "acting",
    "british",
    "american",
    "us",
    "u.s.",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PUNCT = re.compile(r"[^\w\s'-]+")


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


def person_name(name: str) -> PersonName | None:
    """Split a person's name into parts, dropping honorifics, titles and suffixes."""
    words = [w.strip("'-") for w in _fold(name).split()]
    words = [w for w in words if w and w not in SUFFIXES]
    while words and (words[0] in HONORIFICS or words[0] in TITLES):
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        return PersonName(first=None, middles=(), last=words[0])
    return PersonName(first=words[0], middles=tuple(words[1:-1]), last=words[-1])
