"""Values the store derives from a text (a dateline, a headline, an extracted name) fit their columns.

What a client sends is capped by the API schema and refused with a 422 naming the field; what the store
reads out of an article can be any length. PostgreSQL refuses a VARCHAR(n) value longer than n (SQLite
keeps it), so before every flush such a value is cut to its column's width: both databases then store
the same thing, and a freak 5,000-character "name" does not fail the whole ingest. The bulk writer's Core
statements cut their rows the same way (`clip_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    """The rows of a Core statement on `table` (all with the same keys) with every over-long string cut to its
    column's width; `keys` names the columns of bound parameters named otherwise (parameter -> column)."""
    if not rows:
        return rows
    params = list(rows[0])
    values = [[row[p] for p in params] for row in rows]
    clipped = clip_values(table, [(keys or {}).get(p, p) for p in params], values)
    return rows if clipped is values else [dict(zip(params, row, strict=True)) for row in clipped]


def clip_values(table: Table, names: list[str], rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
    """The rows, each the values of the columns `names` in that order, with every over-long string cut to its
    column's width: the same rows when none is (each column checked at once), else copies."""
    widths = _widths(table)
    out = rows
    for i, name in enumerate(names):
        width = widths.get(name)
        if width is not None and any(isinstance(row[i], str) and len(row[i]) > width for row in out):
            out = [[*row[:i], _cut(row[i], width), *row[i + 1 :]] for row in out]
    return out


def _cut(value: Any, width: int) -> Any:
    return value[:width] if isinstance(value, str) else value


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
