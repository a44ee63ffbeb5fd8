"""The working record of one attribution before its speaker is resolved to an entity."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extraction.segment import Token


@dataclass(slots=True)
class Cand:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_toks: list[Token] = field(default_factory=list)
    rule: str = ""
    direct: bool = False
    via: tuple[int, int] | None = None
    reason: tuple[int, int] | None = None
    appositive: tuple[int, int] | None = None  # "the Pentagon's press secretary"
    confidence: float = 0.8
    inherit_from: Cand | None = None  # split/continued quotes take this one's speaker
    para: int = 0
    sentence: tuple[int, int] = (0, 0)
    entity: int | None = None
    kind: str = ""
    parent: int | None = None
    via_entity: int | None = None
    anonymous: bool = False
