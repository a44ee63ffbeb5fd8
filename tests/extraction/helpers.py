"""Shared helpers for the extractor tests: run the rules (unscored) and look attributions up by their content."""

from __future__ import annotations

from app.extraction.pipeline import rule_findings
from app.extraction.types import ArticleExtraction, Attribution, Entity


def run(text: str) -> ArticleExtraction:
    result = rule_findings(text)
    for a in result.attributions:
        for s in (a.content, a.cue, a.source, a.via, a.anonymity_reason):
            if s is not None:
                assert text[s.start : s.end] == s.text, s
    return result


def find(result: ArticleExtraction, content_part: str) -> Attribution:
    hits = [a for a in result.attributions if content_part in a.content.text]
    assert hits, f"no attribution holding {content_part!r}: {[a.content.text for a in result.attributions]}"
    return hits[0]


def entity(result: ArticleExtraction, a: Attribution) -> Entity:
    assert a.entity is not None, f"unresolved speaker for {a.content.text!r}"
    return result.entities[a.entity]
