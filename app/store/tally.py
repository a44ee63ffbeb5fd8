"""Rebuilding the attribution tallies from the rows (after a load that bypassed the database's triggers)."""

from __future__ import annotations

from sqlalchemy import delete, false, func, insert, select
from sqlalchemy.orm import Session, aliased

from app.db import month_of
from app.models import Article, Attribution, AttributionTally, Speaker, SpeakerKind, SpeakerTally, SpeakerTotal


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
    total = {"speaker_id": by_speaker["speaker_id"]}
    for model, columns in ((AttributionTally, dims), (SpeakerTally, by_speaker), (SpeakerTotal, total)):
        session.execute(delete(model))
        counted = joined.add_columns(*columns.values(), func.count()).group_by(*columns.values())
        session.execute(insert(model).from_select([*columns, "n"], counted))
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(m)) or 0 for m in (AttributionTally, SpeakerTally)
    )
