"""Rebuilding the attribution tallies from the rows (after a load that bypassed the database's triggers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, delete, false, func, insert, select
from sqlalchemy.orm import Session, aliased

from app.db import month_of
from app.models import Article, Attribution, AttributionTally, Speaker, SpeakerKind, SpeakerTally, SpeakerTotal
from app.queries.attributions import counted


def rebuild_tallies(session: Session) -> tuple[int, int]:
    """Count every attribution again into the tallies; the rows attribution_tally and speaker_tally hold."""
    spoken, relayed = aliased(Speaker), aliased(Speaker)
    outlet = func.coalesce(Article.outlet_id, 0)
    joined = (
        select()
        .select_from(Attribution)
        .join(Article, Article.id == Attribution.article_id)
        .outerjoin(spoken, spoken.id == Attribution.speaker_id)
        .outerjoin(relayed, relayed.id == Attribution.via_speaker_id)
    )
    dims = {
        "outlet_id": outlet,
        "month": func.coalesce(month_of(session, Article.published_at), ""),
        "speaker_kind": func.coalesce(spoken.kind, ""),
        "anonymous": Attribution.anonymous,
        "kind": Attribution.kind,
        "status": Attribution.status,
        "quote_type": Attribution.quote_type,
        "stance": Attribution.stance,
        "via_outlet": func.coalesce(relayed.kind == SpeakerKind.outlet, false()),
    }
    by_speaker = {
        "speaker_id": func.coalesce(Attribution.speaker_id, 0),
        "outlet_id": outlet,
        "anonymous": Attribution.anonymous,
        "kind": Attribution.kind,
        "status": Attribution.status,
    }
    tallies: list[tuple[Any, dict[str, Any], dict[str, Any]]] = [
        (AttributionTally, dims, {}),
        (SpeakerTally, by_speaker, {}),
        (SpeakerTotal, {"speaker_id": by_speaker["speaker_id"]}, {"counted": func.sum(case((counted(), 1), else_=0))}),
    ]
    for model, keys, sums in tallies:
        session.execute(delete(model))
        rows = joined.add_columns(*keys.values(), *sums.values(), func.count()).group_by(*keys.values())
        session.execute(insert(model).from_select([*keys, *sums, "n"], rows))
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(m)) or 0 for m in (AttributionTally, SpeakerTally)
    )
