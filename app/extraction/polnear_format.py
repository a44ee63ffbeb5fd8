"""The PolNeAR shape of an extraction (../shared/polnear/score.py), for `claimbase extract --format polnear`
and the accuracy benchmark.

PolNeAR's conventions differ from the project's guidelines: a quote split by its cue is one attribution
with pieces, a token belongs to one attribution only (so reported speech nested in another content is
left to the outer one), and contents keep the complementizer "that" and the quotation marks.
"""

from __future__ import annotations

from app.extraction.types import ArticleExtraction, Span


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


def polnear_dicts(text: str, result: ArticleExtraction) -> list[dict]:
    """PolNeAR's conventions: a quote split by its cue is one attribution with pieces (ours has one per
    piece), and a token belongs to one attribution only, so an attribution nested in another one's
    content is left to the outer one."""
    groups: dict[tuple, list] = {}
    order = []
    last_of: dict[tuple, int] = {}
    for a in result.attributions:
        if a.parent is not None and a.quote_type != "direct":
            continue
        key: tuple = (id(a),)
        if a.quote_type == "direct" and a.cue is not None and a.source is not None:
            key = (a.source.start, a.cue.start)
            # pieces of one quotation stand in one paragraph
            if key in last_of and "\n" in text[last_of[key] : a.content.start]:
                key = (*key, a.content.start)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(a)
        last_of[key[:2]] = a.content.end
    out = []
    for key in order:
        atts = groups[key]
        first = atts[0]
        pieces = sorted(_polnear_extent(text, a.content.start, a.content.end) for a in atts)
        content = {"start": pieces[0][0], "end": pieces[-1][1]}
        if len(pieces) > 1:
            content["pieces"] = [list(p) for p in pieces]
        out.append(
            {
                "content": content,
                "source": _span(first.source),
                "cue": _span(first.cue),
                "kind": first.kind,
                "confidence": round(min(a.confidence for a in atts), 3),
            }
        )
    return out
