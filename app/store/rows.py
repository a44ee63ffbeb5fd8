"""Many rows into one table in one statement, with their ids back in the order given."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import DeclarativeBase

from app.store.widths import clip_rows


def insert_ids(conn: Connection, model: type[DeclarativeBase], rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` and return their ids, in order.

    PostgreSQL: one multi-row INSERT ... RETURNING. SQLite would send each row alone to keep RETURNING in
    order; instead one executemany, and the ids read back: a writing transaction holds SQLite's write lock,
    and a new row's id is one more than the largest (no AUTOINCREMENT), so the rows took the last len(rows)
    ids, in order.
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    rows = clip_rows(table, rows)
    if conn.dialect.name != "sqlite":
        return list(conn.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
    conn.execute(insert(table), rows)
    last = conn.scalar(select(func.max(table.c.id)))
    assert last is not None
    return list(range(last - len(rows) + 1, last + 1))
