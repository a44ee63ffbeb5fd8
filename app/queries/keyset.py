"""Keyset conditions shared by the lists: after (value, id) in a given direction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def after(key: Any, id_col: Any, value: Any, last_id: int, descending: bool) -> ColumnElement[bool]:
    """Rows that sort after (value, last_id) when ordered by key (asc or desc), then id ascending."""
    beyond = key < value if descending else key > value
    return or_(beyond, and_(key == value, id_col > last_id))
