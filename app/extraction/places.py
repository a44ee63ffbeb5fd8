"""Countries and territories as speakers: "Norway", "Saudi Arabia", "Norway's" are organizations.

The names come from the Unicode CLDR's English territory names as Babel ships them (well kept, offline),
together with the lexicon's short forms ("Britain", "U.S.") and capitals that stand for governments.
"""

from __future__ import annotations

from functools import cache

from app.extraction import lexicon as lx
from app.extraction.segment import Token


@cache
def territory_names() -> frozenset[str]:
    """Lowercased English names of every country and territory (two-letter CLDR codes; not "world")."""
    from babel import Locale

    names = {name.lower() for code, name in Locale("en").territories.items() if code.isalpha()}
    return frozenset(names | {n.replace(" & ", " and ") for n in names if " & " in n})


def _bare(t: Token) -> str:
    low = t.low
    for ending in ("'s", "’s", "'", "’"):
        if low.endswith(ending):
            return low[: -len(ending)]
    return low


def names_a_place(ts: list[Token]) -> bool:
    """Whether the phrase (a leading "the" and a possessive aside) is a country's or territory's name, or a
    street's."""
    words = [_bare(t) for t in ts if t.text not in {",", "(", ")"}]
    if words and words[0] == "the":
        words = words[1:]
    if not words or not all(t.cap for t in ts if t.low != "the" and t.text[:1].isalpha() and t.low != "and"):
        return False
    if len(words) >= 2 and words[-1] in lx.STREET_WORDS:
        return True  # "Downing Street", "Wall Street": a street stands for what it houses
    return " ".join(words) in territory_names() or all(w in lx.COUNTRIES for w in words)
