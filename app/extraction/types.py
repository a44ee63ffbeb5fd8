"""Data types shared by the extractor, the tagger and the database layer.

Every span is a Python str index into the article text exactly as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str  # == article_text[start:end], always

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(slots=True)
class Entity:
    """One speaker as known within one article."""

    name: str
    kind: str  # "person" | "group" | "organization" | "outlet" | "document" | "anonymous"
    aliases: list[str] = field(default_factory=list)
    role_title: str | None = None
    role_organization: str | None = None
    descriptor: str | None = None
    plural: bool | None = None
    affiliation: str | None = None
    descriptor_class: str | None = None


@dataclass(slots=True)
class Attribution:
    content: Span
    cue: Span | None
    source: Span | None
    entity: int | None
    quote_type: str  # "direct" | "indirect" | "mixed"
    stance: str  # "asserts" | "denies" | "hedged"
    anonymous: bool
    kind: str  # "speech" | "belief" | "intention" | "evidence" | "action" (app/extraction/kinds.py)
    anonymity_reason: Span | None = None
    anonymity_reason_category: str | None = None
    via: Span | None = None
    via_entity: int | None = None
    parent: int | None = None
    confidence: float = 0.5
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: str  # "repeat" | "furniture" | "headline" | "byline" | "dateline"


@dataclass(slots=True)
class ArticleExtraction:
    attributions: list[Attribution]
    entities: list[Entity]
    regions: list[Region]
    version: str
