"""Rebuilding the attribution tallies from the rows (after a load that bypassed the database's triggers), and
counting many new rows at once on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, case, delete, false, func, insert, select
from sqlalchemy.orm import Session, aliased

from app.db import month_of
from app.models import (
    Article,
    Attribution,
    AttributionTally,
    Speaker,
    SpeakerKind,
    SpeakerTally,
    SpeakerTotal,
    TallyDeferral,
)
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


@contextmanager
def counted_once(conn: Connection, rows: int) -> Iterator[None]:
    """The next `rows` attributions the block inserts on `conn` counted into the tallies by one statement of
    each shape as it ends, not each by its insert trigger (SQLite: migration 0015). PostgreSQL's insert
    triggers already run once a statement: nothing to do there. The block's writer holds SQLite's write lock,
    so the rows take the next `rows` ids; rows the block did not insert are in no count (and none is lost)."""
    if conn.dialect.name != "sqlite" or rows <= 0:
        yield
        return
    first = (conn.scalar(select(func.max(Attribution.id))) or 0) + 1
    conn.execute(insert(TallyDeferral).values(first_id=first, last_id=first + rows - 1))
    try:
        yield
    finally:
        conn.execute(delete(TallyDeferral).where(TallyDeferral.first_id == first))  # counts the rows inserted
