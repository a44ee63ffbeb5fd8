"""The ../shared/gold JSON shape of an extraction, for scoring and for `claimbase extract --jsonl`."""

from __future__ import annotations

from app.extraction.types import ArticleExtraction, Span


def _span(s: Span | None) -> dict | None:
    return {"text": s.text, "start": s.start, "end": s.end} if s is not None else None


def to_gold_dicts(text: str, result: ArticleExtraction) -> list[dict]:
    """One dict per attribution: source, cue, content, entity (name), source_kind, anonymous,
    anonymity_reason, quote_type, stance, via (spans as {text, start, end} or null)."""
    out = []
    for a in result.attributions:
        for s in (a.content, a.cue, a.source):
            if s is not None and text[s.start : s.end] != s.text:
                raise ValueError(f"span {s.start}:{s.end} does not match the text it was extracted from")
        ent = result.entities[a.entity] if a.entity is not None else None
        out.append(
            {
                "source": _span(a.source),
                "cue": _span(a.cue),
                "content": _span(a.content),
                "entity": ent.name if ent else None,
                "source_kind": ent.kind if ent else None,
                "anonymous": a.anonymous,
                "anonymity_reason": _span(a.anonymity_reason),
                "quote_type": a.quote_type,
                "stance": a.stance,
                "via": _span(a.via),
                "kind": a.kind,
                "confidence": round(a.confidence, 3),
            }
        )
    return out
