"""Rebuilding the full-text index of attribution content from the rows (after a load that bypassed the
database's triggers): SQLite's FTS5 table attribution_fts, PostgreSQL's stored tsvectors attribution_search.
PostgreSQL's expression index on the content needs no rebuild: the database computes it as rows arrive."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.db import dialect_name
from app.models import Attribution
from app.queries.fts import SEARCH_TABLE, content_tsvector


def rebuild_search_index(session: Session) -> int:
    """Index every attribution's content again; how many attributions the index now holds."""
    if dialect_name(session) == "postgresql":
        session.execute(delete(SEARCH_TABLE))
        documents = select(Attribution.id, content_tsvector())
        session.execute(insert(SEARCH_TABLE).from_select(["id", "tsv"], documents))
        return session.scalar(select(func.count()).select_from(SEARCH_TABLE)) or 0
    # an external-content FTS5 table reads its content table again
    session.execute(text("INSERT INTO attribution_fts(attribution_fts) VALUES ('rebuild')"))
    return session.scalar(text("SELECT count(*) FROM attribution_fts")) or 0
