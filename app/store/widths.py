"""Values the store derives from a text (a dateline, a headline, an extracted name) fit their columns.

What a client sends is capped by the API schema and refused with a 422 naming the field; what the store
reads out of an article can be any length. PostgreSQL refuses a VARCHAR(n) value longer than n (SQLite
keeps it), so before every flush such a value is cut to its column's width: both databases then store
the same thing, and a freak 5,000-character "name" does not fail the whole ingest. The bulk writer's Core
statements cut their rows the same way (`clip_rows`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Enum, String, Table, event, inspect
from sqlalchemy.orm import Session, UOWTransaction


def _width(column_type: Any) -> int | None:
    if not isinstance(column_type, String) or isinstance(column_type, Enum) or not column_type.length:
        return None
    return int(column_type.length)


@cache
def _widths(table: Table) -> dict[str, int]:
    return {c.key: w for c in table.columns if (w := _width(c.type)) is not None}


def clip_rows(table: Table, rows: list[dict[str, Any]], keys: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The rows of a Core statement on `table` with every over-long string cut to its column's width; `keys`
    names the columns of bound parameters named otherwise (parameter -> column)."""
    widths = _widths(table)
    named = {p: widths[c] for p, c in (keys or {}).items() if c in widths} if keys else widths
    out = []
    for row in rows:
        long = {k: v[: named[k]] for k, v in row.items() if k in named and isinstance(v, str) and len(v) > named[k]}
        out.append({**row, **long} if long else row)
    return out


def clip(obj: Any) -> None:
    """Cut every over-long string attribute of a mapped object to its column's width."""
    for attr in inspect(obj).mapper.column_attrs:
        width = _width(attr.columns[0].type)
        if width is None:
            continue
        value = getattr(obj, attr.key)
        if isinstance(value, str) and len(value) > width:
            setattr(obj, attr.key, value[:width])


@event.listens_for(Session, "before_flush")
def _clip_before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        clip(obj)
