"""What relays a report: a named outlet, or an unnamed report that is no outlet at all.

Decided from the phrase's structure, not from a list of phrases: a relay phrase holding a proper name
("The Valley Courier", "the Harbour news agency") names an outlet, unless the speaker classifier reads it
as a document ("Reports from the capital"); "the newspaper" refers back to the outlet named before;
determiners and common nouns alone ("another report", "a statement", "wire", "a local newspaper") name
no outlet and are read as an unnamed report of the article (a document).
"""

from __future__ import annotations

import re

from app.extraction import lexicon as lx
from app.extraction.segment import Token, tokens
from app.extraction.speakers import SourceInfo, classify, phrase_prep


def _names_something(ts: list[Token]) -> bool:
    """A capitalized word that is a name, not a determiner or a demonym ("Norwegian state media" names none)."""
    prep = phrase_prep(ts)
    return any(
        t.cap and t.text[:1].isalpha() and t.low not in lx.DETERMINERS and t.low not in lx.DEMONYMS for t in ts[:prep]
    )


def read_relay(text: str, start: int, end: int) -> SourceInfo:
    """The relay named by text[start:end]: kind "outlet" (named, or "the newspaper") or "document"."""
    ts = tokens(text, start, end)
    surface = text[start:end].strip()
    if not ts:
        return SourceInfo("document", surface)
    info = classify(text, ts)
    if _names_something(ts) and info.kind not in {"document", "anonymous", "pronoun"}:
        # The rules took it for a relay ("told The Valley Courier"): with a proper name it is the outlet's.
        name = info.name if info.kind == "outlet" else re.sub(r"^(?:the|The)\s+", "", surface)
        return SourceInfo("outlet", re.sub(r"['’]s$", "", name), head=info.head)
    if info.kind == "outlet" and info.definite:
        return info
    return SourceInfo("document", surface, head=info.head)
