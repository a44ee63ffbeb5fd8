"""What a common noun names, from WordNet 3.0 (`training/build_noun_kinds.py`): a person, an organization
(a group or a place speaks through one) or a document. The open class of unnamed sources ("harbour pilots
said", "a city engineer said") holds people; "invoices describe", "the panel said", "county counts show"
do not, and counting them as anonymous people would inflate every anonymous share."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

PATH = Path(__file__).parent / "models" / "noun_kinds.json.gz"
KINDS = {"p": "person", "o": "organization", "d": "document"}
# Regular plural endings and their singular endings, tried in order (WordNet's own morphology for nouns).
_ENDINGS = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"))


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(gzip.decompress(PATH.read_bytes()))
    kinds = {word: KINDS[k] for k, words in data["kinds"].items() for word in words.split()}
    return kinds, data["plurals"]


def noun_kind(word: str) -> str | None:
    """ "person", "organization" or "document" for a lowercase noun or a plural of one ("person" when any of
    its readings can name one: "men" is a work force and the plural of "man"); None when WordNet does not
    hold it as a noun."""
    kinds, plurals = _table()
    readings = [word, plurals.get(word, "")]
    readings += [word[: len(word) - len(p)] + s for p, s in (*_ENDINGS, ("s", "")) if word.endswith(p)]
    found = [kinds[r] for r in readings if r in kinds]
    if "person" in found:
        return "person"
    return found[0] if found else None


def irregular_plural(word: str) -> bool:
    """Whether a lowercase word is a plural without an -s that WordNet knows ("children", or "fishermen",
    "women" of a "-man" naming a person; not "specimen")."""
    kinds, plurals = _table()
    return word in plurals or (word.endswith("men") and kinds.get(word[:-3] + "man") == "person")
