"""Full-text search over attribution content: SQLite FTS5 or PostgreSQL text search."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.orm import Session

from app.db import dialect_name
from app.models import Attribution

_TOKEN = re.compile(r'"([^"]+)"|(\w+\*?)', re.UNICODE)


def fts5_query(q: str) -> str | None:
    """Turn what a researcher types into a safe FTS5 query: words ANDed, "quoted phrases" kept, OR kept."""
    parts: list[str] = []
    for phrase, word in _TOKEN.findall(q):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word.upper() == "OR" and parts:
            parts.append("OR")
        elif word:
            prefix = word.endswith("*")
            core = word.rstrip("*")
            if core:
                parts.append(f'"{core}"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


def content_matches(session: Session, q: str) -> ColumnElement[bool]:
    if dialect_name(session) == "postgresql":
        return func.to_tsvector(literal_column("'english'"), Attribution.content_text).op("@@")(
            func.websearch_to_tsquery(literal_column("'english'"), q)
        )
    query = fts5_query(q)
    if query is None:
        return Attribution.id.is_(None)
    matching = (
        select(literal_column("rowid"))
        .select_from(text("attribution_fts"))
        .where(text("attribution_fts MATCH :fts_q").bindparams(fts_q=query))
    )
    return Attribution.id.in_(matching)
