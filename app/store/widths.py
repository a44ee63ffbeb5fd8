"""Values the store derives from a text (a dateline, a headline, an extracted name) fit their columns.

What a client sends is capped by the API schema and refused with a 422 naming the field; what the store
reads out of an article can be any length. PostgreSQL refuses a VARCHAR(n) value longer than n (SQLite
keeps it), so before every flush such a value is cut to its column's width: both databases then store
the same thing, and a freak 5,000-character "name" does not fail the whole ingest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Enum, String, event, inspect
from sqlalchemy.orm import Session, UOWTransaction


def clip(obj: Any) -> None:
    """Cut every over-long string attribute of a mapped object to its column's width."""
    for attr in inspect(obj).mapper.column_attrs:
        column_type = attr.columns[0].type
        if not isinstance(column_type, String) or isinstance(column_type, Enum) or not column_type.length:
            continue
        value = getattr(obj, attr.key)
        if isinstance(value, str) and len(value) > column_type.length:
            setattr(obj, attr.key, value[: column_type.length])


@event.listens_for(Session, "before_flush")
def _clip_before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        clip(obj)
