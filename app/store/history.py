"""The change history: every edit a person makes, with the record before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models import Change


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> Change:
    change = Change(
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        note=note,
    )
    session.add(change)
    return change
