"""The PolNeAR shape of an extraction (../shared/polnear/score.py), for `claimbase extract --format polnear`
and the accuracy benchmark.

PolNeAR's conventions differ from the project's guidelines: a quote or a clause split by its cue is one
attribution with pieces, a token belongs to one attribution only (so reported speech nested in another
content is left to the outer one), contents keep the complementizer "that" and the quotation marks but not
the line breaks inside them, and the source of a relative clause is its pronoun.
"""

from __future__ import annotations

import re

from app.extraction import lexicon as lx
from app.extraction.direct import CONTINUED_QUOTE
from app.extraction.segment import line_start, sentences
from app.extraction.types import ArticleExtraction, Attribution, Span


def _span(s: Span | None) -> dict | None:
    return {"start": s.start, "end": s.end, "text": s.text} if s is not None else None


_OPEN = "\"“‘«'`"
_CLOSE = "\"”’»'"


def _polnear_extent(text: str, s: int, e: int) -> tuple[int, int]:
    """PolNeAR's span conventions: the complementizer "that" and the quotation marks belong to the
    content (the project's guidelines leave them out)."""
    while e < len(text) and text[e] in ",.?!" and e + 1 <= len(text):
        if e + 1 < len(text) and text[e + 1] in _CLOSE:
            e += 1
        else:
            break
    while e < len(text) and text[e] in _CLOSE:
        e += 1
    while s > 0 and text[s - 1] in _OPEN:
        s -= 1
    if text[max(0, s - 5) : s].lower() == "that ":
        s -= 5
    return s, e


def _pieces(text: str, a: Attribution) -> list[tuple[int, int]]:
    """An attribution's content in PolNeAR's conventions: without the source and cue that stand inside it ("A,
    officials said, B", one content in the guidelines)."""
    s, e = _polnear_extent(text, a.content.start, a.content.end)
    if a.source is None or a.cue is None or a.quote_type == "direct":
        return [(s, e)]
    lo, hi = min(a.source.start, a.cue.start), max(a.source.end, a.cue.end)
    if not (a.content.start < lo and hi < a.content.end):
        return [(s, e)]
    return [(s, s + len(text[s:lo].rstrip(" ,—–"))), (e - len(text[hi:e].lstrip(" ,—–")), e)]


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _without_line_breaks(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces cut at every line break inside them: PolNeAR's annotators marked a content running over
    paragraphs one paragraph at a time, leaving the breaks between them out."""
    out = []
    for s, e in pieces:
        for m in _LINE_BREAK.finditer(text, s, e):
            if m.start() > s:
                out.append((s, m.start()))
            s = m.end()
        if s < e:
            out.append((s, e))
    return out


def _group(a: Attribution) -> tuple | None:
    """What the pieces of one PolNeAR attribution share: the cue and source of a quotation or a clause it
    splits ("A," she said, "B"; "A, officials said, B"; "A is expected to B")."""
    if a.cue is None:
        return None
    return (a.source.start if a.source is not None else None, a.cue.start)


def _joins(text: str, a: Attribution, end: int) -> bool:
    """Whether `a` continues the piece of its group that ends at `end`: a quotation's in one paragraph, a
    clause's on the other side of the cue, in one sentence."""
    start = a.content.start
    if "\n" in text[end:start]:  # a quotation going on in a paragraph of its own is one content with it
        return a.rule == CONTINUED_QUOTE
    if a.quote_type == "direct":
        return True
    assert a.cue is not None
    if not (end <= a.cue.start and a.cue.end <= start):
        return False
    newline = text.find("\n", start)
    para = (line_start(text, end), len(text) if newline < 0 else newline)
    return any(s <= end and start < e for s, e in sentences(text, *para))


# The relative pronouns that stand for a clause's subject (not "whose", which opens a noun phrase).
_SUBJECT_RELATIVES = "|".join(sorted(lx.RELATIVE_PRONOUNS - {"whose"}))
# "a levy which critics say will hurt families": the pronoun opening a relative clause that a source and its
# cue interrupt is the first piece of the content (the clause's subject).
_RELATIVE_BEFORE = re.compile(rf"\b({_SUBJECT_RELATIVES}|what)\s+$", re.I)


def _relative(text: str, a: Attribution) -> tuple[int, int] | None:
    """The relative pronoun just before the source of a clause reported after its cue, as a piece, or None."""
    if a.quote_type == "direct" or a.source is None or a.cue is None:
        return None
    if not (a.source.end <= a.cue.start and a.cue.end <= a.content.start):
        return None
    first = text[a.content.start : a.content.end].split(maxsplit=1)[0].lower()
    if first not in lx.AUX and first not in lx.MODALS:  # the pronoun is the clause's subject: "… will hurt"
        return None
    m = _RELATIVE_BEFORE.search(text, max(0, a.source.start - 8), a.source.start)
    return m.span(1) if m else None


# ", Jane Roe, who said …": PolNeAR's source is the relative pronoun, the cue's subject.
_WHO_AFTER = re.compile(rf"[\s,]*({_SUBJECT_RELATIVES})\s+(?:\w+ly\s+)?$", re.I)


def relative_source(text: str, source: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int] | None:
    """The relative pronoun between a source and its cue, PolNeAR's source, or None."""
    if cue[0] < source[1]:
        return None
    m = _WHO_AFTER.match(text, source[1], cue[0])
    return m.span(1) if m and m.end() == cue[0] else None


def _source(text: str, a: Attribution) -> dict | None:
    """An attribution's source in PolNeAR's conventions (`relative_source`)."""
    if a.source is None or a.cue is None:
        return _span(a.source)
    relative = relative_source(text, (a.source.start, a.source.end), (a.cue.start, a.cue.end))
    return _span(Span.of(text, *relative) if relative else a.source)


def polnear_dicts(text: str, result: ArticleExtraction) -> list[dict]:
    """PolNeAR's conventions: a quote or a clause split by its cue is one attribution with pieces (ours has
    one per piece), and a token belongs to one attribution only, so an attribution nested in another one's
    content is left to the outer one."""
    groups: dict[tuple, list] = {}
    order = []
    last: dict[tuple, tuple[tuple, int]] = {}  # a group's key, and where its last piece ends
    for a in result.attributions:
        if a.parent is not None and a.quote_type != "direct":
            continue
        shared = _group(a)
        key: tuple = (id(a),)
        if shared is not None:
            key = last[shared][0] if shared in last and _joins(text, a, last[shared][1]) else (*shared, id(a))
            last[shared] = (key, a.content.end)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(a)
    out = []
    for key in order:
        atts = groups[key]
        first = atts[0]
        pieces = _without_line_breaks(text, sorted(p for a in atts for p in _pieces(text, a)))
        relative = _relative(text, first)
        if relative is not None and len(atts) == 1:
            pieces.insert(0, relative)
        content = {"start": pieces[0][0], "end": pieces[-1][1]}
        if len(pieces) > 1:
            content["pieces"] = [list(p) for p in pieces]
        out.append(
            {
                "content": content,
                "source": _source(text, first),
                "cue": _span(first.cue),
                "kind": first.kind,
                "confidence": round(min(a.confidence for a in atts), 3),
            }
        )
    return out
