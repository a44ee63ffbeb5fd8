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
    lead: tuple[int, int] | None = None  # "A, officials said, B": the piece A of this content B (lead_piece)
    aside: bool = False  # the rules read the source and cue as an aside before this content ("A, X said, B")


def is_lead_piece(c: Cand) -> bool:
    """Whether c is the piece before the source and cue of a content they split (`lead_piece`)."""
    return c.inherit_from is not None and c.inherit_from.lead == c.content


def lead_piece(c: Cand) -> Cand:
    """The opening piece of a content that a source and cue set off by commas split ("A, officials said,
    B"): a candidate of its own, scored as such, with the speaker of the rest; `pipeline.finish` joins the two
    kept pieces into one attribution."""
    assert c.lead is not None
    return Cand(
        c.lead,
        c.cue,
        c.source,
        c.source_toks,
        c.rule + "-lead",
        via=c.via,
        reason=c.reason,
        appositive=c.appositive,
        confidence=c.confidence,
        inherit_from=c,
        para=c.para,
        sentence=c.sentence,
    )
