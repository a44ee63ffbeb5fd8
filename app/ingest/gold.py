"""Importing a gold annotation set where the extractor may already have made suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.spans import iou
from app.models import Article, Attribution
from app.store.gold import GoldFile, import_gold

# The share of two content spans that makes them the same claim; the extraction store uses the same rule.
SAME_CONTENT = 0.5


@dataclass
class GoldOutcome:
    article_id: int
    added: int
    already: int
    superseded: int


def _drop_superseded(session: Session, raw: dict[str, Any]) -> int:
    """Remove untouched extractor suggestions over the same content as a hand annotation.

    Done before the import so a suggestion with the very same spans does not pass for the annotation.
    """
    try:
        gold = GoldFile.model_validate(raw)
    except ValidationError:
        return 0  # import_gold reports the error with its field
    article_id = session.scalar(select(Article.id).where(Article.source_name == gold.doc_id))
    if article_id is None:
        return 0
    spans = [(g.content.start, g.content.end) for g in gold.attributions]
    rows = list(session.scalars(select(Attribution).where(Attribution.article_id == article_id)))
    doomed = [
        a for a in rows if a.untouched and any(iou((a.content_start, a.content_end), s) >= SAME_CONTENT for s in spans)
    ]
    for child in rows:
        if child.parent in doomed and child not in doomed:
            child.parent = None
    for a in doomed:
        session.delete(a)
    session.flush()
    return len(doomed)


def import_gold_over_suggestions(session: Session, raw: dict[str, Any]) -> GoldOutcome:
    superseded = _drop_superseded(session, raw)
    result = import_gold(session, raw)
    return GoldOutcome(result.article_id, result.added, result.already, superseded)
